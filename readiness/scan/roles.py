"""What a workload is for: a known image, the ports it serves, its name — or ``unknown`` without evidence."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from readiness.models.scan import PortInfo, Role
from readiness.scan.access import as_list
from readiness.scan.signatures import Signatures, image_path
from readiness.scan.workloads import RawWorkload

_TOKEN = re.compile(r"[-_.]")


@dataclass(frozen=True)
class RoleClaim:
    """A role with its evidence (and the software, when a known product was recognised)."""

    role: Role
    software: str | None
    evidence: list[str]


def classify(raw: RawWorkload, primary: dict[str, Any] | None, ports: Sequence[PortInfo],
             service_names: Sequence[str], system: bool, sig: Signatures) -> RoleClaim:
    """The role of one workload, from its primary container, served ports, name and namespace."""
    if primary is not None:
        image = str(primary.get("image") or "")
        rule = sig.image_rule(image) if image else None
        if rule:
            return RoleClaim(rule.role, rule.software,
                             [f"image {image_path(image)} is {rule.software} (container {primary.get('name')})"])
    served = [p for p in ports if not p.metrics]
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
    if primary is not None:
        for entry in as_list(primary.get("env")):
            name = entry.get("name") if isinstance(entry, dict) else None
            hint = sig.role_env_names.get(str(name)) if name else None
            if hint:
                return RoleClaim(hint.role, hint.software, [f"env {name} is read by {hint.software} servers"])
    if not service_names and not served:
        tokens = [raw.name.lower(), *_TOKEN.split(raw.name.lower())]
        token = next((t for t in tokens if t in sig.loadgen_name_tokens), None)
        if token:
            return RoleClaim("loadgen", None, [f"name {raw.name} (word '{token}'), no Service and no served port"])
    if system:
        return RoleClaim("infra", None, [f"runs in system/add-on namespace {raw.namespace}"])
    if service_names:
        return RoleClaim("business", None, [f"selected by Service {', '.join(service_names)}; image is not a "
                                            f"known third-party product"])
    if served:
        return RoleClaim("business", None, [f"serves port {served[0].port}; image is not a known third-party product"])
    return RoleClaim("unknown", None, ["no Service selects it, it serves no port and its image is not recognised"])
