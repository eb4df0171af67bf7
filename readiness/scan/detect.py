"""Pure: a ScanResult → detected answers with evidence, and where the given answers disagree with it.

Absence of evidence is not an answer: languages, protocols and observability are detected only when
something was found, and "no mesh" only from a whole-cluster (live) view. An answered value always
wins; a disagreement is listed, never corrected.

Two thresholds keep partial evidence from posing as an answer:

* a cluster (or snapshot) without a single workload detects nothing — an unrendered Helm chart or a dump
  of CRDs says nothing about the services, not "0 services";
* ``languages`` is detected only when **every** business service shows language evidence. With part of
  them covered (sock-shop: Java evidence for 4 of 8) the languages are not an answer — "one language:
  Java" would be a guess — so they stay in the scan (``totals.languages``), in a warning
  (:func:`language_coverage_note`) and in :func:`detection_hints`, which the interview may show as a hint.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Literal, TypeAlias

from readiness.scan.signatures import Signatures, load_signatures

if TYPE_CHECKING:   # the pydantic models are built on first use: `scan -o` needs only language_coverage_note
    from readiness.models.answers import Answers, DetectedAnswer
    from readiness.models.common import AnswerValue
    from readiness.models.scan import ClusterInventory, Disagreement, ScanResult
    from readiness.models.scan_records import ClusterInventory as InventoryRecord

Inventories: TypeAlias = "Sequence[ClusterInventory] | Sequence[InventoryRecord]"
"""The pydantic inventories or the scanner's records: the helpers below read both alike."""
MESH_CHOICES = frozenset({"istio", "linkerd", "consul", "cilium"})
MAX_EVIDENCE = 8


def detect_answers(scan: ScanResult, sig: Signatures | None = None) -> dict[str, DetectedAnswer]:
    """Detected values for service_count, languages, protocols, clusters, observability, platform, existing_mesh and
    cluster_network (from existing multicluster set-ups)."""
    from readiness.models.answers import DetectedAnswer

    sig = sig or load_signatures()
    clusters = [c for c in scan.clusters if c.workloads or c.complete]  # an empty snapshot says nothing
    if not clusters:
        return {}
    scan = scan.model_copy(update={"clusters": clusters})
    found: dict[str, DetectedAnswer] = {}
    services = sorted({(c.name, s.namespace, s.name) for c in clusters for s in c.services
                       if s.role == "business" and not s.system})
    distinct = sorted({(ns, name) for _, ns, name in services})
    found["service_count"] = DetectedAnswer(value=len(distinct), evidence=[
        f"{c.name}: {c.totals.business_services} business services"
        + (f" ({', '.join(s.name for s in c.services if s.role == 'business' and not s.system)[:160]})"
           if c.totals.business_services else "") for c in clusters][:MAX_EVIDENCE])
    languages = _language_evidence(clusters)
    if languages and not sum(c.totals.business_services_without_language for c in clusters):
        found["languages"] = DetectedAnswer(value=sorted(languages), evidence=_language_lines(languages))
    protocols = _protocol_choices(scan, sig)
    if protocols:
        found["protocols"] = DetectedAnswer(value=sorted(protocols), evidence=[
            f"{choice}: {', '.join(sorted(seen)[:4])}" for choice, seen in sorted(protocols.items())])
    found["clusters"] = DetectedAnswer(value=len(clusters), evidence=[f"scanned {c.name} ({c.source})"
                                                                      for c in clusters][:MAX_EVIDENCE])
    observability: dict[str, list[str]] = {}
    for c in clusters:
        for comp in c.observability.components:
            if comp.kind in ("metrics", "logs", "tracing"):
                observability.setdefault(comp.kind, []).append(f"{comp.name} ({c.name}: {comp.evidence})")
    if observability:
        found["observability"] = DetectedAnswer(value=sorted(observability), evidence=[
            f"{kind}: {'; '.join(items[:2])}" for kind, items in sorted(observability.items())])
    found["platform"] = DetectedAnswer(value="kubernetes", evidence=[f"Kubernetes objects in {c.name}"
                                                                      for c in clusters][:MAX_EVIDENCE])
    mesh = _mesh(scan)
    if mesh is not None:
        found["existing_mesh"] = mesh
    network = cluster_network(scan.clusters)
    if network is not None:
        found["cluster_network"] = network
    return found


