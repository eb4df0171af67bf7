"""The image pattern index (``PatternIndex``) finds what trying each pattern with ``image_matches`` finds: the same
entries in order, for the bundled tables and for generated ones, on image paths built from the patterns' own
pieces (so that most of them match something) and on the images of the real data."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from readiness.scan.access import as_dict, as_list
from readiness.scan.signatures import PatternIndex, PatternTables, image_matches, image_path, load_signatures
from readiness.scan.snapshot import load_snapshot
from tests.conftest import realdata_dir

SIG = load_signatures()
TABLES = {
    "images": [rule.patterns for rule in SIG.images],
    "languages": list(SIG.languages.images.values()),
    "software": [entry.images for entry in SIG.software],
}
PIECES = sorted({piece.strip("*?[]!") or "x" for entries in TABLES.values() for patterns in entries
                 for pattern in patterns for piece in pattern.lower().replace("*", "/").split("/")} - {""})
EXTRA = [["a/*/c", "*"], ["b?d", "[ab]c/*"], ["ns/exact"], ["*-agent", "x/y/z*"]]


def expected(entries: list[list[str]], path: str) -> list[int]:
    return [i for i, patterns in enumerate(entries) if any(image_matches(path, p) for p in patterns)]


PATTERNS = sorted({p.lower() for entries in [*TABLES.values(), EXTRA] for patterns in entries for p in patterns})


@st.composite
def instance(draw: st.DrawFn, patterns: list[str] = PATTERNS) -> str:
    """A path one of ``patterns`` may match: its wildcards filled in (or left as written), with segments in front
    or not, sometimes with more at the end."""
    out = []
    for ch in draw(st.sampled_from(patterns)):
        if ch == "*":
            out.append(draw(st.sampled_from(["", "x", "-agent", "/", "a/b", *PIECES[:10]])))
        elif ch == "?":
            out.append(draw(st.sampled_from(["a", "b", "-", "/"])))
        elif ch in "[]!":
            out.append(draw(st.sampled_from(["a", "b", "", ch])))
        else:
            out.append(ch)
    path = draw(st.sampled_from(["", "library/", "team/x/", "bitnami/"])) + "".join(out)
    if draw(st.booleans()):
        path += draw(st.sampled_from(["", "x", "-1", "/y"]))
    return path


segment = st.builds(lambda a, b, c: a + b + c, st.sampled_from(PIECES),
                    st.sampled_from(["", "-", "-agent", "d", "/"]), st.sampled_from(["", *PIECES[:20]]))
paths = st.one_of(instance(), st.lists(segment, min_size=1, max_size=4).map("/".join))


@settings(max_examples=400, deadline=None)
@given(path=paths, table=st.sampled_from(sorted(TABLES)))
def test_the_bundled_tables(path: str, table: str) -> None:
    path = path.strip("/") or "x"
    entries = TABLES[table]
    assert PatternIndex(entries).matches(path) == expected(entries, path)


@settings(max_examples=300, deadline=None)
@given(entries=st.lists(st.sampled_from([*EXTRA, *TABLES["images"][:30]]), min_size=1, max_size=8),
       data=st.data())
def test_generated_tables(entries: list[list[str]], data: st.DataObject) -> None:
    own = sorted({p.lower() for patterns in entries for p in patterns})
    path = data.draw(st.one_of(instance(own), paths)).strip("/") or "x"
    index = PatternIndex(entries)
    assert index.matches(path) == expected(entries, path)
    assert index.matches(path) == expected(entries, path), "asked again (the answer is remembered)"


@settings(max_examples=300, deadline=None)
@given(tables=st.lists(st.lists(st.sampled_from([*EXTRA, *TABLES["images"][:30], *TABLES["software"][:10]]),
                                max_size=6), min_size=1, max_size=4),
       data=st.data())
def test_tables_matched_together(tables: list[list[list[str]]], data: st.DataObject) -> None:
    """Tables in one index answer for each table what an index of that table alone answers (empty ones too)."""
    own = sorted({p.lower() for table in tables for patterns in table for p in patterns}) or PATTERNS
    path = data.draw(st.one_of(instance(own), paths)).strip("/") or "x"
    together = PatternTables(tables)
    for number, table in enumerate(tables):
        assert together.tables[number].matches(path) == expected(table, path)
    assert together.matches(path) == tuple(expected(table, path) for table in tables), "asked again"


def test_the_signatures_match_each_image_once_for_all_three_tables() -> None:
    sig = load_signatures()
    for index, table in ((sig.rule_index, "images"), (sig.language_index[1], "languages"),
                         (sig.software_image_index, "software")):
        assert index.of is sig.image_tables
        for path in ("library/nginx", "bitnami/redis", "openjdk", "istio/proxyv2", "x/y"):
            assert index.matches(path) == expected(TABLES[table], path), (table, path)


def test_the_images_of_the_real_data() -> None:
    matched = 0
    for folder in sorted(p for p in realdata_dir().iterdir() if p.is_dir()):
        objects = load_snapshot(str(folder))
        for objs in objects.objects.values():
            for obj in objs:
                spec = as_dict(as_dict(as_dict(obj.get("spec")).get("template")).get("spec")) or as_dict(
                    obj.get("spec"))
                for container in as_list(spec.get("containers")):
                    path = image_path(str(as_dict(container).get("image") or ""))
                    for entries in TABLES.values():
                        found = PatternIndex(entries).matches(path)
                        assert found == expected(entries, path), path
                        matched += bool(found)
    assert matched >= 10, "the real data's images name known software"
