"""Safe accessors for raw Kubernetes objects (untrusted input: any field may be missing or of another type)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

DEFAULT_NAMESPACE = "default"


def as_dict(value: Any) -> dict[str, Any]:
    """``value`` if it is a mapping, else an empty one."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """``value`` if it is a list, else an empty one."""
    return value if isinstance(value, list) else []


def str_map(value: Any) -> dict[str, str]:
    """A labels/annotations/selector mapping with string keys and values (a copy)."""
    if type(value) is not dict:
        return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}
    for key, item in value.items():   # nearly always strings already: then a plain copy, made in C
        if type(key) is not str or type(item) is not str:
            return {str(k): str(v) for k, v in value.items()}
    return value.copy()


def meta(obj: Mapping[str, Any]) -> dict[str, Any]:
    """An object's metadata."""
    return as_dict(obj.get("metadata"))


def name_of(obj: Mapping[str, Any]) -> str:
    """An object's name ('' when missing)."""
    return str(meta(obj).get("name") or "")


def namespace_of(obj: Mapping[str, Any]) -> str | None:
    """An object's namespace as written (None when the manifest leaves it out)."""
    namespace = meta(obj).get("namespace")
    return str(namespace) if namespace else None


def effective_namespace(obj: Mapping[str, Any]) -> str:
    """The namespace an object lands in: as written, else ``default``."""
    return namespace_of(obj) or DEFAULT_NAMESPACE


def labels_of(obj: Mapping[str, Any]) -> dict[str, str]:
    """An object's labels as strings."""
    return str_map(meta(obj).get("labels"))


def annotations_of(obj: Mapping[str, Any]) -> dict[str, str]:
    """An object's annotations as strings."""
    return str_map(meta(obj).get("annotations"))