SEPARATE_KINDS = frozenset({"istio_multi_network", "istio_cross_network_gateway", "linkerd_gateway_link"})


def cluster_network(clusters: Sequence[ClusterInventory]) -> DetectedAnswer | None:
    """``separate`` when the clusters' Istio networks differ or a gateway carries traffic between clusters (an
    east-west gateway, a Linkerd link through a gateway); ``flat`` when Linkerd links go pod-to-pod or two or more
    Istio clusters share one network id; None without such evidence."""
    from readiness.models.answers import DetectedAnswer

    networks: dict[str, set[str]] = {}
    separate: list[str] = []
    flat: list[str] = []
    for c in clusters:
        for e in c.multicluster:
            if e.network:
                networks.setdefault(e.network, set()).add(c.name)
            line = f"{c.name}: {e.object}: {e.detail}"
            if e.kind in SEPARATE_KINDS:
                separate.append(line)
            elif e.kind == "linkerd_flat_link":
                flat.append(line)
    if len(networks) > 1:
        separate.insert(0, "Istio networks differ: " + "; ".join(
            f"{net} in {', '.join(sorted(names))}" for net, names in sorted(networks.items())))
    elif len(networks) == 1 and len(next(iter(networks.values()))) > 1 and not separate:
        net, names = next(iter(networks.items()))
        flat.insert(0, f"Istio clusters {', '.join(sorted(names))} share network {net}")
    if separate:
        if flat:
            separate.insert(min(len(separate), MAX_EVIDENCE - 1), f"also seen, pod-to-pod: {flat[0]}")
        return DetectedAnswer(value="separate", evidence=separate[:MAX_EVIDENCE])
    if flat:
        return DetectedAnswer(value="flat", evidence=flat[:MAX_EVIDENCE])
    return None


def _language_evidence(clusters: Inventories) -> dict[str, list[str]]:
    """language → ``namespace/workload: evidence`` of the business workloads a language was claimed for."""
    languages: dict[str, list[str]] = {}
    for c in clusters:
        for w in c.workloads:
            if w.language and w.role == "business" and not w.system:
                why = next((e.text for e in w.evidence if e.topic == "language"), "")
                languages.setdefault(w.language, []).append(f"{w.namespace}/{w.name}: {why}")
    return languages


def _language_lines(languages: dict[str, list[str]]) -> list[str]:
    return [f"{lang}: {items[0]}" + (f" (+{len(items) - 1} more)" if len(items) > 1 else "")
            for lang, items in sorted(languages.items())][:MAX_EVIDENCE]


def _coverage(clusters: Inventories) -> tuple[int, int]:
    """(business services with language evidence, business services) over the clusters."""
    total = sum(c.totals.business_services for c in clusters)
    return total - sum(c.totals.business_services_without_language for c in clusters), total


def language_coverage_note(clusters: Inventories) -> str | None:
    """The warning for partial language evidence (None when every business service, or none, shows some)."""
    covered, total = _coverage(clusters)
    languages = _language_evidence(clusters)
    if not languages or covered >= total:
        return None
    return (f"languages not detected: language evidence for {covered} of {total} business services only "
            f"({', '.join(sorted(languages))}); answer the languages question — the partial evidence is a hint, "
            f"not an answer")


def detection_hints(scan: ScanResult) -> dict[str, DetectedAnswer]:
    """Partial evidence for questions the scan does not answer (today: languages), to show as a hint only."""
    from readiness.models.answers import DetectedAnswer

    clusters = [c for c in scan.clusters if c.workloads or c.complete]
    languages = _language_evidence(clusters)
    covered, total = _coverage(clusters)
    if not languages or covered >= total:
        return {}
    lines = _language_lines(languages)
    lines.append(f"{total - covered} of {total} business services show no language evidence")
    return {"languages": DetectedAnswer(value=sorted(languages), evidence=lines[:MAX_EVIDENCE])}


