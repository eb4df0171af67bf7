"""The precheck as JUnit XML (``readiness scan --precheck --format junit``), the report format every CI system shows.

One test suite per data plane; in it one test case per check and affected object, failing when the object's
severity for that data plane is at or above ``--fail-on``; a check that found nothing is one passing case, and a
check that could not run on this input is one skipped case with the reason.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from readiness.models.mesh import MESH_TITLES, MESHES, SEVERITIES, MeshId, Severity, severity_rank
from readiness.models.precheck import AffectedObject, CheckCatalogue, ClusterPrecheck, Precheck

_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot hold, even escaped (a NUL or an escape sequence in an object's detail)."""


def _text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def _fails(severity: str, fail_on: str) -> bool:
    return fail_on != "never" and SEVERITIES.index(severity) >= SEVERITIES.index(fail_on)


def render_junit(precheck: Precheck, catalogue: CheckCatalogue, fail_on: str) -> str:
    """The JUnit XML document of every cluster's precheck: failures are the findings at or above ``fail_on``."""
    root = ET.Element("testsuites", name="readiness precheck")
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for mesh in MESHES:
        suite = ET.SubElement(root, "testsuite", name=MESH_TITLES[mesh], id=mesh)
        counts = {"tests": 0, "failures": 0, "skipped": 0}
        for cluster in precheck.clusters:
            checks = [c.id for c in catalogue.checks if c.id in precheck.checks and mesh in c.applicability.meshes()]
            _cases(suite, cluster, checks, mesh, fail_on, counts, named=len(precheck.clusters) > 1)
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("errors", "0")
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _cases(suite: ET.Element, cluster: ClusterPrecheck, checks: list[str], mesh: MeshId, fail_on: str,
           counts: dict[str, int], *, named: bool) -> None:
    """The test cases of one cluster for one data plane: the checks that apply to it, in catalogue order."""
    classname = _text(f"precheck.{cluster.cluster}")
    prefix = f"{cluster.cluster}: " if named else ""
    by_check = {f.check: f for f in cluster.findings}
    skipped = {s.check: s.reason for s in cluster.skipped}
    for check in checks:
        finding = by_check.get(check)
        objects = [o for o in finding.objects if o.severity_for(mesh) is not None] if finding else []
        if finding and not objects:
            continue   # the finding concerns other data planes only
        if not objects:
            case = ET.SubElement(suite, "testcase", name=_text(f"{prefix}{check}"), classname=classname)
            counts["tests"] += 1
            if check in skipped:
                ET.SubElement(case, "skipped", message=_text(f"not checked: {skipped[check]}"))
                counts["skipped"] += 1
            continue
        assert finding is not None
        grouped: dict[str, list[AffectedObject]] = {}
        for obj in objects:
            grouped.setdefault(obj.ref, []).append(obj)
        for ref, same in grouped.items():
            _object_case(suite, f"{prefix}{check} {ref}", classname, finding.title, finding.remediation, same, mesh,
                         fail_on, counts)


def _object_case(suite: ET.Element, name: str, classname: str, title: str, remediation: str,
                 objects: list[AffectedObject], mesh: MeshId, fail_on: str, counts: dict[str, int]) -> None:
    """One object's case: failing at its worst severity for ``mesh`` when that reaches ``fail_on``."""
    levels: list[Severity] = [level for o in objects if (level := o.severity_for(mesh)) is not None]
    worst = max(levels, key=severity_rank)
    source = objects[0].source
    where = f" ({source.file}:{source.line})" if source else ""
    details = "; ".join(o.detail for o in objects)
    text = f"{title}: {details}{where}\n\nFix: {remediation}"
    case = ET.SubElement(suite, "testcase", name=_text(name), classname=classname)
    counts["tests"] += 1
    if _fails(worst, fail_on):
        failure = ET.SubElement(case, "failure", message=_text(f"[{worst}] {details}"), type=worst)
        failure.text = _text(text)
        counts["failures"] += 1
    else:
        out = ET.SubElement(case, "system-out")
        out.text = _text(f"[{worst}, below --fail-on {fail_on}] {text}")
