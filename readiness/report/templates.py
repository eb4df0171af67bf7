"""The report's templates: the bundled set, optionally overridden file by file, always sandboxed.

``--templates DIR`` may hold any subset of the bundled files (a partial, the CSS, ``text.yaml``);
everything it lacks comes from the bundled set. Templates run in jinja2's immutable sandbox, bounded in
output size, time and memory (:class:`RenderLimits`; a custom set renders in a child process whose memory
is capped, :mod:`.isolate`), and every template error becomes one line naming the template and the line.
"""

from __future__ import annotations

import copy
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import jinja2.debug  # jinja2 imports it when a template raises: done here, not out of memory
from jinja2.exceptions import SecurityError

from readiness.errors import InputError, Problem, ReportError
from readiness.io.files import decode_text, load_document, parse_structured
from readiness.io.resources import templates_dir
from readiness.io.text import excerpt
from readiness.report.folder import FolderLoader, read_inside
from readiness.report.isolate import render_isolated
from readiness.report.limits import (
    DEFAULT_LIMITS,
    BoundedSandbox,
    RenderLimits,
    RenderStopped,
    join_bounded,
    size_text,
    watchdog,
)

TEXT_FILE = "text.yaml"
MAX_MESSAGE_CHARS = 160
MAX_TEXT_BYTES = 256 * 1024


