"""The precheck as SARIF 2.1.0, the format code-scanning UIs ingest (``readiness scan --precheck --format sarif``).

One rule per catalogue check (its title, why it matters, the fix and its documentation, a default level from its
severity); one result per affected object, at the manifest file and line its document starts on when it was read
from a snapshot file, and always at a logical location ``cluster/namespace/Kind/name``.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from readiness import __version__
from readiness.models.mesh import MESH_TITLES, Severity
from readiness.models.precheck import AffectedObject, CheckCatalogue, CheckDefinition, ClusterPrecheck, Precheck

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS: dict[Severity, str] = {"error": "error", "warning": "warning", "info": "note"}
"""SARIF has no ``info``: its ``note`` is the level for "worth knowing"."""


def render_sarif(precheck: Precheck, catalogue: CheckCatalogue, *, base: str) -> str:
    """The SARIF log of every cluster's precheck, as one run of the ``readiness`` tool.

    ``base``: the folder file URIs are made relative to (the working directory: CI runs in the checkout, and
    code-scanning UIs resolve URIs against it); a file outside it keeps an absolute ``file://`` URI.
    """
    rules = [c for c in catalogue.checks if c.id in precheck.checks]
    index = {c.id: i for i, c in enumerate(rules)}
    results = [_result(cluster, finding.check, index[finding.check], obj, base, len(precheck.clusters) > 1)
               for cluster in precheck.clusters for finding in cluster.findings for obj in finding.objects]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "readiness",
                "fullName": "readiness service mesh precheck",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule(c) for c in rules],
                "properties": {"catalogueVersion": precheck.catalogue},
            }},
            "automationDetails": {"id": "readiness/precheck/"},
            "results": results,
            "properties": {"clusters": [_cluster(c) for c in precheck.clusters]},
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _rule(check: CheckDefinition) -> dict[str, Any]:
    docs = "\n".join(f"- [{d.title}]({d.url})" for d in check.docs)
    meshes = [MESH_TITLES[m] for m in check.applicability.meshes()]
    return {
        "id": check.id,
        "name": "".join(part.capitalize() for part in check.id.split("_")),
        "shortDescription": {"text": check.title},
        "fullDescription": {"text": check.why},
        "help": {"text": f"{check.remediation}\n\nDocumentation: " + "; ".join(f"{d.title} <{d.url}>"
                                                                             for d in check.docs),
                 "markdown": f"{check.remediation}\n\n**Documentation**\n\n{docs}"},
        "helpUri": check.docs[0].url,
        "defaultConfiguration": {"level": LEVELS[check.severity]},
        "properties": {"tags": ["service-mesh", "kubernetes", *check.applicability.meshes()],
                       "meshes": meshes},
    }


def _result(cluster: ClusterPrecheck, check: str, rule_index: int, obj: AffectedObject, base: str,
            name_cluster: bool) -> dict[str, Any]:
    meshes = ", ".join(MESH_TITLES[m] for m in obj.meshes)
    where = f"{obj.ref} in {cluster.cluster}" if name_cluster else obj.ref
    namespace = obj.namespace or ""
    location: dict[str, Any] = {"logicalLocations": [{
        "name": obj.name, "kind": "resource",
        "fullyQualifiedName": "/".join(p for p in (cluster.cluster, namespace, obj.kind, obj.name) if p)}]}
    if obj.source is not None:
        location["physicalLocation"] = {"artifactLocation": {"uri": file_uri(obj.source.file, base)},
                                        "region": {"startLine": obj.source.line}}
    identity = "\x1f".join((check, cluster.cluster, obj.kind, namespace, obj.name, obj.detail))
    return {
        "ruleId": check,
        "ruleIndex": rule_index,
        "level": LEVELS[obj.severity],
        "message": {"text": f"{obj.detail} ({where}; concerns {meshes})"},
        "locations": [location],
        "partialFingerprints": {"readinessObject/v1": hashlib.sha256(identity.encode()).hexdigest()[:32]},
        "properties": {"cluster": cluster.cluster, "kind": obj.kind, "namespace": obj.namespace,
                       "name": obj.name, "meshes": list(obj.meshes),
                       "meshSeverity": {m: obj.severity_for(m) for m in obj.meshes}},
    }


def _cluster(c: ClusterPrecheck) -> dict[str, Any]:
    return {"name": c.cluster, "kubernetesVersion": c.kubernetes_version,
            "verdicts": {v.mesh: v.status for v in c.by_mesh},
            "skipped": [{"check": s.check, "reason": s.reason} for s in c.skipped]}


def file_uri(path: str, base: str) -> str:
    """A relative URI (``k8s/app.yaml``) for a file under ``base``, else an absolute ``file://`` URI."""
    absolute = os.path.abspath(os.path.join(base, path))
    relative = os.path.relpath(absolute, base)
    if relative.split(os.sep)[0] != os.pardir:
        return quote(PurePosixPath(*relative.split(os.sep)).as_posix())
    return PurePosixPath(absolute).as_uri()
