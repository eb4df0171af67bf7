"""YAML parsing for :func:`readiness.io.files.parse_structured`: documents with where each starts, alias bombs and
keys given twice refused, every problem an :class:`InputError` naming the file. Imported only when YAML is read
(PyYAML takes longer to import than a small JSON scan takes to run)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml

from readiness.errors import InputError
from readiness.io.lines import Lines
from readiness.io.text import excerpt

MAX_NODES = 1_000_000
"""Largest YAML document (counted with aliases expanded) accepted: stops alias bombs."""

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _node_lines(node: yaml.Node) -> Lines:
    """Where a YAML node starts, and the entries it lists (a sequence's, or a mapping's ``items`` sequence)."""
    line = node.start_mark.line + 1
    if isinstance(node, yaml.SequenceNode):
        return Lines(line, tuple(_node_lines(n) for n in node.value))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "items" and isinstance(value, yaml.SequenceNode):
                return Lines(line, tuple(_node_lines(n) for n in value.value))
    return Lines(line)


def parse_yaml(text: str, name: str, lines: list[Lines] | None = None) -> list[Any]:
    """The documents of YAML text (empty ones left out); ``lines``, when given, receives where each starts."""
    docs: list[Any] = []
    located: list[Lines] = []
    loader = _Loader(text)
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None:
                continue
            _check_size(node, name)
            if lines is not None:
                located.append(_node_lines(node))
            docs.append(loader.construct_document(node))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = exc.problem or exc.context or "syntax error"
        raise InputError.single(name, where, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise InputError.single(name, "", f"invalid YAML: {exc}") from None
    except (ValueError, TypeError, OverflowError) as exc:  # a value the constructor cannot build (2026-13-45)
        raise InputError.single(name, "", f"invalid YAML value: {exc}") from None
    except RecursionError:
        raise InputError.single(name, "", "invalid YAML: nested too deeply") from None
    finally:
        loader.dispose()
    if lines is not None:
        lines.extend(where for d, where in zip(docs, located, strict=True) if d is not None)
    docs = [d for d in docs if d is not None]
    return docs


def _check_size(root: yaml.Node, name: str) -> None:
    """Refuse documents whose alias-expanded size is huge, recursive aliases, and keys given twice."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise InputError.single(name, "", "invalid YAML: recursive alias")
        active.add(key)
        if isinstance(node, yaml.MappingNode):
            _check_unique_keys(node, name)
        total = 1
        for child in _children(node):
            total += size(child)
            if total > MAX_NODES:
                raise InputError.single(
                    name, "", f"YAML expands to more than {MAX_NODES:,} nodes (alias bomb?); refused")
        active.discard(key)
        sizes[key] = total
        return total

    size(root)


def _check_unique_keys(node: yaml.MappingNode, name: str) -> None:
    """YAML forbids a key twice in one mapping; silently taking the last one would hide a mistake."""
    first: dict[str, int] = {}
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
            continue
        line = key.start_mark.line + 1
        if key.value in first:
            raise InputError.single(name, f"line {line}", f"{excerpt(key.value, 40)!r} is given twice in the same "
                                                          f"mapping (first on line {first[key.value]}); keep one")
        first[key.value] = line


def _children(node: yaml.Node) -> Iterator[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        yield from node.value
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield key
            yield value