class Templates:
    """The bundled templates with an optional folder of overrides in front of them."""

    def __init__(self, custom: str | Path | None = None, limits: RenderLimits | None = None) -> None:
        self.default = templates_dir().resolve()
        self.limits = limits or DEFAULT_LIMITS
        self.custom: Path | None = None
        self.named = str(custom or "")
        """The custom folder as the user named it, for messages."""
        loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(str(self.default))]
        if custom is not None:
            folder = Path(custom)
            if not folder.is_dir():
                raise InputError.single(str(custom), "", "no such folder; --templates expects a folder of "
                                                         "template overrides")
            self.custom = folder.resolve()
            loaders.insert(0, FolderLoader(self.custom, self.named))
        self._loader = jinja2.ChoiceLoader(loaders)
        self._text: dict[str, Any] | None = None

    @property
    def folders(self) -> list[Path]:
        """Where templates are looked up, overrides first."""
        return [d for d in (self.custom, self.default) if d is not None]

    def environment(self, *, html: bool, finalize: Callable[[Any], Any] | None = None) -> jinja2.Environment:
        """A sandboxed environment: HTML-autoescaping for HTML/SVG, ``finalize``-escaping for Markdown."""
        env = BoundedSandbox(
            loader=self._loader, autoescape=html, undefined=jinja2.StrictUndefined, trim_blocks=True,
            lstrip_blocks=True, keep_trailing_newline=True, finalize=finalize, auto_reload=False)
        env.max_sequence = self.limits.max_bytes
        return env

    def render(self, env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
        """Render one template within the limits; any template error is a :class:`ReportError` of one line.

        A custom set renders in a child process under a hard memory limit (:mod:`.isolate`); the bundled one
        renders here."""
        if self.custom is None:
            return self._render(env, name, context)
        return render_isolated(lambda: self._render(env, name, context), self.limits, name)

    def _render(self, env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
        """:meth:`render` in this process: the template within its limits, every error one line."""
        try:
            with watchdog(self.limits):
                return join_bounded(env.get_template(name).generate(context), self.limits)
        except jinja2.TemplateSyntaxError as exc:
            where = self._where(exc.filename or exc.name or name, exc.lineno)
            raise ReportError(f"{where}: template syntax error: {_one_line(exc.message or str(exc))}") from None
        except jinja2.TemplateNotFound as exc:
            raise ReportError(f"template {excerpt(repr(exc.name))} not found in {self._searched()}") from None
        except RenderStopped as exc:
            where = self._where(*exc.where) if exc.where else self._where_tb(exc, name)
            raise ReportError(f"{where}: template stopped: {exc.reason}; check its loops") from None
        except SecurityError as exc:
            raise ReportError(f"{self._where_tb(exc, name)}: template refused by the sandbox: "
                              f"{_one_line(str(exc))}") from None
        except jinja2.UndefinedError as exc:
            raise ReportError(f"{self._where_tb(exc, name)}: template error: {_one_line(str(exc))}") from None
        except MemoryError as exc:
            for raised in _chain(exc):  # the template's locals hold the memory: free it to report
                traceback.clear_frames(raised.__traceback__)
            raise ReportError(f"{self._where_tb(exc, name)}: template stopped: it took more than "
                              f"{size_text(self.limits.memory_bytes)} of memory; check its loops") from None
        except ReportError:
            raise
        except Exception as exc:  # anything a template can raise (bad filter argument, sandbox limits…)
            raise ReportError(f"{self._where_tb(exc, name)}: template error: {type(exc).__name__}: "
                              f"{_one_line(str(exc))}") from None

    def text(self) -> dict[str, Any]:
        """The report's fixed prose: bundled ``text.yaml`` with the override's keys on top."""
        if self._text is None:
            merged = load_document(self.default / TEXT_FILE, what="report text", max_bytes=MAX_TEXT_BYTES)
            override = self._custom_text()
            if override is not None:
                name, value = override
                problems: list[Problem] = []
                merged = _merge(copy.deepcopy(merged), value, name, "", problems)
                months = merged.get("months")
                if not (isinstance(months, list) and len(months) == 12 and all(isinstance(m, str) for m in months)):
                    problems.append(Problem(name, "months", "expected a list of the 12 month names, January first"))
                if problems:
                    raise InputError(problems)
            self._text = merged
        return self._text

    def _custom_text(self) -> tuple[str, Any] | None:
        """The custom folder's ``text.yaml`` (its name for messages and its content), or None without one.
        It is read like the templates: a regular file in the folder, never through a link."""
        if self.custom is None:
            return None
        data = read_inside(self.custom, [TEXT_FILE], self.named, max_bytes=MAX_TEXT_BYTES)
        if data is None:
            return None
        name = "/".join([self.named.rstrip("/"), TEXT_FILE])
        documents = parse_structured(decode_text(data, name), name, fmt="yaml")
        if not documents:
            raise InputError.single(name, "", "holds no YAML document; expected a mapping of report text keys")
        return name, documents[0]

    def _searched(self) -> str:
        return " or ".join(str(d) for d in self.folders)

    def _where(self, filename: str, line: int | None) -> str:
        shown = filename
        for folder in self.folders:
            try:
                shown = str(Path(filename).resolve().relative_to(folder))
                if folder == self.custom:
                    shown = str(Path(filename))
                break
            except ValueError:
                continue
        return f"{shown}, line {line}" if line else shown

    def _where_tb(self, exc: BaseException, name: str) -> str:
        """The template file and line an exception was raised from (jinja2 rewrites tracebacks to them)."""
        for raised in _chain(exc):  # out of memory, jinja2's own handling may fail: the template's is the context
            found: tuple[str, int | None] | None = None
            for frame in traceback.extract_tb(raised.__traceback__):
                if frame.filename.endswith(".j2") or any(frame.filename.startswith(str(d)) for d in self.folders):
                    found = (frame.filename, frame.lineno)
            if found is not None:
                return self._where(*found)
        return f"template {name}"


def _chain(exc: BaseException) -> list[BaseException]:
    """An exception and those it was raised while handling, newest first."""
    found: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in found:
        found.append(current)
        current = current.__context__
    return found


def _merge(base: Any, override: Any, file: str, path: str, problems: list[Problem]) -> Any:
    """``override`` laid over ``base``; keys ``base`` does not have are problems (typos)."""
    if not isinstance(base, dict):
        if isinstance(base, list) != isinstance(override, list) or (
                not isinstance(base, list) and not isinstance(override, str)):
            expected = "a list" if isinstance(base, list) else "text"
            problems.append(Problem(file, path or "(top)", f"expected {expected}"))
            return base
        return override
    if not isinstance(override, dict):
        problems.append(Problem(file, path or "(top)", "expected a mapping"))
        return base
    for key, value in override.items():
        where = f"{path}.{key}" if path else str(key)
        if key not in base:
            problems.append(Problem(file, excerpt(where), f"unknown key; expected one of {', '.join(map(str, base))}"))
            continue
        base[key] = _merge(base[key], value, file, where, problems)
    return base


def _one_line(text: str) -> str:
    """A message from jinja2 as one short line: it may quote the template (a tag's name, a character), so
    controls are escaped and it is cut short."""
    return excerpt(" ".join(text.split()), MAX_MESSAGE_CHARS)

