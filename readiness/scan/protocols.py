"""The protocol each served port speaks: appProtocol, port names, gRPC probes, well-known ports — in that order."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import Any, NamedTuple

from readiness.models.scan_records import PortInfo
from readiness.scan.access import as_dict, as_list, name_of
from readiness.scan.signatures import Signatures
from readiness.scan.workloads import RawWorkload

UNKNOWN = "unknown"
PROBES = ("readinessProbe", "livenessProbe", "startupProbe")
_WORD = re.compile(r"[-_.]")


class _ContainerPort(NamedTuple):   # a tuple: made for every port of every workload
    number: int
    name: str | None
    transport: str
    container: dict[str, Any]


def port_name_protocol(name: str, sig: Signatures) -> str | None:
    """The protocol a port name states (Istio's ``<protocol>[-<suffix>]`` convention, then other words)."""
    table = sig.protocols.port_names
    lowered = name.lower()
    if lowered in table:
        return table[lowered]
    words = [w for w in _WORD.split(lowered) if w]
    if not words:
        return None
    first = table.get(words[0])
    later = [table[w] for w in words[1:] if w in table]
    if first and (words[0] not in sig.protocols.generic_port_names or not later):
        return first
    if later:
        return later[-1]
    if first:
        return first
    return sig.protocols.port_name_words.get(words[0])


def is_metrics_port(name: str | None, number: int, sig: Signatures) -> bool:
    """A metrics/admin port: scraped, not service-to-service traffic."""
    if number in sig.protocols.metrics_ports:
        return True
    if not name:
        return False
    lowered = name.lower()
    return lowered in sig.protocols.metrics_port_names or any(
        w in sig.protocols.metrics_port_words for w in _WORD.split(lowered))


def workload_ports(raw: RawWorkload, services: Sequence[dict[str, Any]], proxies: Collection[str],
                   sig: Signatures, mains: list[dict[str, Any]] | None = None) -> list[PortInfo]:
    """The ports a workload serves: through its Services first, then its other container ports (``mains``: its
    containers that are not ``proxies``, when the caller has them)."""
    containers = mains if mains is not None else [c for c in raw.containers("containers")
                                                  if c.get("name") not in proxies]
    container_ports = _container_ports(containers)
    grpc_probed = _grpc_probe_ports(containers)
    ports: dict[tuple[int, str], PortInfo] = {}
    for service in services:
        for sp in as_list(as_dict(service.get("spec")).get("ports")):
            sp = as_dict(sp)
            number, cport = _resolve_target(sp, container_ports)
            if number is None:
                continue
            transport = str(sp.get("protocol") or "TCP").upper()
            key = (number, transport)
            if key in ports:
                continue
            name = str(sp["name"]) if sp.get("name") else (cport.name if cport else None)
            protocol, why = detect_protocol(sp, cport.name if cport else None, number, transport, grpc_probed, sig)
            ports[key] = PortInfo(port=number, name=name, transport=_transport(transport), protocol=protocol,
                                  evidence=why, metrics=is_metrics_port(name, number, sig) or bool(
                                      cport and is_metrics_port(cport.name, number, sig)),
                                  service=name_of(service))
    for cport in container_ports:
        key = (cport.number, cport.transport)
        if key in ports:
            continue
        protocol, why = detect_protocol({}, cport.name, cport.number, cport.transport, grpc_probed, sig)
        ports[key] = PortInfo(port=cport.number, name=cport.name, transport=_transport(cport.transport),
                              protocol=protocol, evidence=why, metrics=is_metrics_port(cport.name, cport.number, sig))
    return sorted(ports.values(), key=lambda p: (p.port, p.transport))


def _transport(value: str) -> Any:
    return value if value in ("TCP", "UDP", "SCTP") else "TCP"


def detect_protocol(sp: dict[str, Any], container_port_name: str | None, number: int, transport: str,
                    grpc_probed: Collection[int], sig: Signatures) -> tuple[str, str]:
    """(protocol, why) of a port: the Service port ``sp`` ({} for a bare container port), the name of the
    container port it targets, the target number and transport; ``unknown`` when nothing says."""
    tables = sig.protocols
    app = sp.get("appProtocol")
    if isinstance(app, str) and app:
        lowered = app.lower()
        return tables.app_protocols.get(lowered, lowered.rsplit("/", 1)[-1]), f"appProtocol {app}"
    for label, name in (("Service port", sp.get("name")), ("container port", container_port_name)):
        if isinstance(name, str) and name:
            found = port_name_protocol(name, sig)
            if found:
                return found, f"{label} named {name}"
    if number in grpc_probed:
        return "grpc", f"gRPC probe on port {number}"
    if transport == "UDP":
        return "udp", "UDP port"
    service_port = sp.get("port")
    for candidate in (service_port, number):
        if isinstance(candidate, int) and candidate in tables.well_known_ports:
            return tables.well_known_ports[candidate], f"well-known port {candidate}"
    return UNKNOWN, "no appProtocol, protocol port name or well-known port"


def _container_ports(containers: list[dict[str, Any]]) -> list[_ContainerPort]:
    found = []
    for container in containers:
        for port in as_list(container.get("ports")):
            port = as_dict(port)
            number = port.get("containerPort")
            if isinstance(number, int) and 0 < number < 65536:
                found.append(_ContainerPort(number, str(port["name"]) if port.get("name") else None,
                                            str(port.get("protocol") or "TCP").upper(), container))
    return found


def _resolve_target(sp: dict[str, Any], cports: list[_ContainerPort]) -> tuple[int | None, _ContainerPort | None]:
    target = sp.get("targetPort", sp.get("port"))
    if isinstance(target, str) and not target.isdigit():
        match = next((c for c in cports if c.name == target), None)
        return (match.number, match) if match else (None, None)
    if isinstance(target, str):
        target = int(target)
    if not isinstance(target, int) or not 0 < target < 65536:
        return None, None
    return target, next((c for c in cports if c.number == target), None)


def _grpc_probe_ports(containers: list[dict[str, Any]]) -> set[int]:
    found: set[int] = set()
    for container in containers:
        for probe in PROBES:
            spec = container.get(probe)
            if spec and isinstance(spec, dict):   # most containers: no probe, or no gRPC one
                grpc = as_dict(spec.get("grpc"))
                if isinstance(grpc.get("port"), int):
                    found.add(grpc["port"])
    return found


_PROBE_KINDS = tuple((probe, probe.removesuffix("Probe")) for probe in PROBES)


def probe_kinds(container: dict[str, Any]) -> list[str]:
    """``readiness``/``liveness``/``startup`` probes a container has (a probe: a mapping that is not empty)."""
    return [kind for probe, kind in _PROBE_KINDS if (spec := container.get(probe)) and isinstance(spec, dict)]
