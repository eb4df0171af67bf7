"""The software table's index (readiness/scan/clues.py) changes no answer: ``software_match``, which tries only the
entries the index finds for a container, gives what trying every entry in order gave — the same entries, the first
one's name and role, the same clues in the same order — on every container of the real data and the fixtures, and on
containers (and tables) built from fragments of the software table."""

from __future__ import annotations

import string
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness.scan import clues
from readiness.scan.access import as_dict, as_list, effective_namespace, name_of
from readiness.scan.clues import SoftwareMatch, container_env, references, software_match
from readiness.scan.languages import argument_words, executables
from readiness.scan.objects import ClusterObjects
from readiness.scan.signatures import Signatures, SoftwareClues, image_path, load_signatures
from readiness.scan.snapshot import load_snapshot
from readiness.scan.workloads import extract
from tests.conftest import realdata_dir

FIXTURES = Path(__file__).parent / "fixtures"
SUFFIXES = (".yaml", ".yml", ".json")

# --- the reference: software_match before the index, trying every entry of the table in order ---
# The old _facts and selection loop are kept here; the per-entry matching (_clues, _mounts), which the index did not
# change, is the module's own.


def _facts(container: Mapping[str, Any], volumes: Sequence[Any], configmap_keys: Mapping[str, Sequence[str]],
           sig: Signatures) -> clues._Facts:
    env = container_env(container, configmap_keys)
    ports = (as_dict(p) for p in as_list(container.get("ports")))
    return clues._Facts(
        image=image_path(str(container.get("image") or "")),
        executables=tuple(word.rsplit("/", 1)[-1] for word in executables(container)),
        arg_files=tuple(clues._basename(w.rsplit("=", 1)[-1]).lower() for w in argument_words(container)),
        env=tuple(env), refs=frozenset(references([e.name for e in env], sig)),
        mounts=tuple((path, frozenset(files)) for path, files in clues._mounts(container, volumes, configmap_keys)),
        port_names=tuple((str(p.get("name") or "").lower(), p.get("containerPort")) for p in ports if p.get("name")))


def reference_match(container: Mapping[str, Any], volumes: Sequence[Any],
                    configmap_keys: Mapping[str, Sequence[str]], sig: Signatures) -> SoftwareMatch | None:
    facts = _facts(container, volumes, configmap_keys, sig)
    image_hits = set(sig.software_image_index.matches(facts.image))
    chosen: dict[str, tuple[SoftwareClues, list[str]]] = {}
    for i, entry in enumerate(sig.software):
        if entry.name in chosen:
            continue
        found = list(clues._clues(entry, i in image_hits, facts))
        if found:
            chosen[entry.name] = (entry, found)
    return clues._match(container, chosen)   # what the index did not change: the module's own


# --- every container of a set of manifests ---

Case = tuple[str, dict[str, Any], list[Any], dict[str, list[str]]]


def containers_of(objects: ClusterObjects) -> list[Case]:
    """(where, container, its pod's volumes, its namespace's ConfigMap keys) for containers and init containers."""
    configmaps: dict[str, dict[str, list[str]]] = {}
    for cm in objects.of_kind("ConfigMap"):
        configmaps.setdefault(effective_namespace(cm), {})[name_of(cm)] = [
            str(k) for k in (*as_dict(cm.get("data")), *as_dict(cm.get("binaryData")))]
    cases = []
    for raw in extract(objects):
        for group in ("containers", "initContainers"):
            for container in raw.containers(group):
                cases.append((f"{raw.namespace}/{raw.kind}/{raw.name}/{group}/{container.get('name')}", container,
                              as_list(raw.spec.get("volumes")), configmaps.get(raw.namespace, {})))
    return cases


def assert_same(cases: Sequence[Case], sig: Signatures) -> Counter[bool]:
    """Both give the same answer on every case; how many were a match and how many not."""
    seen: Counter[bool] = Counter()
    for where, container, volumes, keys in cases:
        expected = reference_match(container, volumes, keys, sig)
        assert software_match(container, volumes, keys, sig) == expected, where
        seen[expected is not None] += 1
    return seen


def realdata_sets() -> list[Path]:
    return sorted(p for p in realdata_dir().iterdir() if p.is_dir())


def fixture_files() -> list[Path]:
    """The fixture files that hold workloads."""
    files = sorted(p for p in FIXTURES.rglob("*") if p.suffix in SUFFIXES)
    return [p for p in files if extract(load_snapshot(str(p)))]


def test_the_data_is_there() -> None:
    assert len(realdata_sets()) >= 7
    assert len(fixture_files()) >= 15


@pytest.mark.parametrize("folder", realdata_sets(), ids=lambda p: p.name)
def test_every_container_of_the_real_data(folder: Path) -> None:
    cases = containers_of(load_snapshot(str(folder)))
    assert cases
    assert_same(cases, load_signatures())


def test_every_container_of_the_fixtures() -> None:
    seen: Counter[bool] = Counter()
    for file in fixture_files():
        seen += assert_same(containers_of(load_snapshot(str(file))), load_signatures())
    assert seen[True] >= 15 and seen[False] >= 15, seen  # the comparison is not empty either way