def _protocol_choices(scan: ScanResult, sig: Signatures) -> dict[str, set[str]]:
    to_choice = {p: choice for choice, protocols in sig.protocols.categories.items() for p in protocols}
    found: dict[str, set[str]] = {}
    for c in scan.clusters:
        for p in c.totals.protocols:
            if p in to_choice:
                found.setdefault(to_choice[p], set()).add(p)
    return found


def _mesh(scan: ScanResult) -> DetectedAnswer | None:
    from readiness.models.answers import DetectedAnswer

    meshes: dict[str, tuple[int, list[str]]] = {}
    for c in scan.clusters:
        for m in c.mesh.detected:
            count, evidence = meshes.get(m.name, (0, []))
            meshes[m.name] = (count + m.injected_workloads, evidence + [f"{c.name}: {e}" for e in m.evidence])
    if meshes:
        name = max(meshes, key=lambda n: (meshes[n][0], n))
        evidence = meshes[name][1][:MAX_EVIDENCE]
        others = sorted(set(meshes) - {name})
        if others:
            evidence.append(f"also found: {', '.join(others)}")
        return DetectedAnswer(value=name if name in MESH_CHOICES else "other", evidence=evidence)
    if all(c.complete for c in scan.clusters):
        return DetectedAnswer(value="none", evidence=[f"{c.name}: no mesh proxies, control plane, CRDs, injection "
                                                      f"labels or webhooks" for c in scan.clusters][:MAX_EVIDENCE])
    return None


def disagreements(answers: Answers, detected: Mapping[str, DetectedAnswer],
                  scan: ScanResult | None = None) -> list[Disagreement]:
    """Answered values the scan contradicts, largest first.

    With ``scan``, partial evidence that did not become a detected answer (:func:`detection_hints`) is compared
    too: Java seen in 4 of 8 services still contradicts an answer that leaves Java out.
    """
    from readiness.models.scan import Disagreement

    found: list[Disagreement] = []
    hints = detection_hints(scan) if scan is not None else {}
    for qid, seen in {**hints, **detected}.items():
        try:
            item = answers.get(qid)
        except KeyError:
            continue
        if item.source != "answered" or not item.applicable:
            continue
        result = _compare(qid, item.value, seen.value)
        if result is None:
            continue
        severity, message = result
        value = sorted({*item.value, *seen.value}) if isinstance(item.value, list) and isinstance(seen.value, list) \
            else seen.value  # a list the scan adds to: what it found besides the answer
        found.append(Disagreement(question=qid, answered=item.display, detected=_show(seen.value),
                                  severity=severity, message=message, evidence=list(seen.evidence),
                                  detected_value=value))
    return sorted(found, key=lambda d: (d.severity != "major", d.question))


def _compare(qid: str, answered: AnswerValue, detected: AnswerValue
             ) -> tuple[Literal["info", "major"], str] | None:
    if qid in ("service_count", "clusters") and isinstance(answered, int) and isinstance(detected, int):
        low, high = sorted((answered, detected))
        if qid == "clusters":
            return ("info", f"answered {answered} cluster(s); {detected} were scanned") if detected > answered else None
        if high - low >= 3 and high >= 2 * max(low, 1):
            return "major", f"answered {answered} services; the scan found {detected} business services"
        return None
    if isinstance(answered, list) and isinstance(detected, list):
        missing = sorted(set(detected) - set(answered))
        if not missing:
            return None
        severity: Literal["info", "major"] = "major" if qid == "languages" else "info"
        return severity, f"the scan found {', '.join(missing)}, which the answer leaves out"
    if qid == "platform":
        if answered in ("vms", "serverless"):
            return "major", f"answered {answered}, but Kubernetes clusters were scanned"
        return None
    if qid == "cluster_network" and answered == "unknown":
        return "info", f"answered unknown; the existing multicluster set-up shows {detected} networks"
    if answered != detected:
        return "major", f"answered {answered}; the scan found {detected}"
    return None


def _show(value: AnswerValue) -> str:
    if isinstance(value, list):
        return ", ".join(value) if value else "none"
    return str(value)
