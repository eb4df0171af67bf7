"""Clues in a container that name third-party software or a worker's queue, when the image name does not.

What is read: the executable in command/args, configuration file names in the arguments, environment variable
NAMES and envFrom ConfigMap KEYS, mount paths and the names of mounted files, container port names. Evidence
quotes only the matched name, path or table entry — never a value or a whole command line.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NamedTuple

import msgspec

from readiness.models.scan_records import Role
from readiness.scan.access import as_dict, as_list
from readiness.scan.languages import argument_words, configmap_refs, env_names, executables
from readiness.scan.signatures import Signatures, SoftwareClues, image_path

MAX_CLUES = 4


class SoftwareMatch(msgspec.Struct, frozen=True):
    """Third-party software the clues name, its role, and one evidence line."""

    software: str
    role: Role
    evidence: str


class EnvName(msgspec.Struct, frozen=True):
    """An environment variable name the container gets, and where it comes from."""

    name: str
    text: str


def container_env(container: Mapping[str, Any], configmap_keys: Mapping[str, Sequence[str]]) -> list[EnvName]:
    """Env names and the keys of envFrom ConfigMaps (names only)."""
    found = [EnvName(n, f"env {n}") for n in env_names(container)]
    for ref in configmap_refs(container):
        found += [EnvName(k, f"envFrom ConfigMap {ref} key {k}") for k in configmap_keys.get(ref, ())]
    return found


def references(names: Sequence[str], sig: Signatures) -> set[str]:
    """Names that point at another service: ``X_HOST``, ``X_URL``…, and ``X_PORT`` next to one of those."""
    upper = {n.upper(): n for n in names}
    table = sig.env_references
    found = {n for u, n in upper.items() if any(u.endswith("_" + e) for e in table.endings)}
    stems = {u.rsplit("_", 1)[0] for u in upper if upper[u] in found}
    for u, n in upper.items():
        for ending in table.port_endings:
            if u.endswith("_" + ending) and u[: -len(ending) - 1] in stems:
                found.add(n)
    return found


class _Facts(NamedTuple):
    """What a container shows that the software table's clues are matched against, read once per container.

    A named tuple: it is built for every workload's main container, and a tuple is built several times faster than
    a frozen dataclass.
    """

    image: str
    executables: tuple[str, ...]
    arg_files: tuple[str, ...]
    env: tuple[EnvName, ...]
    refs: frozenset[str]
    mounts: tuple[tuple[str, frozenset[str]], ...]
    port_names: tuple[tuple[str, Any], ...]


def _facts(container: Mapping[str, Any], volumes: Sequence[Any],
           configmap_keys: Mapping[str, Sequence[str]]) -> tuple[_Facts, list[str]]:
    """The container's facts with ``env`` and ``refs`` left empty (see :func:`_with_env`), and its env names.

    Most containers show no clue: their env texts and references are never read, so they are not built. Each part
    is skipped when the field it is read from is empty (what reading it would give then is empty too).
    """
    names = env_names(container)
    for ref in configmap_refs(container):
        names += configmap_keys.get(ref, ())
    argv = container.get("command") or container.get("args")
    facts = _Facts(
        image=image_path(str(container.get("image") or "")),
        executables=tuple(word.rsplit("/", 1)[-1] for word in executables(container)) if argv else (),
        arg_files=tuple(_basename(w.rsplit("=", 1)[-1]).lower() for w in argument_words(container)) if argv else (),
        env=(), refs=frozenset(),
        mounts=tuple((path, frozenset(files)) for path, files in _mounts(container, volumes, configmap_keys))
        if container.get("volumeMounts") else (),
        port_names=tuple((str(p.get("name") or "").lower(), p.get("containerPort"))
                         for p in map(as_dict, as_list(container.get("ports"))) if p.get("name")))
    return facts, names


def _with_env(facts: _Facts, names: list[str], container: Mapping[str, Any],
              configmap_keys: Mapping[str, Sequence[str]], prefixed: bool, sig: Signatures) -> _Facts:
    """``facts`` with the env names' texts, and the references among them when an env name has a table prefix.

    References only keep a prefixed name from counting (see :func:`_clues`): without one they change nothing.
    """
    refs = frozenset(references(names, sig)) if prefixed else frozenset()
    return facts._replace(env=tuple(container_env(container, configmap_keys)), refs=refs)


class _TableIndex:
    """The software table's clues by what they are matched against, so a container's facts look up the entries
    that may match instead of trying every entry: exact names in dicts; prefixes, endings and wildcard commands
    behind one combined test each, then per clue. Gives a superset of the entries :func:`_clues` finds clues for.
    """

    def __init__(self, software: list[SoftwareClues]) -> None:
        self.software = software
        """Kept so that ``id(software)``, the cache key, is not reused while the index is cached."""
        self.commands: dict[str, set[int]] = {}
        self.command_globs: dict[str, set[int]] = {}
        self.arg_endings: dict[str, set[int]] = {}
        self.env_names: dict[str, set[int]] = {}
        self.env_prefixes: dict[str, set[int]] = {}
        self.mount_paths: dict[str, set[int]] = {}
        self.mount_prefixes: dict[str, set[int]] = {}
        self.mount_files: dict[str, set[int]] = {}
        self.port_names: dict[str, set[int]] = {}
        for i, entry in enumerate(software):
            for pattern in entry.commands:
                # fnmatch has no escape character: a pattern without * ? [ matches that name only
                wild = any(ch in pattern for ch in "*?[")
                (self.command_globs if wild else self.commands).setdefault(pattern, set()).add(i)
            for table, keys in ((self.arg_endings, [e.lower() for e in entry.arg_files]),
                                (self.env_names, entry.env_names), (self.env_prefixes, entry.env_prefixes),
                                (self.mount_paths, entry.mount_paths),
                                (self.mount_prefixes, [p.rstrip("/") + "/" for p in entry.mount_paths]),
                                (self.mount_files, entry.mount_files), (self.port_names, entry.port_names)):
                for key in keys:
                    table.setdefault(key, set()).add(i)
        self.any_command_glob = (re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in self.command_globs))
                                 if self.command_globs else None)
        self.any_arg_ending = tuple(self.arg_endings)
        self.any_env_prefix = tuple(self.env_prefixes)
        self.any_mount_prefix = tuple(self.mount_prefixes)

    def candidates(self, facts: _Facts, names: Sequence[str]) -> tuple[set[int], bool]:
        """(the entries that may have a clue in ``facts`` and ``names``, whether an env name has a table prefix)."""
        found: set[int] = set()
        for base in facts.executables:
            found.update(self.commands.get(base, ()))
            if self.any_command_glob is not None and self.any_command_glob.match(base):
                for pattern, entries in self.command_globs.items():
                    if fnmatch.fnmatchcase(base, pattern):
                        found |= entries
        for file in facts.arg_files:
            if file.endswith(self.any_arg_ending):
                for ending, entries in self.arg_endings.items():
                    if file.endswith(ending):
                        found |= entries
        prefixed = False
        for name in names:
            found.update(self.env_names.get(name, ()))
            if name.startswith(self.any_env_prefix):
                prefixed = True
                for prefix, entries in self.env_prefixes.items():
                    if name.startswith(prefix):
                        found |= entries
        for path, files in facts.mounts:
            found.update(self.mount_paths.get(path, ()))
            if path.startswith(self.any_mount_prefix):
                for prefix, entries in self.mount_prefixes.items():
                    if path.startswith(prefix):
                        found |= entries
            for file in files:
                found.update(self.mount_files.get(file, ()))
        for port_name, _ in facts.port_names:
            found.update(self.port_names.get(port_name, ()))
        return found, prefixed


_INDEXES: dict[int, _TableIndex] = {}
"""id(software table) → its index; the index holds the table, so the id stays its own while cached."""


def _table_index(sig: Signatures) -> _TableIndex:
    index = _INDEXES.get(id(sig.software))
    if index is None:
        if len(_INDEXES) >= 16:  # tests build many tables; a run uses one
            _INDEXES.clear()
        index = _INDEXES[id(sig.software)] = _TableIndex(sig.software)
    return index


def software_match(container: Mapping[str, Any], volumes: Sequence[Any],
                   configmap_keys: Mapping[str, Sequence[str]], sig: Signatures) -> SoftwareMatch | None:
    """The software the container's clues name; None without clues or when they name products of different roles.

    Only the entries the table index finds for the container's facts, and those its image names, are tried, in the
    table's order: the others have no clue in this container.
    """
    facts, names = _facts(container, volumes, configmap_keys)
    index = _table_index(sig)
    image_hits = sig.software_image_index.matches(facts.image)
    found, prefixed = index.candidates(facts, names)
    found.update(image_hits)
    if not found:
        return None
    facts = _with_env(facts, names, container, configmap_keys, prefixed, sig)
    chosen: dict[str, tuple[SoftwareClues, list[str]]] = {}
    for i in sorted(found):
        entry = sig.software[i]
        if entry.name in chosen:
            continue
        clues = list(_clues(entry, i in image_hits, facts))
        if clues:
            chosen[entry.name] = (entry, clues)
    return _match(container, chosen)


def _match(container: Mapping[str, Any], chosen: dict[str, tuple[SoftwareClues, list[str]]]) -> SoftwareMatch | None:
    """The match the chosen entries (with their clues, in table order) make; None when there are none or their
    roles differ."""
    if not chosen or len({e.role for e, _ in chosen.values()}) > 1:
        return None
    name = str(container.get("name", "?"))
    first = next(iter(chosen.values()))[0]
    lines = [f"{e.name} (container {name}): {'; '.join(list(dict.fromkeys(c))[:MAX_CLUES])}"
             for e, c in chosen.values()]
    return SoftwareMatch(first.name, first.role, " / ".join(lines)[:300])


def _clues(entry: SoftwareClues, image_hit: bool, facts: _Facts) -> Iterator[str]:
    if image_hit:
        yield f"image {facts.image}"
    for base in facts.executables:
        if any(fnmatch.fnmatchcase(base, p) for p in entry.commands):
            yield f"runs {base}"
    for ending in entry.arg_files:
        if any(f.endswith(ending.lower()) for f in facts.arg_files):
            yield f"argument file *{ending}"
    for item in facts.env:
        if item.name in entry.env_names or (item.name not in facts.refs
                                            and item.name.startswith(tuple(entry.env_prefixes))):
            yield item.text
    for path, files_there in facts.mounts:
        if any(path == p or path.startswith(p.rstrip("/") + "/") for p in entry.mount_paths):
            yield f"mount {path}"
        for file in sorted(files_there & set(entry.mount_files)):
            yield f"mounts {file} at {path}"
    for port_name, number in facts.port_names:
        if port_name in entry.port_names:
            yield f"port {number} named {port_name}"


def _mounts(container: Mapping[str, Any], volumes: Sequence[Any],
            configmap_keys: Mapping[str, Sequence[str]]) -> Iterator[tuple[str, list[str]]]:
    """Each mount path with the file names it shows: its own name, a subPath, a ConfigMap volume's keys."""
    by_name = {str(as_dict(v).get("name")): as_dict(v) for v in volumes}
    for mount in as_list(container.get("volumeMounts")):
        mount = as_dict(mount)
        path = str(mount.get("mountPath") or "")
        if not path:
            continue
        files = [_basename(path)]
        if mount.get("subPath"):
            files.append(_basename(str(mount["subPath"])))
        else:
            files += _configmap_files(by_name.get(str(mount.get("name")), {}), configmap_keys)
        yield path, files