# --- containers built from fragments of the software table ---

SIG = load_signatures()
WORD = st.text(alphabet=string.ascii_lowercase + string.digits + "-_.", min_size=1, max_size=8)
UPPER = st.text(alphabet=string.ascii_uppercase + string.digits + "_", min_size=1, max_size=8)


def _fragments(sig: Signatures, field: str) -> list[str]:
    return sorted({v for entry in sig.software for v in getattr(entry, field)}) or ["none"]


CASES: list[Callable[[str], str]] = [str, str, str.upper, str.lower, str.title]


def _case(mixed: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """The strings in any case: as they are, upper, lower or title."""
    return st.tuples(mixed, st.sampled_from(CASES)).map(lambda t: t[1](t[0]))


@st.composite
def command_word(draw: st.DrawFn, sig: Signatures) -> str:
    """An executable: a table command (wildcards filled in), a near miss, or noise; with or without a path."""
    pattern = draw(st.sampled_from(_fragments(sig, "commands")))
    word = "".join(draw(WORD) if ch == "*" else draw(st.sampled_from("xyz-")) if ch == "?" else ch for ch in pattern)
    word = draw(st.sampled_from([word, word, pattern, word + draw(WORD), draw(WORD) + word, draw(WORD)]))
    return draw(st.sampled_from(["", "", "/usr/bin/", "/opt/bin/", "./"])) + word


@st.composite
def argument(draw: st.DrawFn, sig: Signatures) -> str:
    """A configuration file argument (a table ending after a stem, any case) or noise."""
    ending = draw(st.sampled_from(_fragments(sig, "arg_files") + _fragments(sig, "mount_files")))
    file = draw(st.sampled_from(["", draw(WORD), "/etc/app/", "conf/"])) + draw(_case(st.just(ending)))
    return draw(st.sampled_from([file, f"--config={file}", "-c", "--verbose", draw(WORD), file + "x"]))


@st.composite
def command_line(draw: st.DrawFn, sig: Signatures) -> dict[str, Any]:
    words = draw(st.lists(st.one_of(command_word(sig), argument(sig)), max_size=5))
    out: dict[str, Any] = {}
    style = draw(st.sampled_from(["none", "command", "args", "both", "shell", "wrapped"]))
    if style == "command":
        out["command"] = words
    elif style == "args":
        out["args"] = words
    elif style == "both":
        out["command"], out["args"] = words[:1], words[1:]
    elif style == "shell":
        out["command"] = ["sh", "-c", " && ".join(words) or "true"]
    elif style == "wrapped":
        out["command"] = ["tini", "--", "TOKEN=secret", *words]
    return out


@st.composite
def env_name(draw: st.DrawFn, sig: Signatures) -> str:
    """A table name, a table prefix with a tail (often one that makes it a reference to another service), or noise."""
    prefix = draw(st.sampled_from(_fragments(sig, "env_prefixes")))
    tail = draw(st.sampled_from(["", "HOST", "WEB_HOST", "WEB_PORT", "PORT", "URL", "ENDPOINT", "UID", "LOG_LEVEL",
                                 draw(UPPER)]))
    return draw(st.sampled_from([
        draw(st.sampled_from(_fragments(sig, "env_names"))), prefix + tail, prefix + tail, prefix.rstrip("_") + tail,
        draw(st.sampled_from(sorted(sig.role_env_names))), draw(UPPER), "X" + prefix]))


@st.composite
def mount(draw: st.DrawFn, sig: Signatures, volume_names: Sequence[str]) -> dict[str, Any]:
    """A table mount path (as is, under it, a near miss, with a slash), a table file, or noise."""
    path = draw(st.sampled_from(_fragments(sig, "mount_paths")))
    file = draw(st.sampled_from(_fragments(sig, "mount_files") + _fragments(sig, "arg_files")))
    path = draw(st.sampled_from([path, path + "/", f"{path}/{draw(WORD)}", path + draw(WORD), f"{path}/{file}",
                                 f"/{draw(WORD)}/{file}", f"/{draw(WORD)}", "", "/"]))
    out: dict[str, Any] = {"name": draw(st.sampled_from([*volume_names, "missing"])), "mountPath": path}
    if draw(st.booleans()):
        out["subPath"] = draw(st.sampled_from([file, f"sub/{file}", draw(WORD), ""]))
    return out


@st.composite
def port(draw: st.DrawFn, sig: Signatures) -> dict[str, Any]:
    names = [*_fragments(sig, "port_names"), *sig.role_ports.names, "http", "metrics"]
    out: dict[str, Any] = {"containerPort": draw(st.integers(1, 65535))}
    name = draw(st.one_of(_case(st.sampled_from(names)), WORD, st.just("")))
    if draw(st.integers(0, 5)):
        out["name"] = name
    if not draw(st.integers(0, 7)):
        del out["containerPort"]
    return out


@st.composite
def image(draw: st.DrawFn, sig: Signatures) -> str:
    """An image the software table names, one the image table names, or the organisation's own."""
    names = [*_fragments(sig, "images"), *(p for rule in sig.images[:20] for p in rule.patterns)]
    name = draw(st.sampled_from(names)).replace("*", draw(WORD))
    return draw(st.sampled_from([f"docker.io/library/{name}:1.27", name, f"registry.example.com/team/{draw(WORD)}:1",
                                 f"ghcr.io/org/{name}@sha256:abc", ""]))


@st.composite
def workload_container(draw: st.DrawFn, sig: Signatures) -> tuple[dict[str, Any], list[Any], dict[str, list[str]]]:
    """(container, pod volumes, ConfigMap name → keys) made of table fragments and noise."""
    env_keys = st.lists(env_name(sig), max_size=4)
    file_keys = st.lists(st.sampled_from(_fragments(sig, "mount_files") + _fragments(sig, "arg_files")), max_size=3)
    configmap_keys = {f"cm-{i}": draw(st.one_of(env_keys, file_keys)) for i in range(draw(st.integers(0, 3)))}
    volumes: list[Any] = []
    for i in range(draw(st.integers(0, 3))):
        source = draw(st.sampled_from([*configmap_keys, "absent"]))
        volume: dict[str, Any] = {"name": f"vol-{i}", "configMap": {"name": source}}
        if draw(st.booleans()):
            volume["configMap"]["items"] = [{"key": "k", "path": draw(st.sampled_from(
                [*_fragments(sig, "mount_files"), f"dir/{draw(WORD)}", ""]))}]
        volumes.append(draw(st.sampled_from([volume, volume, {"name": f"vol-{i}", "emptyDir": {}}])))
    container: dict[str, Any] = {"name": draw(WORD), "image": draw(image(sig)), **draw(command_line(sig))}
    if draw(st.booleans()):
        container["env"] = [{"name": n, "value": "v"} for n in draw(st.lists(env_name(sig), max_size=5))]
    if bool(configmap_keys) and draw(st.booleans()):
        container["envFrom"] = [{"configMapRef": {"name": n}} for n in draw(st.lists(
            st.sampled_from([*configmap_keys, "absent"]), max_size=2))]
    if draw(st.booleans()):
        container["volumeMounts"] = draw(st.lists(mount(sig, [v["name"] for v in volumes]), max_size=3))
    if draw(st.booleans()):
        container["ports"] = draw(st.lists(port(sig), max_size=3))
    return container, volumes, configmap_keys


def check_generated(tables: st.SearchStrategy[Signatures], examples: int) -> Counter[bool]:
    """Both give the same answer on containers drawn for a table drawn from ``tables``; how many were a match."""
    seen: Counter[bool] = Counter()

    @settings(max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        sig = data.draw(tables)
        container, volumes, keys = data.draw(workload_container(sig))
        expected = reference_match(container, volumes, keys, sig)
        assert software_match(container, volumes, keys, sig) == expected
        seen[expected is not None] += 1

    check()
    return seen


def test_generated_containers() -> None:
    seen = check_generated(st.just(SIG), 400)
    assert seen[True] >= 40 and seen[False] >= 40, seen  # both answers are exercised, not only "no match"


# Entries with edge cases beside the real table's: wildcard commands of every kind, mixed-case argument endings and
# port names (argument files are compared in lower case, port names are lowered on the container side only), a mount
# path with a slash at the end and the root, a prefix that is a whole name, a name the table already has with another
# role, an exact name that is also a reference.
EXTRA = [
    SoftwareClues(name="globbed", role="infra", commands=["svc-?", "run[ab]*", "*-agent", "[!x]y"]),
    SoftwareClues(name="configured", role="observability", arg_files=[".CONF", "Settings.JSON"],
                  port_names=["Admin", "ctl"]),
    SoftwareClues(name="rooted", role="static", mount_paths=["/srv/data/", "/"]),
    SoftwareClues(name="envoy", role="infra", env_prefixes=["ENVOY_UID", "K"], mount_files=["nginx.conf"]),
    SoftwareClues(name="plain", role="static", commands=["nginx"], env_names=["NGINX_HOST"], mount_paths=["/etc"]),
]


@st.composite
def table(draw: st.DrawFn) -> Signatures:
    """The software table's entries and the edge cases above, some left out, in any order."""
    entries = draw(st.permutations([*SIG.software, *EXTRA]))
    kept = [e for e in entries if draw(st.integers(0, 3))]
    return msgspec.structs.replace(SIG, software=list(kept))


def test_generated_containers_against_other_tables() -> None:
    """The index follows the table it is built from: reordered, shortened, with entries the real one lacks."""
    seen = check_generated(table(), 200)
    assert seen[True] >= 20 and seen[False] >= 20, seen


def test_the_index_is_built_once_per_table() -> None:
    sig = load_signatures()
    assert clues._table_index(sig) is clues._table_index(sig)
    other = msgspec.structs.replace(sig, software=sig.software[:3])
    assert clues._table_index(other) is not clues._table_index(sig)
    assert clues._table_index(other).software is other.software
