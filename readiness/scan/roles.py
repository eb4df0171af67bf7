"""What a workload is for: a known image, what its main container runs, the ports it serves, its name — or
``unknown`` without evidence.

The steps, first answer wins: the image table; the software table's clues (command, argument files, env names,
mounts, port names); datastore/cache/broker ports and env names; load-generator names; system namespaces; a
Service or a served port (business); a worker's queue clients or a batch job's code (business); else unknown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import msgspec

from readiness.models.scan_records import PortInfo, Role
from readiness.scan import clues, languages
from readiness.scan.access import as_list
from readiness.scan.signatures import Signatures, image_path
from readiness.scan.workloads import RawWorkload

_TOKEN = re.compile(r"[-_.]")
PROXY_ROLES = frozenset({"edge_proxy", "static"})
"""Roles of a container that fronts another in its pod (a proxy or file server sidecar)."""


class RoleClaim(msgspec.Struct, frozen=True):
    """A role with its evidence (and the software, when a known product was recognised)."""

    role: Role
    software: str | None
    evidence: list[str]


def classify(raw: RawWorkload, primary: dict[str, Any] | None, ports: Sequence[PortInfo],
             service_names: Sequence[str], system: bool, sig: Signatures,
             configmap_keys: Mapping[str, Sequence[str]] | None = None) -> RoleClaim:
    """The role of one workload, from its primary container, served ports, name and namespace."""
    keys = configmap_keys or {}
    served = [p for p in ports if not p.metrics]
    claim = (third_party(raw, primary, keys, sig) or _data_service(primary, served, sig)
             or _loadgen_name(raw, served, service_names, sig))
    if claim:
        return claim
    if system:
        return RoleClaim("infra", None, [f"runs in system/add-on namespace {raw.namespace}"])
    if service_names:
        return RoleClaim("business", None, [f"selected by Service {', '.join(service_names)}; image is not a "
                                            f"known third-party product"])
    if served:
        return RoleClaim("business", None, [f"serves port {served[0].port}; image is not a known third-party product"])
    worker = _worker(raw, primary, keys, sig)
    if worker:
        return RoleClaim("business", None, [worker])
    return RoleClaim("unknown", None, ["no Service selects it, it serves no port and its image is not recognised"])


def third_party(raw: RawWorkload, container: dict[str, Any] | None, configmap_keys: Mapping[str, Sequence[str]],
                sig: Signatures) -> RoleClaim | None:
    """Third-party software a container runs: its image in the image table, else the software table's clues."""
    if container is None:
        return None
    image = str(container.get("image") or "")
    rule = sig.image_rule(image) if image else None
    if rule:
        return RoleClaim(rule.role, rule.software,
                         [f"image {image_path(image)} is {rule.software} (container {container.get('name')})"])
    found = clues.software_match(container, as_list(raw.spec.get("volumes")), configmap_keys, sig)
    return RoleClaim(found.role, found.software, [found.evidence]) if found else None


def _data_service(primary: dict[str, Any] | None, served: Sequence[PortInfo], sig: Signatures) -> RoleClaim | None:
    """A datastore, cache or broker by the ports it serves or the env names its server image reads."""
    for port in served:
        words = [port.name.lower(), *_TOKEN.split(port.name.lower())] if port.name else []
        for word in words:
            hint = sig.role_ports.names.get(word)
            if hint:
                return RoleClaim(hint.role, hint.software, [f"serves port {port.port} named {port.name}"])
    for port in served:
        hint = sig.role_ports.numbers.get(port.port)
        if hint:
            return RoleClaim(hint.role, hint.software, [f"serves port {port.port} ({hint.software})"])
    for name in languages.env_names(primary or {}):
        hint = sig.role_env_names.get(name)
        if hint:
            return RoleClaim(hint.role, hint.software, [f"env {name} is read by {hint.software} servers"])
    return None


def _loadgen_name(raw: RawWorkload, served: Sequence[PortInfo], service_names: Sequence[str],
                  sig: Signatures) -> RoleClaim | None:
    if service_names or served:
        return None
    tokens = [raw.name.lower(), *_TOKEN.split(raw.name.lower())]
    token = next((t for t in tokens if t in sig.loadgen_name_tokens), None)
    if token:
        return RoleClaim("loadgen", None, [f"name {raw.name} (word '{token}'), no Service and no served port"])
    return None


def _worker(raw: RawWorkload, primary: dict[str, Any] | None, configmap_keys: Mapping[str, Sequence[str]],
            sig: Signatures) -> str | None:
    """Evidence that a workload without a Service is the organisation's own worker or batch job."""
    if primary is None:
        return None
    hints = languages.container_hints(primary, sig, configmap_keys)
    texts = sorted((h.text for h in hints), key=lambda t: t.startswith("image "))  # what it runs before its base
    return clues.worker_evidence(raw.kind, primary, configmap_keys, texts, sig)
