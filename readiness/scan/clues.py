"""Clues in a container that name third-party software or a worker's queue, when the image name does not.

What is read: the executable in command/args, configuration file names in the arguments, environment variable
NAMES and envFrom ConfigMap KEYS, mount paths and the names of mounted files, container port names. Evidence
quotes only the matched name, path or table entry — never a value or a whole command line.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from readiness.models.scan_records import Role
from readiness.scan.access import as_dict, as_list
from readiness.scan.languages import argument_words, configmap_refs, env_names, executables
from readiness.scan.signatures import Signatures, SoftwareClues, image_path

MAX_CLUES = 4


@dataclass(frozen=True)
class SoftwareMatch:
    """Third-party software the clues name, its role, and one evidence line."""

    software: str
    role: Role
    evidence: str


@dataclass(frozen=True)
class EnvName:
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


@dataclass(frozen=True)
class _Facts:
    """What a container shows that the software table's clues are matched against, read once per container."""

    image: str
    executables: tuple[str, ...]
    arg_files: tuple[str, ...]
    env: tuple[EnvName, ...]
    refs: frozenset[str]
    mounts: tuple[tuple[str, frozenset[str]], ...]
    port_names: tuple[tuple[str, Any], ...]


def _facts(container: Mapping[str, Any], volumes: Sequence[Any], configmap_keys: Mapping[str, Sequence[str]],
           sig: Signatures) -> _Facts:
    env = container_env(container, configmap_keys)
    ports = (as_dict(p) for p in as_list(container.get("ports")))
    return _Facts(
        image=image_path(str(container.get("image") or "")),
        executables=tuple(word.rsplit("/", 1)[-1] for word in executables(container)),
        arg_files=tuple(_basename(w.rsplit("=", 1)[-1]).lower() for w in argument_words(container)),
        env=tuple(env), refs=frozenset(references([e.name for e in env], sig)),
        mounts=tuple((path, frozenset(files)) for path, files in _mounts(container, volumes, configmap_keys)),
        port_names=tuple((str(p.get("name") or "").lower(), p.get("containerPort")) for p in ports if p.get("name")))


def software_match(container: Mapping[str, Any], volumes: Sequence[Any],
                   configmap_keys: Mapping[str, Sequence[str]], sig: Signatures) -> SoftwareMatch | None:
    """The software the container's clues name; None without clues or when they name products of different roles."""
    facts = _facts(container, volumes, configmap_keys, sig)
    image_hits = set(sig.software_image_index.matches(facts.image))
    chosen: dict[str, tuple[SoftwareClues, list[str]]] = {}
    for i, entry in enumerate(sig.software):
        if entry.name in chosen:
            continue
        clues = list(_clues(entry, i in image_hits, facts))
        if clues:
            chosen[entry.name] = (entry, clues)
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
