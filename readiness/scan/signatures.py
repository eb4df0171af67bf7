"""The scanner's signature tables (``readiness/rules/scan/signatures.yaml``), loaded and checked once."""

from __future__ import annotations

import fnmatch
import functools
import itertools
import re
from pathlib import Path

import msgspec

from readiness.errors import RulesError
from readiness.io.records import load_record
from readiness.io.resources import bundled
from readiness.models.scan_records import Role

SIGNATURES_FILE = ("rules", "scan", "signatures.yaml")


class _Data(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A table of the data file (msgspec, not pydantic: a scan imports no pydantic)."""


class ImageRule(_Data, frozen=True, kw_only=True):
    """Images of one piece of third-party software."""

    patterns: list[str]
    role: Role
    software: str
    only_if_image: list[str] = msgspec.field(default_factory=list)


class RoleHint(_Data, frozen=True, kw_only=True):
    role: Role
    software: str


class LanguageTables(_Data, frozen=True, kw_only=True):
    images: dict[str, list[str]]
    env_names: dict[str, list[str]]
    env_prefixes: dict[str, list[str]]
    commands: dict[str, list[str]]
    arg_suffixes: dict[str, list[str]]
    mount_paths: dict[str, list[str]]
    port_names: dict[str, list[str]]


class ProtocolTables(_Data, frozen=True, kw_only=True):
    app_protocols: dict[str, str]
    port_names: dict[str, str]
    generic_port_names: list[str]
    port_name_words: dict[str, str]
    metrics_port_names: list[str]
    metrics_port_words: list[str]
    metrics_ports: list[int]
    well_known_ports: dict[int, str]
    categories: dict[str, list[str]]


class MeshRule(_Data, frozen=True, kw_only=True):
    proxy_containers: list[str] = msgspec.field(default_factory=list)
    init_containers: list[str] = msgspec.field(default_factory=list)
    pod_annotations: list[str] = msgspec.field(default_factory=list)
    pod_labels: list[str] = msgspec.field(default_factory=list)
    ambient_labels: dict[str, str] = msgspec.field(default_factory=dict)
    injection_labels: dict[str, str] = msgspec.field(default_factory=dict)
    opt_out: dict[str, str] = msgspec.field(default_factory=dict)
    hint_annotation_prefixes: list[str] = msgspec.field(default_factory=list)
    crd_groups: list[str] = msgspec.field(default_factory=list)
    mesh_crds: list[str] = msgspec.field(default_factory=list)
    webhooks: list[str] = msgspec.field(default_factory=list)
    control_plane: list[str] = msgspec.field(default_factory=list)
    node_proxies: list[str] = msgspec.field(default_factory=list)


class ComponentCrd(_Data, frozen=True, kw_only=True):
    group: str
    name: str
    kind: str


class RolePorts(_Data, frozen=True, kw_only=True):
    names: dict[str, RoleHint]
    numbers: dict[int, RoleHint]


class SoftwareClues(_Data, frozen=True, kw_only=True):
    """One product recognised by what its main container runs, not by its image name (see the data file)."""

    name: str
    role: Role
    images: list[str] = msgspec.field(default_factory=list)
    commands: list[str] = msgspec.field(default_factory=list)
    arg_files: list[str] = msgspec.field(default_factory=list)
    env_names: list[str] = msgspec.field(default_factory=list)
    env_prefixes: list[str] = msgspec.field(default_factory=list)
    mount_paths: list[str] = msgspec.field(default_factory=list)
    mount_files: list[str] = msgspec.field(default_factory=list)
    port_names: list[str] = msgspec.field(default_factory=list)


class EnvReferences(_Data, frozen=True, kw_only=True):
    """Environment variable name endings that point at another service (``FLAGD_HOST``, ``LOCUST_WEB_PORT``)."""

    endings: list[str]
    port_endings: list[str]


class WorkerTables(_Data, frozen=True, kw_only=True):
    """What shows a workload without a Service to be the organisation's own worker."""

    kinds: list[str]
    batch_kinds: dict[str, str]
    env_words: dict[str, str]
    generic_env_words: dict[str, str]
    commands: dict[str, str]


class Signatures(_Data, frozen=True, kw_only=True, dict=True):
    """Everything the scanner matches, as data."""

    version: int
    system_namespaces: list[str]
    images: list[ImageRule]
    role_ports: RolePorts
    role_env_names: dict[str, RoleHint]
    loadgen_name_tokens: list[str]
    software: list[SoftwareClues]
    env_references: EnvReferences
    workers: WorkerTables
    languages: LanguageTables
    protocols: ProtocolTables
    meshes: dict[str, MeshRule]
    component_crds: list[ComponentCrd]
    component_kinds: dict[str, str]

    # Built on first use and kept in the instance's __dict__ (``dict=True``): a plain attribute read afterwards.
    @functools.cached_property
    def image_tables(self) -> PatternTables:
        """The image rules', the languages' runtime images' and the software table's patterns in one index: each
        workload's image is asked about by all three, and is matched once for them."""
        return PatternTables([[r.patterns for r in self.images],
                              [self.languages.images[n] for n in self.languages.images],
                              [c.images for c in self.software]])

    @functools.cached_property
    def rule_index(self) -> PatternTable:
        """The image rules' patterns, indexed."""
        return self.image_tables.tables[0]

    @functools.cached_property
    def language_index(self) -> tuple[list[str], PatternTable]:
        """The language names and their runtime images' patterns, indexed."""
        return list(self.languages.images), self.image_tables.tables[1]

    @functools.cached_property
    def software_image_index(self) -> PatternTable:
        """The software table's image patterns, indexed."""
        return self.image_tables.tables[2]

    @functools.cached_property
    def proxy_index(self) -> tuple[dict[str, str], dict[str, str]]:
        """(proxy container name → mesh, proxy or mesh init container name → mesh), the first mesh listed first."""
        proxies: dict[str, str] = {}
        both: dict[str, str] = {}
        for mesh, rule in self.meshes.items():
            for name in rule.proxy_containers:
                proxies.setdefault(name, mesh)
                both.setdefault(name, mesh)
            for name in rule.init_containers:
                both.setdefault(name, mesh)
        return proxies, both

    @functools.cached_property
    def mesh_pod_keys(self) -> frozenset[str]:
        """Every pod label or annotation key a mesh rule looks at: a pod with none of them shows no mesh itself."""
        return frozenset(key for rule in self.meshes.values() for key in (
            *rule.pod_annotations, *rule.pod_labels, *rule.ambient_labels, *rule.injection_labels, *rule.opt_out))

    @functools.cached_property
    def env_index(self) -> tuple[dict[str, str], tuple[str, ...], list[tuple[str, tuple[str, ...]]]]:
        """(env var name → language, every language's name prefixes, (language, its prefixes) in order)."""
        names: dict[str, str] = {}
        for language, listed in self.languages.env_names.items():
            for name in listed:
                names.setdefault(name, language)
        prefixes = [(language, tuple(listed)) for language, listed in self.languages.env_prefixes.items()]
        return names, tuple(p for _, listed in prefixes for p in listed), prefixes

    def image_rule(self, image: str) -> ImageRule | None:
        """The first rule whose patterns match an image reference."""
        whole = image.lower()
        for i in self.rule_index.matches(image_path(image)):
            rule = self.images[i]
            if not rule.only_if_image or any(fnmatch.fnmatchcase(whole, p) for p in rule.only_if_image):
                return rule
        return None

    def image_languages(self, image: str) -> list[str]:
        """The languages whose runtime images match an image reference."""
        names, index = self.language_index
        return [names[i] for i in index.matches(image_path(image))]


class PatternIndex:
    """Image patterns of many entries, matched at once: exact names by lookup, wildcards by compiled regex.

    ``matches(path)`` gives the indexes of the matching entries in order (see :func:`image_matches`). Patterns are
    grouped by width (segments); per width one combined regex tells whether any wildcard pattern matches (most
    images match none), and only then are that width's patterns tried one by one, compiled on first use.
    """

    def __init__(self, entries: list[list[str]]) -> None:
        self.exact: dict[int, dict[str, list[int]]] = {}
        wild: dict[int, list[tuple[int, str]]] = {}
        for i, patterns in enumerate(entries):
            for pattern in patterns:
                pattern = pattern.lower()
                width = pattern.count("/") + 1
                if any(ch in pattern for ch in "*?["):
                    wild.setdefault(width, []).append((i, fnmatch.translate(pattern)))
                else:
                    self.exact.setdefault(width, {}).setdefault(pattern, []).append(i)
        self.wild = {width: (re.compile("|".join(f"(?:{regex})" for _, regex in singles)), singles)
                     for width, singles in wild.items()}
        """Per width: one regex that matches when any of its patterns does, and (entry, regex) of each."""
        self.seen: dict[str, list[int]] = {}

    def matches(self, path: str) -> list[int]:
        found = self.seen.get(path)
        if found is None:
            found = self.seen[path] = self.unremembered(path)
        return found

    def unremembered(self, path: str) -> list[int]:
        """:meth:`matches`, without remembering the answer."""
        segments = path.split("/")
        tails = {1: segments[-1]}   # the last ``width`` segments, joined once per width
        found: set[int] = set()
        for width, table in self.exact.items():
            tail = tails.get(width) or tails.setdefault(width, "/".join(segments[-width:]))
            hit = table.get(tail)
            if hit:
                found.update(hit)
        for width, (any_of, singles) in self.wild.items():
            tail = tails.get(width) or tails.setdefault(width, "/".join(segments[-width:]))
            if any_of.match(tail):
                for i, regex in singles:
                    if i not in found and _compiled(regex).match(tail):
                        found.add(i)
        return sorted(found)


class PatternTables:
    """Several tables' entries in one :class:`PatternIndex`: a path is matched once for all of them, and each
    table's matches (its own indexes, in order) are remembered together."""

    def __init__(self, tables: list[list[list[str]]]) -> None:
        self.index = PatternIndex([entry for table in tables for entry in table])
        self.bounds = list(itertools.pairwise(itertools.accumulate((len(t) for t in tables), initial=0)))
        self.tables = [PatternTable(self, number) for number in range(len(tables))]
        self.seen: dict[str, tuple[list[int], ...]] = {}

    def matches(self, path: str) -> tuple[list[int], ...]:
        """Per table, the indexes of its entries that match ``path``."""
        found = self.seen.get(path)
        if found is None:
            hits = self.index.unremembered(path)
            found = self.seen[path] = tuple([i - start for i in hits if start <= i < stop] if hits else []
                                            for start, stop in self.bounds)
        return found


class PatternTable:
    """One table of :class:`PatternTables`, asked as a :class:`PatternIndex` of its own is."""

    def __init__(self, tables: PatternTables, number: int) -> None:
        self.of, self.number = tables, number

    def matches(self, path: str) -> list[int]:
        return self.of.matches(path)[self.number]


@functools.lru_cache(maxsize=1024)
def _compiled(regex: str) -> re.Pattern[str]:
    return re.compile(regex)


@functools.lru_cache(maxsize=4096)
def image_path(image: str) -> str:
    """The repository path of an image: no registry host, tag or digest, lower case (remembered: each workload's
    image is asked about by its role, its language and the software table)."""
    ref = image.strip().lower().split("@", 1)[0]
    parts = ref.split("/")
    last = parts[-1]
    if ":" in last:
        parts[-1] = last.split(":", 1)[0]
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        parts = parts[1:]
    return "/".join(parts)


def image_matches(path: str, pattern: str) -> bool:
    """Whether an image path matches a signature pattern (see the data file's header)."""
    pattern = pattern.lower()
    if "/" in pattern:
        segments = path.split("/")
        width = pattern.count("/") + 1
        return fnmatch.fnmatchcase("/".join(segments[-width:]), pattern)
    return fnmatch.fnmatchcase(path.rsplit("/", 1)[-1], pattern)


@functools.cache
def load_signatures(path: str | None = None) -> Signatures:
    """The signature tables (bundled unless ``path`` is given); errors name the file and field."""
    file = Path(path) if path else bundled(*SIGNATURES_FILE)
    return load_record(file, Signatures, what="signatures", error=RulesError, bundled=not path)
