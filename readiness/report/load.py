"""Load a saved Assessment, checking it against the model: one line per problem, never a traceback."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from readiness.errors import InputError, Problem
from readiness.io.files import display_name, load_document
from readiness.io.kinds import wrong_kind
from readiness.models import Assessment

MiB = 1024 * 1024
MAX_ASSESSMENT_BYTES = 256 * MiB
"""The largest Assessment ``readiness report`` reads, and so the largest that ``assess`` writes
(:func:`readiness.report.assessment_json` refuses more): one limit for both, so whatever one writes the other
reads. An assessment grows with the scanned workloads: 0.35–0.6 MB per 1,000 pods of a cluster with 5–10 pods
per workload, 2.2 MB per 1,000 one-pod workloads; so this is 450,000 pods or more, or 115,000 one-pod workloads.
``report`` of a 217 MB assessment took 23 s at 1.4 GB of memory on two cores (the report itself is bounded,
:mod:`readiness.report.bounds`)."""
MAX_PROBLEMS = 10


def load_assessment(path: str | Path) -> Assessment:
    """Read an Assessment JSON (or YAML) file, ``-`` for stdin."""
    name = display_name(path)
    raw = load_document(path, what="assessment", max_bytes=MAX_ASSESSMENT_BYTES)
    if not isinstance(raw, dict):
        raise InputError.single(name, "", "expected an Assessment (a JSON object written by 'readiness assess')")
    mistake = wrong_kind(raw, "assessment")
    if mistake:
        raise InputError.single(name, "", mistake)
    version = raw.get("schema_version")
    if version is not None and version != Assessment.model_fields["schema_version"].default:
        raise InputError.single(name, "schema_version", f"unsupported assessment schema {version!r}; this "
                                                        f"version of readiness reads "
                                                        f"{Assessment.model_fields['schema_version'].default}")
    try:
        return Assessment.model_validate(raw)
    except ValidationError as exc:
        raise InputError(_problems(exc, name)) from None


def _problems(exc: ValidationError, name: str) -> list[Problem]:
    """One line per problem; missing top-level fields together in one line, at most ``MAX_PROBLEMS`` lines."""
    missing = [str(e["loc"][0]) for e in exc.errors() if e["type"] == "missing" and len(e["loc"]) == 1]
    problems = []
    if missing:
        problems.append(Problem(name, "", f"not an Assessment: missing {', '.join(missing)} (expected the JSON "
                                          f"written by 'readiness assess')"))
    for err in exc.errors():
        if err["type"] == "missing" and len(err["loc"]) == 1:
            continue
        where = ".".join(str(p) for p in err["loc"])
        message = "unknown field" if err["type"] == "extra_forbidden" else err["msg"]
        problems.append(Problem(name, where, message))
    if len(problems) > MAX_PROBLEMS:
        extra = len(problems) - MAX_PROBLEMS + 1
        problems = [*problems[: MAX_PROBLEMS - 1], Problem(name, "", f"… and {extra} more problems")]
    return problems
