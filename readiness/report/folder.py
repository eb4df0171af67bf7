"""Reading a ``--templates`` folder: regular files inside it, never through a symbolic link.

A template folder may come from someone else. ``html/notes.html.j2 -> /etc/passwd`` or ``report.css ->
/etc/shadow`` would put those files into the report, and ``text.yaml -> /etc/shadow`` into an error message.
So each file is opened one path component at a time, relative to the folder, refusing to follow a link
(``O_NOFOLLOW``; where ``dir_fd`` is missing, each component is checked with ``lstat`` first), and only a
regular file is read. A link is refused with one line naming it — the file is never opened.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Sequence
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path

from readiness.errors import ReportError

MAX_TEMPLATE_BYTES = 1024 * 1024
"""Largest template, stylesheet or text file read from a template folder (the bundled ones are below 32 KB)."""
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO opens at once instead of waiting for a writer


def read_inside(folder: Path, parts: Sequence[str], named: str, *,
                max_bytes: int = MAX_TEMPLATE_BYTES) -> bytes | None:
    """The bytes of ``folder/parts…`` when it is a regular file reached without following a link; None when
    there is no such file. ``named`` is the folder as the user named it, for messages."""
    shown = "/".join([named.rstrip("/"), *parts])
    try:
        fd = _open(folder, parts, named)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise ReportError(f"{shown}: cannot be read ({exc.strerror or exc})") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise ReportError(f"{shown}: not a regular file; a template folder holds files only")
    with os.fdopen(fd, "rb") as fh:
        if info.st_size > max_bytes:
            raise ReportError(f"{shown}: is {info.st_size:,} bytes; files in a template folder are limited to "
                              f"{max_bytes:,}")
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ReportError(f"{shown}: is larger than {max_bytes:,} bytes, the limit for files in a template folder")
    return data


def _open(folder: Path, parts: Sequence[str], named: str) -> int:
    """A descriptor of ``folder/parts…``, opened without following a link at any component."""
    if not (_NOFOLLOW and _DIRECTORY and os.open in os.supports_dir_fd):
        return _open_checked(folder, parts, named)
    fd = os.open(folder, os.O_RDONLY | _DIRECTORY)
    try:
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            flags = os.O_RDONLY | _NOFOLLOW | (_NONBLOCK if last else _DIRECTORY)
            try:
                inner = os.open(part, flags, dir_fd=fd)
            except OSError as exc:
                if exc.errno == errno.ELOOP or (exc.errno == errno.ENOTDIR and os.path.islink(
                        os.path.join(folder, *parts[: i + 1]))):
                    raise _link(named, parts[: i + 1]) from None
                raise
            if last:
                return inner
            os.close(fd)
            fd = inner
    finally:
        os.close(fd)
    raise FileNotFoundError(errno.ENOENT, "no file named", str(folder))


def _open_checked(folder: Path, parts: Sequence[str], named: str) -> int:
    """Where ``dir_fd`` or ``O_NOFOLLOW`` is missing: ``lstat`` each component, then open the file."""
    path = folder
    for i, part in enumerate(parts):
        path = path / part
        if stat.S_ISLNK(os.lstat(path).st_mode):
            raise _link(named, parts[: i + 1])
    return os.open(path, os.O_RDONLY | _NONBLOCK)


def _link(named: str, parts: Sequence[str]) -> ReportError:
    """The one-line refusal of the link at ``parts`` (a file or a folder on the way to one)."""
    shown = "/".join([named.rstrip("/"), *parts])
    return ReportError(f"{shown}: is a symbolic link; a template folder is read without following links: copy "
                       f"the file into the folder")


class FolderLoader(jinja2.BaseLoader):
    """A jinja2 loader for a ``--templates`` folder: templates it lacks are not found (the bundled ones are
    used), links are refused, every template is UTF-8 text of at most :data:`MAX_TEMPLATE_BYTES`."""

    def __init__(self, folder: Path, named: str) -> None:
        self.folder = folder
        self.named = named

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        """The template's text, its file name and an always-up-to-date check (the folder is read once)."""
        parts = split_template_path(template)  # refuses '..' with TemplateNotFound
        data = read_inside(self.folder, parts, self.named)
        if data is None:
            raise jinja2.TemplateNotFound(template)
        try:
            source = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ReportError(f"{'/'.join([self.named.rstrip('/'), *parts])}: is not UTF-8 text (invalid byte at "
                              f"position {exc.start})") from None
        return source, str(self.folder.joinpath(*parts)), lambda: True
