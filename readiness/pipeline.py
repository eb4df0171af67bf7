"""From answers and an optional cluster scan to the whole Assessment.

One path for `readiness assess` and `readiness interview`, so both give the same document: scoring and
plan (``build_assessment``), the scan with its detected answers and disagreements, then the precheck,
cost estimate and mesh options (``with_mesh_analysis``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from readiness.core.assessment import build_assessment
from readiness.mesh.analysis import with_mesh_analysis
from readiness.models import Answers, Assessment, DetectedAnswer, PlanCatalogue, Questionnaire, ScanResult
from readiness.scan.collect import ScanRequest, build_result, collect_objects
from readiness.scan.detect import detect_answers, detection_hints, disagreements
from readiness.scan.objects import ClusterObjects


@dataclass(frozen=True)
class ScanOutcome:
    """What a scan contributes: the inventories, the raw objects for the precheck, the detected answers."""

    result: ScanResult | None = None
    objects: tuple[ClusterObjects, ...] = ()
    detected: Mapping[str, DetectedAnswer] = field(default_factory=dict)
    hints: Mapping[str, DetectedAnswer] = field(default_factory=dict)
    """Partial evidence that is not an answer (languages seen in only some services): for people to read."""


NO_SCAN = ScanOutcome()


@dataclass(frozen=True)
class RequestRates:
    """Request rates for the cost estimate: a total, and/or per Service name."""

    total: float | None = None
    per_service: Mapping[str, float] = field(default_factory=dict)


def scan_clusters(request: ScanRequest, generated_at: dt.datetime) -> ScanOutcome:
    """Scan what the request names and turn what it shows into detected answers."""
    objects = collect_objects(request)
    result = build_result(objects, request, generated_at)
    return ScanOutcome(result=result, objects=tuple(objects), detected=detect_answers(result),
                       hints=detection_hints(result))


def full_assessment(questionnaire: Questionnaire, catalogue: PlanCatalogue, answers: Answers,
                    generated_at: dt.datetime, scan: ScanOutcome = NO_SCAN,
                    rates: RequestRates | None = None) -> Assessment:
    """The whole assessment: verdict and plan, scan findings and disagreements, precheck, cost, options.

    ``answers`` must have been resolved with ``scan.detected``, so detected values fill the gaps.
    """
    rates = rates or RequestRates()
    found = disagreements(answers, dict(scan.detected), scan.result) if scan.result is not None else []
    assessment = build_assessment(questionnaire, catalogue, answers, generated_at, scan=scan.result,
                                  disagreements=found)
    return with_mesh_analysis(assessment, list(scan.objects), rps=rates.total,
                              rps_per_service=dict(rates.per_service) or None)
