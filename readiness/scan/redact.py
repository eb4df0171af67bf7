"""Redaction of raw objects before they are written to a snapshot: names stay, values go.

Environment variable values, ConfigMap values, secret-looking command-line arguments, credentials in
URLs, last-applied-configuration and very long annotations, and ``managedFields`` are removed. Works on
copies; the scan's own objects stay intact.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
REDACTED = "<redacted>"
MAX_ANNOTATION_CHARS = 4096

_SECRET_NAME = re.compile(r"(?i)(pass(word|wd|phrase)?|secret|token|api[-_]?key|access[-_]?key|private[-_]?key|"
                          r"credential|auth|pwd|dsn|connection[-_]?string)")
_ASSIGNMENT = re.compile(r"(?P<name>-{0,2}[A-Za-z_][\w.-]*)=(?P<value>[^\s'\"]+)")
_URL_CREDENTIALS = re.compile(r"(?P<head>[a-z][a-z0-9+.-]*://[^:/@\s]+):(?P<password>[^@\s]+)@")
_FLAG = re.compile(r"^-{1,2}[A-Za-z][\w.-]*$")


def redact(obj: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of one object without env values, ConfigMap data values, managedFields or config-dump annotations."""
    out: dict[str, Any] = {"apiVersion": obj.get("apiVersion"), "kind": obj.get("kind")}
    for key, value in obj.items():
        if key not in out:
            out[key] = _scrub(value)
    if obj.get("kind") == "ConfigMap":
        for key, marker in (("data", REDACTED), ("binaryData", "")):
            if isinstance(out.get(key), dict):
                out[key] = dict.fromkeys(out[key], marker)
    return out


def _scrub(value: Any) -> Any:
    """A copy without managedFields, env values, secret arguments and config-dump annotations, at any depth."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, child in value.items():
            if key == "managedFields":
                continue
            if key == "env" and isinstance(child, list):
                out[key] = [_scrub_env(e) for e in child]
            elif key in ("command", "args") and isinstance(child, list):
                out[key] = scrub_arguments(child)
            elif key == "annotations" and isinstance(child, dict):
                out[key] = {k: (v if not isinstance(v, str) or len(v) <= MAX_ANNOTATION_CHARS
                                else f"{REDACTED} ({len(v)} characters)")
                            for k, v in child.items() if k != LAST_APPLIED}
            else:
                out[key] = _scrub(child)
        return out
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


def _scrub_env(entry: Any) -> Any:
    if not isinstance(entry, dict):
        return _scrub(entry)
    out = {k: _scrub(v) for k, v in entry.items()}
    if "value" in out:
        out["value"] = REDACTED
    return out


def scrub_arguments(args: list[Any]) -> list[Any]:
    """Command and args with secret-looking values replaced: ``--password=x``, ``--token x``, ``DB_PASS=x``
    (also inside shell strings) and passwords in URLs."""
    out: list[Any] = []
    secret_flag = False
    for arg in args:
        if not isinstance(arg, str):
            out.append(arg)
            secret_flag = False
            continue
        if secret_flag and not arg.startswith("-"):
            out.append(REDACTED)
            secret_flag = False
            continue
        secret_flag = bool(_FLAG.match(arg) and _SECRET_NAME.search(arg))
        out.append(scrub_text(arg))
    return out


def scrub_text(text: str) -> str:
    """One argument or shell line with secret-looking assignments and URL passwords redacted."""
    text = _URL_CREDENTIALS.sub(lambda m: f"{m.group('head')}:{REDACTED}@", text)
    return _ASSIGNMENT.sub(lambda m: f"{m.group('name')}={REDACTED}" if _SECRET_NAME.search(m.group("name"))
                           else m.group(0), text)