def _configmap_files(volume: Mapping[str, Any], configmap_keys: Mapping[str, Sequence[str]]) -> list[str]:
    source = as_dict(volume.get("configMap"))
    items = [str(as_dict(i).get("path") or "") for i in as_list(source.get("items"))]
    return [_basename(i) for i in items if i] or list(configmap_keys.get(str(source.get("name")), ()))


def _basename(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]


def worker_evidence(kind: str, container: Mapping[str, Any], configmap_keys: Mapping[str, Sequence[str]],
                    language_texts: Sequence[str], sig: Signatures) -> str | None:
    """Why a workload without a Service is the organisation's own worker, or None without evidence."""
    tables = sig.workers
    if kind not in tables.kinds:
        return None
    systems = _queue_clients(container, configmap_keys, sig)
    if systems:
        clues = "; ".join(dict.fromkeys(c for texts in systems.values() for c in texts[:2]))
        return (f"a worker without a Service: uses {', '.join(systems)} ({clues}; container "
                f"{container.get('name', '?')})")[:300]
    batch = tables.batch_kinds.get(kind)
    if batch and language_texts:
        return (f"{kind} ({batch}) running code: {language_texts[0]}; its image is not a known third-party "
                f"product")[:300]
    return None


def _queue_clients(container: Mapping[str, Any], configmap_keys: Mapping[str, Sequence[str]],
                   sig: Signatures) -> dict[str, list[str]]:
    """The queues and streams a container's env names and programs name → the clues that name them."""
    tables = sig.workers
    env = container_env(container, configmap_keys)
    systems: dict[str, list[str]] = {}
    for words in (tables.env_words, tables.generic_env_words):
        for item in env:
            for word in item.name.upper().split("_"):
                if word in words:
                    systems.setdefault(words[word], []).append(item.text)
        if systems:
            break
    for word in executables(container):
        base = word.rsplit("/", 1)[-1]
        if base in tables.commands:
            systems.setdefault(tables.commands[base], []).append(f"runs {base}")
    return systems
