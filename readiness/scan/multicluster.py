"""Pure: the objects of one cluster → the multicluster set-ups they show (facts, no judgement).

Istio: the cluster's network id (``topology.istio.io/network``), an east-west gateway exposing port 15443, the
Gateway that passes cross-network traffic through (AUTO_PASSTHROUGH), remote secrets (by name and label only).
Linkerd: the multicluster gateway, Links to other clusters (through a gateway or pod-to-pod) and the Services
mirrored from them. The signatures are data (``readiness/rules/scan/multicluster.yaml``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from itertools import repeat
from pathlib import Path
from typing import Any

import msgspec

from readiness.errors import RulesError
from readiness.io.records import load_record
from readiness.io.resources import bundled
from readiness.models.scan_records import MulticlusterEvidence
from readiness.scan.access import (
    annotations_of,
    as_dict,
    as_list,
    effective_namespace,
    labels_of,
    meta,
    name_of,
    str_map,
)
from readiness.scan.objects import ClusterObjects

RULES_FILE = ("rules", "scan", "multicluster.yaml")
MAX_MIRRORED = 50
"""Mirrored Services listed per cluster (a large fleet mirrors hundreds; the first ones show the set-up)."""
WORKLOAD_KINDS = ("Deployment", "StatefulSet", "DaemonSet")


class _Data(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A table of the data file (msgspec, not pydantic: a scan imports no pydantic)."""


class EastWestRule(_Data, frozen=True, kw_only=True):
    """An Istio east-west gateway: by name or labels, then by its port or env var names."""

    names: list[str]
    labels: dict[str, str]
    ports: list[int]
    env_names: list[str]


class CrossNetworkRule(_Data, frozen=True, kw_only=True):
    """The Istio Gateway that passes cross-network traffic through."""

    api_group: str
    ports: list[int]
    tls_mode: str


class RemoteSecretRule(_Data, frozen=True, kw_only=True):
    labels: dict[str, str]
    name_prefix: str


class IstioRules(_Data, frozen=True, kw_only=True):
    network_label: str
    network_namespaces: list[str]
    eastwest: EastWestRule
    cross_network_gateway: CrossNetworkRule
    remote_secret: RemoteSecretRule


class LinkerdGatewayRule(_Data, frozen=True, kw_only=True):
    namespaces: list[str]
    names: list[str]
    annotations: dict[str, str]


class LinkerdRules(_Data, frozen=True, kw_only=True):
    link_api_group: str
    link_kind: str
    gateway: LinkerdGatewayRule
    mirrored_service_labels: dict[str, str]
    cluster_name_label: str


class MulticlusterRules(_Data, frozen=True, kw_only=True):
    """Everything :func:`detect_multicluster` matches."""

    version: int
    istio: IstioRules
    linkerd: LinkerdRules


@functools.cache
def load_multicluster_rules(path: str | None = None) -> MulticlusterRules:
    """The multicluster signatures (bundled unless ``path`` is given); errors name the file and field."""
    file = Path(path) if path else bundled(*RULES_FILE)
    return load_record(file, MulticlusterRules, what="multicluster signatures", error=RulesError,
                       bundled=not path)


def detect_multicluster(objects: ClusterObjects, rules: MulticlusterRules | None = None
                        ) -> list[MulticlusterEvidence]:
    """The evidence of existing multicluster set-ups in one cluster's objects, Istio first."""
    rules = rules or load_multicluster_rules()
    return [*_istio(objects, rules.istio), *_linkerd(objects, rules.linkerd)]


def _matches(items: Mapping[str, str], wanted: Mapping[str, str]) -> bool:
    if not items:
        return False
    for key, value in wanted.items():  # noqa: SIM110  (a loop, not any(): asked of every workload and Service)
        if items.get(key) == value:
            return True
    return False


def _may_match(raw: Any, wanted: Mapping[str, str]) -> bool:
    """Whether an object's labels or annotations as read (not yet :func:`str_map`-ed) may hold one of ``wanted``:
    exact for string keys; a mapping with other keys may (only its strings say). Rules most objects out without
    copying their labels."""
    if type(raw) is not dict:
        return isinstance(raw, dict) and bool(raw)
    for key, value in wanted.items():
        found = raw.get(key)
        if found is not None and str(found) == value:
            return True
    return not all(map(isinstance, raw, repeat(str)))   # any key not a string, without a Python-level loop


def _group(api_version: Any) -> str:
    return str(api_version or "").rsplit("/", 1)[0] if "/" in str(api_version or "") else ""


def _ref(kind: str, obj: Mapping[str, Any]) -> str:
    return f"{kind} {effective_namespace(obj)}/{name_of(obj)}"


