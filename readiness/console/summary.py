"""The short terminal summary of an Assessment: verdict, scores, top reasons, plan outline."""

from __future__ import annotations

import textwrap

from readiness.models import Assessment

_STYLES = {"bold": "\033[1m", "dim": "\033[2m", "green": "\033[32m", "yellow": "\033[33m",
           "red": "\033[31m", "cyan": "\033[36m", "reset": "\033[0m"}
_VERDICT_COLOUR = {"adopt_now": "green", "pilot": "cyan", "prepare_first": "yellow",
                   "gateway_only": "cyan", "not_yet": "yellow"}


def summary_text(assessment: Assessment, *, color: bool = False, width: int = 80) -> str:
    """A few lines for a terminal; plain text unless ``color``."""

    def style(text: str, *names: str) -> str:
        if not color:
            return text
        return "".join(_STYLES[n] for n in names) + text + _STYLES["reset"]

    def wrap(text: str, indent: str) -> list[str]:
        return textwrap.wrap(text, width=max(40, width), initial_indent=indent,
                             subsequent_indent=indent + "  ") or [indent]

    rec = assessment.recommendation
    scores = assessment.scores
    answered = sum(1 for a in assessment.answers if a.source != "default")
    lines = [style(f"Verdict: {rec.title} ({rec.category})", "bold", _VERDICT_COLOUR[rec.category])]
    lines += wrap(rec.headline, "  ")
    lines += wrap(f"Need {scores.need:.0f}/100 · Readiness {scores.readiness:.0f}/100 · "
                  f"Confidence {scores.confidence:.0f}% ({scores.confidence_label}: the share of the scoring weight "
                  f"resting on answers given or detected; {answered} of {len(assessment.answers)} questions "
                  f"answered or detected)", "")
    for title, reasons in (("Top drivers", rec.drivers), ("Dampeners", rec.dampeners),
                           ("Readiness gaps", rec.readiness_gaps)):
        if reasons:
            lines.append(style(title + ":", "bold"))
            for reason in reasons:
                lines += wrap(f"{reason.contribution:+6.1f}  {reason.text}", "  ")
    if rec.triggers:
        lines.append(style("What would change this verdict:", "bold"))
        for trigger in rec.triggers:
            lines += wrap(f"→ {trigger.change}", "  ")
    plan = assessment.plan
    outline = " → ".join(p.name for p in plan.phases)
    lines.append(style("Plan:", "bold") + f" {len(plan.phases)} phases, "
                 f"{plan.total_weeks.min}–{plan.total_weeks.max} weeks")
    lines += wrap(outline, "  ")
    if assessment.mesh_options is not None:
        lines += wrap(style("Mesh options:", "bold") + f" {assessment.mesh_options.headline}", "")
    if assessment.precheck is not None:
        findings = [f for c in assessment.precheck.clusters for f in c.findings]
        counts = {level: sum(1 for f in findings if f.severity == level) for level in ("error", "warning", "info")}
        clusters = len(assessment.precheck.clusters)
        shown = [f"{n} {level}{'s' if n != 1 and level != 'info' else ''}" for level, n in counts.items()]
        lines += wrap(style("Precheck:", "bold") + " " + ", ".join(shown)
                      + f" in {clusters} cluster{'s' if clusters != 1 else ''} (details in the report)", "")
    for warning in assessment.warnings:
        lines += wrap(style(f"warning: {warning}", "yellow"), "")
    return "\n".join(lines) + "\n"
