"""``--source DIR``: languages per service from build files and Dockerfiles in source checkouts.

A service is a directory holding a Dockerfile, or the top-most directory holding a build file
(go.mod, pom.xml, build.gradle(.kts), package.json, pyproject.toml, requirements.txt, *.csproj,
Cargo.toml, Gemfile, composer.json, CMakeLists.txt, mix.exs…). It is matched to workloads by its
directory name or by image name. Files are only read, never executed.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import msgspec

from readiness.errors import InputError, ReadinessError
from readiness.io.files import decode_text, read_bytes, special_file_kind
from readiness.models.scan_records import SourceFinding
from readiness.scan.signatures import Signatures, image_matches, image_path, load_signatures

MAX_BUILD_FILE = 1024 * 1024
MAX_DIRS = 50_000
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", "vendor", "target", "build", "dist", "out", "bin",
                       "obj", ".venv", "venv", "__pycache__", ".tox", ".gradle", ".idea", ".mvn", "third_party"})
SOURCE_SUBDIRS = frozenset({"src", "app", "server", "cmd", "service"})
"""Sub-folders whose build files belong to the service folder above them (when they have no Dockerfile)."""
GENERIC_DIRS = frozenset({"src", "app", "server", "service", "code", "source", "main", "."})
_STRIP = re.compile(r"[^a-z0-9]")
_SUFFIXES = ("service", "svc", "server", "srv", "api", "app")

# file name pattern → language; checked in this order (first match per file).
BUILD_FILES: tuple[tuple[str, str], ...] = (
    ("go.mod", "go"),
    ("pom.xml", "java"),
    ("build.gradle.kts", "java"),
    ("build.gradle", "java"),
    ("build.sbt", "scala"),
    ("package.json", "javascript"),
    ("pyproject.toml", "python"),
    ("requirements.txt", "python"),
    ("setup.py", "python"),
    ("Pipfile", "python"),
    ("*.csproj", "csharp"),
    ("*.fsproj", "fsharp"),
    ("Cargo.toml", "rust"),
    ("Gemfile", "ruby"),
    ("composer.json", "php"),
    ("CMakeLists.txt", "cpp"),
    ("mix.exs", "elixir"),
    ("rebar.config", "erlang"),
    ("Package.swift", "swift"),
    ("pubspec.yaml", "dart"),
    ("deps.edn", "clojure"),
    ("project.clj", "clojure"),
)
DOCKERFILES = ("Dockerfile", "Dockerfile.*", "*.Dockerfile", "Containerfile")
_FROM = re.compile(r"^\s*FROM\s+(?:--platform=\S+\s+)?(?P<image>\S+)(?:\s+AS\s+(?P<alias>\S+))?", re.I | re.M)
_KOTLIN = re.compile(r"kotlin", re.I)


class _Dir(msgspec.Struct, frozen=True):
    path: Path
    build: list[tuple[Path, str]]
    dockerfiles: list[Path]


def scan_sources(roots: Sequence[str], sig: Signatures | None = None) -> tuple[list[SourceFinding], list[str]]:
    """Services found under each root, with their language and its evidence; plus warnings."""
    sig = sig or load_signatures()
    findings: list[SourceFinding] = []
    warnings: list[str] = []
    for root in roots:
        check_root(root)
        base = Path(root)
        dirs = _candidate_dirs(base, warnings)
        if not dirs:
            warnings.append(f"{root}: no build files or Dockerfiles found")
        claimed = _claimed_builds(dirs)
        for entry in _service_dirs(dirs):
            findings.append(_finding(entry, claimed, base, sig, warnings))
    return sorted(findings, key=lambda f: (f.name, f.path)), warnings


def _candidate_dirs(base: Path, warnings: list[str]) -> dict[Path, _Dir]:
    """Folders below ``base`` holding a build file or a Dockerfile, in walk order (one pass, no re-reads)."""
    found: dict[Path, _Dir] = {}
    for seen, (root, dirnames, filenames) in enumerate(os.walk(base), start=1):
        if seen > MAX_DIRS:
            raise ReadinessError(f"{base}: more than {MAX_DIRS:,} directories; point --source at a smaller tree")
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
        folder = Path(root)
        build: list[tuple[Path, str]] = []
        dockerfiles: list[Path] = []
        for filename in sorted(filenames):
            language = _build_language(filename)
            if language is not None:
                build.append((folder / filename, language))
            if _is_dockerfile(filename):
                dockerfiles.append(folder / filename)
        build = [(path, language) for path, language in build if _regular(path, warnings)]
        dockerfiles = [path for path in dockerfiles if _regular(path, warnings)]
        if build or dockerfiles:
            found[folder] = _Dir(folder, build, dockerfiles)
    return found


_EXACT_BUILD = {pattern: language for pattern, language in reversed(BUILD_FILES) if "*" not in pattern}
_WILD_BUILD = [(pattern, language) for pattern, language in BUILD_FILES if "*" in pattern]


def _build_language(filename: str) -> str | None:
    """The language of a build file name (first match in BUILD_FILES order), else None."""
    language = _EXACT_BUILD.get(filename)
    if language is not None:
        return language
    return next((lang for pattern, lang in _WILD_BUILD if fnmatch.fnmatchcase(filename, pattern)), None)


def _is_dockerfile(filename: str) -> bool:
    return any(fnmatch.fnmatchcase(filename, pattern) for pattern in DOCKERFILES)


def _regular(path: Path, warnings: list[str]) -> bool:
    """Only regular files are read: a FIFO named Dockerfile would block the scan forever."""
    if path.is_file():
        return True
    warnings.append(f"{path}: not a regular file ({special_file_kind(path) or 'a folder'}); ignored")
    return False


def check_root(root: str) -> None:
    """Refuse a ``--source`` that is not a folder, naming what it is instead."""
    if not Path(root).is_dir():
        kind = special_file_kind(root)
        what = f"is {kind}, not a directory" if kind else "is not a directory"
        raise InputError.single(root, "", f"{what} (--source expects a source checkout)")


def _service_dirs(dirs: dict[Path, _Dir]) -> Iterable[_Dir]:
    """Directories with a Dockerfile; then top-most build directories not inside one of those.

    Linear in the number of folders (times their depth): ancestors are looked up in sets, never by
    comparing every folder with every other.
    """
    with_docker = [d for d in dirs.values() if d.dockerfiles]
    above_docker = {parent for entry in with_docker for parent in entry.path.parents}
    yield from with_docker
    for entry in dirs.values():
        if entry.dockerfiles or any(parent in dirs for parent in entry.path.parents):
            continue
        if entry.path in above_docker:
            continue  # a build dir above a Dockerfile service is a monorepo root, not a service
        yield entry


def _claimed_builds(dirs: dict[Path, _Dir]) -> dict[Path, list[tuple[Path, str]]]:
    """For each folder: the build files below it, in folders without a Dockerfile, reached through one of
    SOURCE_SUBDIRS (``svc/src/…/pom.xml`` belongs to ``svc``). One walk up from each folder."""
    claimed: dict[Path, list[tuple[Path, str]]] = {}
    for path, entry in dirs.items():
        if entry.dockerfiles or not entry.build:
            continue
        below = path
        for parent in path.parents:
            if parent in dirs and below.name in SOURCE_SUBDIRS:
                claimed.setdefault(parent, []).extend(entry.build)
            below = parent
    return claimed


def _finding(entry: _Dir, claimed: dict[Path, list[tuple[Path, str]]], base: Path, sig: Signatures,
             warnings: list[str]) -> SourceFinding:
    build = [*entry.build, *claimed.get(entry.path, [])]
    evidence: list[str] = []
    build_languages: dict[str, list[str]] = {}
    for path, language in build:
        language = _refine(path, language, warnings)
        build_languages.setdefault(language, []).append(_rel(path, base))
    docker_languages: dict[str, list[str]] = {}
    for dockerfile in entry.dockerfiles:
        for image in _from_images(dockerfile, warnings):
            for language, patterns in sig.languages.images.items():
                if any(image_matches(image_path(image), p) for p in patterns):
                    docker_languages.setdefault(language, []).append(f"{_rel(dockerfile, base)} FROM {image}")
    decided = _decide(build_languages, docker_languages)
    if decided:
        evidence += [f"build file {f}" for f in build_languages.get(decided, [])]
        evidence += docker_languages.get(decided, [])
    elif build_languages or docker_languages:
        others = sorted({*build_languages, *docker_languages})
        evidence.append(f"ambiguous: {', '.join(others)} ({', '.join(_all(build_languages, docker_languages))})")
    return SourceFinding(name=_service_name(entry.path, base), path=str(entry.path),
                         language=decided, evidence=evidence)


def _all(*maps: dict[str, list[str]]) -> list[str]:
    return [item for m in maps for items in m.values() for item in items][:4]


def _decide(build: dict[str, list[str]], docker: dict[str, list[str]]) -> str | None:
    """One language: the only build-file language, or the one the Dockerfile agrees with."""
    if len(build) == 1:
        return next(iter(build))
    if build:
        agreed = [lang for lang in build if lang in docker]
        return agreed[0] if len(agreed) == 1 else None
    if len(docker) == 1:
        return next(iter(docker))
    return None


def _refine(path: Path, language: str, warnings: list[str]) -> str:
    """Kotlin in Gradle/Maven files, TypeScript in package.json, C in CMake projects without C++."""
    if language not in ("java", "javascript", "cpp"):
        return language
    text = _read(path, warnings)
    if text is None:
        return language
    if language == "java" and _KOTLIN.search(text) and ("kotlin(" in text or "org.jetbrains.kotlin" in text):
        return "kotlin"
    if language == "javascript" and ('"typescript"' in text or (path.parent / "tsconfig.json").is_file()):
        return "typescript"
    if language == "cpp" and re.search(r"LANGUAGES\s+C\s*\)", text) and "CXX" not in text:
        return "c"
    return language


def _from_images(dockerfile: Path, warnings: list[str]) -> list[str]:
    text = _read(dockerfile, warnings)
    if text is None:
        return []
    aliases = set()
    images = []
    for match in _FROM.finditer(text):
        image = match["image"]
        if image.lower() not in aliases and not image.startswith("$"):
            images.append(image)
        if match["alias"]:
            aliases.add(match["alias"].lower())
    return images


def _read(path: Path, warnings: list[str]) -> str | None:
    try:
        return decode_text(read_bytes(path, max_bytes=MAX_BUILD_FILE, what="build"), str(path))
    except InputError as exc:
        warnings.append(f"{exc.lines()[0]} (ignored)")
        return None


def _rel(path: Path, base: Path) -> str:
    try:
        rel = path.relative_to(base)
    except ValueError:
        return str(path)
    return str(rel) if str(rel) != "." else ""


def _service_name(path: Path, base: Path) -> str:
    current = path.resolve()
    top = base.resolve()
    while current.name.lower() in GENERIC_DIRS and current != top and current.parent != current:
        current = current.parent
    return current.name


def normalise(name: str) -> str:
    """A name as compared when matching: lower case, letters and digits only."""
    return _STRIP.sub("", name.lower())


def _stem(name: str) -> str:
    norm = normalise(name)
    for suffix in _SUFFIXES:
        if norm.endswith(suffix) and len(norm) > len(suffix) + 1:
            return norm[: -len(suffix)]
    return norm


class SourceIndex:
    """Findings indexed by the keys a workload is matched on, so one match costs the same for 10 or 10 000
    source services (comparing every workload with every finding was quadratic)."""

    def __init__(self, findings: Sequence[SourceFinding]) -> None:
        self.findings = list(findings)
        self.by_name: dict[str, list[int]] = {}
        self.by_stem: dict[str, list[int]] = {}
        for i, finding in enumerate(self.findings):
            self.by_name.setdefault(normalise(finding.name), []).append(i)
            self.by_stem.setdefault(_stem(finding.name), []).append(i)

    def __bool__(self) -> bool:
        return bool(self.findings)

    def match(self, names: Sequence[str], images: Sequence[str]) -> tuple[SourceFinding, str] | None:
        """The source service a workload comes from (by name, image name, then without -service/-svc
        suffixes): the first hit, when every hit of that kind names the same language."""
        image_names = [image_path(i).rsplit("/", 1)[-1] for i in images if i]
        for how, keys, key_of, table in (
            ("directory name", names, normalise, self.by_name),
            ("image name", image_names, normalise, self.by_name),
            ("directory name without suffix", [*names, *image_names], _stem, self.by_stem),
        ):
            wanted = {key_of(k) for k in keys if k}
            hits = [self.findings[i] for i in sorted({i for key in wanted for i in table.get(key, ())})]
            languages = {f.language for f in hits}
            if hits and len(languages) == 1:
                return hits[0], f"{how} {hits[0].name}"
        return None

