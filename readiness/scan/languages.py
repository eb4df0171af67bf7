"""Language evidence from a container: image, env var NAMES, envFrom ConfigMap KEYS, command, mounts, ports.

Precision before recall: a language is claimed only when at least one signal names it and no signal
names another; otherwise the answer is ``None``. Evidence quotes only the matched name or word —
never an environment value, a ConfigMap value or a whole command line (which may hold a password).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping, Sequence
from typing import Any

import msgspec

from readiness.scan.signatures import Signatures, image_path

SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh", "busybox"})
WRAPPERS = frozenset({"tini", "dumb-init", "exec", "env", "gosu", "su-exec", "nohup", "time", "--", "catatonit"})
SEPARATORS = frozenset({";", "&&", "||", "|", "then", "do", "else", "(", "{"})
_SPLIT = re.compile(r"[\s;&|()`'\"]+|(&&|\|\||;)")


class Hint(msgspec.Struct, frozen=True):
    """One language signal and what it rests on."""

    language: str
    text: str


def container_hints(container: Mapping[str, Any], sig: Signatures,
                    configmap_keys: Mapping[str, Sequence[str]] | None = None) -> list[Hint]:
    """Every language signal of one container (``configmap_keys``: ConfigMap name → its keys)."""
    name = str(container.get("name", "?"))
    tables = sig.languages
    hints: list[Hint] = []
    image = str(container.get("image") or "")
    if image:
        for language in sig.image_languages(image):
            hints.append(Hint(language, f"image {image_path(image)} (container {name})"))
    for env_name in env_names(container):
        found = env_language(env_name, sig)
        if found:
            hints.append(Hint(found, f"env {env_name} (container {name})"))
    for ref in configmap_refs(container):
        for key in (configmap_keys or {}).get(ref, ()):
            found = env_language(key, sig)
            if found:
                hints.append(Hint(found, f"envFrom ConfigMap {ref} key {key} (container {name})"))
    for word in executables(container):
        base = word.rsplit("/", 1)[-1]
        for language, patterns in tables.commands.items():
            if any(fnmatch.fnmatchcase(base, p) for p in patterns):
                hints.append(Hint(language, f"runs {base} (container {name})"))
    for word in argument_words(container):
        if "=" in word or "://" in word:
            continue
        for language, suffixes in tables.arg_suffixes.items():
            if word.lower().endswith(tuple(suffixes)) and len(word.rsplit("/", 1)[-1]) > max(map(len, suffixes)):
                hints.append(Hint(language, f"runs a {word.rsplit('.', 1)[-1]} file (container {name})"))
    for mount in _as_list(container.get("volumeMounts")):
        path = str(mount.get("mountPath", "")) if isinstance(mount, dict) else ""
        for language, prefixes in tables.mount_paths.items():
            if any(path == p or path.startswith(p.rstrip("/") + "/") for p in prefixes):
                hints.append(Hint(language, f"mount {path} (container {name})"))
    for port in _as_list(container.get("ports")):
        port_name = str(port.get("name", "")).lower() if isinstance(port, dict) else ""
        for language, names in tables.port_names.items():
            if port_name in names:
                hints.append(Hint(language, f"port named {port_name} (container {name})"))
    return hints


def decide(hints: Sequence[Hint]) -> tuple[str | None, list[str], str | None]:
    """(language or None, evidence, conflict message): one language only when all hints agree."""
    languages = sorted({h.language for h in hints})
    evidence = list(dict.fromkeys(h.text for h in hints))
    if len(languages) == 1:
        return languages[0], evidence, None
    if not languages:
        return None, [], None
    return None, evidence, "conflicting language hints (" + ", ".join(languages) + "): none claimed"


def env_language(env_name: str, sig: Signatures) -> str | None:
    """The language an environment variable NAME belongs to, if the tables know it."""
    names, any_prefix, prefixes = sig.env_index
    found = names.get(env_name)
    if found is not None or not env_name.startswith(any_prefix):
        return found
    return next(language for language, listed in prefixes if env_name.startswith(listed))


def executables(container: Mapping[str, Any]) -> list[str]:
    """Words in executable position: the command, after wrappers, and each command of a shell script.

    Inline assignments (``TOKEN=value java …``, ``env A=b node``) are values, never programs: a word holding
    ``=`` is skipped, so no evidence built from these words can quote a value.
    """
    words = _argv(container)
    found: list[str] = []
    expect = True
    i = 0
    while i < len(words):
        word = words[i]
        base = word.rsplit("/", 1)[-1]
        if word in SEPARATORS:
            expect = True
        elif expect:
            if base in WRAPPERS or "=" in word or (word.startswith("-") and base not in SHELLS):
                pass
            elif base in SHELLS:
                if i + 1 < len(words) and words[i + 1] == "-c":
                    i += 1
            else:
                found.append(word)
                expect = False
        i += 1
    return found


def _argv(container: Mapping[str, Any]) -> list[str]:
    words: list[str] = []
    parts = [*_as_list(container.get("command")), *_as_list(container.get("args"))]
    for part in parts:
        if not isinstance(part, str):
            continue
        for token in _SPLIT.split(part):
            if token:
                words.append(token)
    return words


def argument_words(container: Mapping[str, Any]) -> list[str]:
    """The words of command and args, shell separators left out."""
    return [w for w in _argv(container) if w not in SEPARATORS]


def env_names(container: Mapping[str, Any]) -> list[str]:
    """The names of a container's ``env`` entries (values are never read)."""
    names = []
    for entry in _as_list(container.get("env")):
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            names.append(entry["name"])
    return names


def configmap_refs(container: Mapping[str, Any]) -> list[str]:
    """The ConfigMaps a container's ``envFrom`` reads."""
    refs = []
    for entry in _as_list(container.get("envFrom")):
        ref = entry.get("configMapRef") if isinstance(entry, dict) else None
        if isinstance(ref, dict) and isinstance(ref.get("name"), str):
            refs.append(ref["name"])
    return refs


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
