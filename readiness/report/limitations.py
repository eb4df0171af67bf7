"""The assumptions and limitations page, and the technical appendix a consultant may turn on.

The assumptions page says what the numbers rest on that nobody measured: the counts the plan and the costs were
sized with (pods per service, namespaces assumed), the prices with their sources and dates, the benchmarks, the
questions nobody answered or whose default was assumed, and what the scan could not see. Each sentence is written
only when its fact holds.

The technical appendix holds what a client does not read but a consultant may want on file: the tool and its
version, the questionnaire and catalogue versions, the verdict rules as the engine states them, the inputs of the
cost estimate with their evidence, the files the scan read and every warning (they name files). It is off unless
the brand turns it on. Pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from readiness.models import Assessment
from readiness.report.bounds import MAX_ROWS, more_line, top
from readiness.report.wording import fill, plural


@dataclass(frozen=True)
class Limitations:
    """Every assumption and limitation, by kind (an empty list is not shown)."""

    counts: list[str]
    prices: list[str]
    benchmarks: list[str]
    unanswered: list[str]
    scan: list[str]
    disagreements: list[str]
    confidence: str


def limitations(a: Assessment, text: Mapping[str, Any], confidence: str, *,
                sources_appendix: bool) -> Limitations:
    """The assumptions and limitations of an assessment; the published figures are listed unless the proxy
    estimate's appendix (``sources_appendix``) lists them."""
    t = text["assumptions"]
    units = text["units"]
    counts = [a.plan.scaling_note] if a.plan.scaling_note else []
    if a.cost is not None:
        if a.cost.sizing is not None:
            counts.append(a.cost.sizing.statement)
        inputs = a.cost.inputs
        if inputs.namespaces.origin == "assumption" and inputs.namespaces.value is not None:
            counts.append(fill(t["namespaces_assumed"], namespaces=plural(inputs.namespaces.value, units["namespace"],
                                                                          units["namespaces"])))
        if inputs.nodes.value is None:
            counts.append(t["nodes_unknown"])
        if inputs.rps.value is None:
            counts.append(t["rps_unknown"])
        counts += list(a.cost.sizing.disagreements) if a.cost.sizing is not None else []
    if a.business_case is not None and a.business_case.sizing not in counts:
        counts.append(a.business_case.sizing)
    prices = list(a.business_case.assumptions) if a.business_case is not None else []
    # the proxy estimate's appendix lists the same sources: the client reads them once
    benchmarks = ([fill(t["benchmark"], title=s.title, version=s.version) for s in a.cost.sources]
                  if a.cost and not sources_appendix else [])
    unanswered = []
    for x in a.answers:
        if not x.applicable or x.source in ("answered", "detected"):
            continue
        unanswered.append(fill(t["assumed" if x.assumed else "unknown"], question=x.prompt, answer=x.display))
    return Limitations(counts, prices, benchmarks, unanswered, _scan(a, text),
                       [fill(t["disagreement"], message=d.message) for d in top(a.disagreements, MAX_ROWS)[0]],
                       confidence)


def _scan(a: Assessment, text: Mapping[str, Any]) -> list[str]:
    """What the scan could not see, cluster by cluster; without a scan, that every fact comes from the answers."""
    t = text["assumptions"]
    if a.scan is None or not a.scan.clusters:
        return [t["no_scan"]]
    lines = []
    for c in a.scan.clusters:
        if not c.complete:
            lines.append(fill(t["snapshot"], cluster=c.name))
        if c.kubernetes_version is None:
            lines.append(fill(t["no_version"], cluster=c.name))
        if not c.nodes.count:
            lines.append(fill(t["no_nodes"], cluster=c.name))
        unknown = c.totals.business_services_without_language
        if unknown:
            lines.append(fill(t["no_language"], cluster=c.name, count=unknown, total=c.totals.business_services))
    if a.precheck is not None:
        for checked in a.precheck.clusters:
            for skipped in checked.skipped:
                lines.append(fill(t["skipped"], cluster=checked.cluster, reason=skipped.reason))
    return list(dict.fromkeys(lines))


@dataclass(frozen=True)
class Technical:
    """The technical appendix: labelled facts and lists."""

    facts: list[tuple[str, str]]
    rules: list[str]
    inputs: list[tuple[str, str]]
    caveats: list[str]
    options_method: str
    sources: list[tuple[str, str]]
    more_sources: str
    warnings: list[str]
    more_warnings: str


def technical(a: Assessment, text: Mapping[str, Any], generated: str) -> Technical:
    """What the technical appendix shows."""
    t = text["technical"]
    facts = [(t["tool"], f"{a.tool.name} {a.tool.version}"), (t["generated"], generated),
             (t["questionnaire"], a.questionnaire), (t["schema"], a.schema_version)]
    if a.cost is not None:
        facts.append((t["cost_data"], a.cost.data_version))
    if a.precheck is not None:
        facts.append((t["precheck_catalogue"], a.precheck.catalogue))
    if a.business_case is not None:
        pricing = a.business_case.pricing
        facts.append((t["pricing"], f"{pricing.version} ({pricing.origin})"))
    inputs: list[tuple[str, str]] = []
    if a.cost is not None:
        names = text["cost"]["input_names"]
        i = a.cost.inputs
        for key, value in (("pods", i.pods), ("nodes", i.nodes), ("services", i.services),
                           ("namespaces", i.namespaces), ("clusters", i.clusters), ("rps", i.rps)):
            shown = f"{value.value:g}" if value.value is not None else text["cost"]["not_known"]
            inputs.append((names[key], f"{shown} ({value.origin}: {value.evidence})"))
    sources: list[tuple[str, str]] = []
    warnings = list(a.warnings)
    if a.scan is not None:
        sources += [(c.name, c.source) for c in a.scan.clusters]
        sources += [(s.name, s.path) for s in a.scan.sources]
        warnings += list(a.scan.warnings) + [w for c in a.scan.clusters for w in c.warnings]
    shown, hidden = top(warnings, MAX_ROWS)
    shown_sources, more_sources = top(sources, MAX_ROWS)
    return Technical(facts, list(a.method.verdict_rules), inputs, list(a.cost.caveats) if a.cost else [],
                     a.mesh_options.method if a.mesh_options else "", shown_sources, more_line(text, more_sources),
                     shown, more_line(text, hidden))