def _istio(objects: ClusterObjects, rules: IstioRules) -> Iterator[MulticlusterEvidence]:
    for ns in objects.of_kind("Namespace"):
        network = labels_of(ns).get(rules.network_label)
        if network and name_of(ns) in rules.network_namespaces:
            yield MulticlusterEvidence(mesh="istio", kind="istio_network", object=f"Namespace {name_of(ns)}",
                                       detail=f"{rules.network_label}={network}", network=network)
    yield from _eastwest(objects, rules)
    cross = rules.cross_network_gateway
    for gw in objects.of_kind("Gateway"):
        if _group(gw.get("apiVersion")) != cross.api_group:
            continue
        for server in as_list(as_dict(gw.get("spec")).get("servers")):
            port = as_dict(as_dict(server).get("port")).get("number")
            mode = as_dict(as_dict(server).get("tls")).get("mode")
            if port in cross.ports and mode == cross.tls_mode:
                hosts = ", ".join(str(h) for h in as_list(as_dict(server).get("hosts"))[:3])
                yield MulticlusterEvidence(
                    mesh="istio", kind="istio_cross_network_gateway", object=_ref("Gateway", gw),
                    detail=f"passes {hosts or 'hosts'} through on port {port} ({mode}) to other networks")
                break
    secret = rules.remote_secret
    for item in objects.labelled_secrets:
        if not _matches(item["labels"], secret.labels):
            continue
        name = item["name"]
        remote = name[len(secret.name_prefix):] if name.startswith(secret.name_prefix) else None
        yield MulticlusterEvidence(
            mesh="istio", kind="istio_remote_secret", object=f"Secret {item['namespace'] or 'default'}/{name}",
            detail="remote secret (labelled " + ", ".join(f"{k}={v}" for k, v in secret.labels.items())
                   + "): istiod watches another cluster's API server", remote_cluster=remote or None)


def _eastwest(objects: ClusterObjects, rules: IstioRules) -> Iterator[MulticlusterEvidence]:
    """One piece of evidence per east-west gateway (its workload, else its Service)."""
    rule = rules.eastwest
    seen: set[tuple[str, str]] = set()
    names, wanted = rule.names, rule.labels
    for kind in (*WORKLOAD_KINDS, "Service"):
        service = kind == "Service"
        for obj in objects.of_kind(kind):
            # meta(), as_dict() and name_of(), inline: asked of every workload and Service
            metadata, spec = obj.get("metadata"), obj.get("spec")
            metadata = metadata if isinstance(metadata, dict) else {}
            spec = spec if isinstance(spec, dict) else {}
            template = spec.get("template")
            template = template if isinstance(template, dict) and not service else {}
            if service:
                inner_raw = spec.get("selector")
            else:
                inner_meta = template.get("metadata")
                inner_raw = inner_meta.get("labels") if isinstance(inner_meta, dict) else None
            named = str(metadata.get("name") or "") in names
            if not (named or _may_match(metadata.get("labels"), wanted) or _may_match(inner_raw, wanted)):
                continue   # most objects: ruled out without copying their labels
            labels = {**labels_of(obj), **str_map(inner_raw)}
            key = (effective_namespace(obj), name_of(obj))
            if key in seen or not (named or _matches(labels, rule.labels)):
                continue
            if kind == "Service":
                ports = {as_dict(p).get("port") for p in as_list(spec.get("ports"))}
                env: list[str] = []
            else:
                containers = [as_dict(c) for c in as_list(as_dict(template.get("spec")).get("containers"))]
                ports = {as_dict(p).get("containerPort") for c in containers for p in as_list(c.get("ports"))}
                env = sorted({str(as_dict(e).get("name")) for c in containers for e in as_list(c.get("env"))}
                             & set(rule.env_names))
            exposed = sorted(p for p in ports if p in rule.ports)
            if not exposed and not env:
                continue
            seen.add(key)
            network = labels.get(rules.network_label)
            parts = [f"east-west gateway on port {', '.join(map(str, exposed))}" if exposed else "east-west gateway"]
            if env:
                parts.append(f"env {', '.join(env)} set")
            if network:
                parts.append(f"network {network}")
            yield MulticlusterEvidence(mesh="istio", kind="istio_multi_network", object=_ref(kind, obj),
                                       detail="; ".join(parts), network=network)


def _linkerd(objects: ClusterObjects, rules: LinkerdRules) -> Iterator[MulticlusterEvidence]:
    gateway = rules.gateway
    for svc in objects.of_kind("Service"):
        if (effective_namespace(svc) in gateway.namespaces and name_of(svc) in gateway.names) \
                or (_may_match(meta(svc).get("annotations"), gateway.annotations)
                    and _matches(annotations_of(svc), gateway.annotations)):
            yield MulticlusterEvidence(mesh="linkerd", kind="linkerd_gateway", object=_ref("Service", svc),
                                       detail="multicluster gateway: other clusters can link to this one")
    for link in objects.of_kind(rules.link_kind):
        if _group(link.get("apiVersion")) != rules.link_api_group:
            continue
        spec = as_dict(link.get("spec"))
        target = str(spec.get("targetClusterName") or name_of(link)) or None
        if spec.get("gatewayAddress"):
            port = spec.get("gatewayPort")
            yield MulticlusterEvidence(
                mesh="linkerd", kind="linkerd_gateway_link", object=_ref("Link", link), remote_cluster=target,
                detail=f"linked to {target} through its gateway" + (f" (port {port})" if port else ""))
        else:
            yield MulticlusterEvidence(
                mesh="linkerd", kind="linkerd_flat_link", object=_ref("Link", link), remote_cluster=target,
                detail=f"linked to {target} without a gateway: pod-to-pod on a flat network")
    mirrored = [svc for svc in objects.of_kind("Service") if _may_match(meta(svc).get("labels"),
                rules.mirrored_service_labels) and _matches(labels_of(svc), rules.mirrored_service_labels)]
    for svc in mirrored[:MAX_MIRRORED]:
        remote = labels_of(svc).get(rules.cluster_name_label)
        yield MulticlusterEvidence(
            mesh="linkerd", kind="linkerd_mirrored_service", object=_ref("Service", svc), remote_cluster=remote,
            detail=f"mirrored from {remote}" if remote else "mirrored from another cluster")
