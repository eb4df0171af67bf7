"""Run a scan from command-line style options: snapshots, live contexts and source checkouts → ScanResult.

The live scanner (``readiness.scan.live``, the only importer of ``kubernetes``) is imported only when a
live source is asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import msgspec
from msgspec.structs import replace

from readiness.errors import ScanError, UsageError
from readiness.models.scan_records import ScanResult, to_model
from readiness.scan.checkouts import check_root, scan_sources
from readiness.scan.detect import language_coverage_note
from readiness.scan.fleet import fleet_of
from readiness.scan.inventory import inventory_record
from readiness.scan.objects import ClusterObjects
from readiness.scan.snapshot import load_snapshot

if TYPE_CHECKING:
    from readiness.models.scan import ScanResult as ScanModel

Progress = Callable[[str, int], None]


class ScanRequest(msgspec.Struct):
    """What to scan; with nothing but ``live_default`` set, the current kube context is scanned."""

    snapshots: Sequence[str] = ()
    sources: Sequence[str] = ()
    contexts: Sequence[str] = ()
    all_contexts: bool = False
    kubeconfig: str | None = None
    in_cluster: bool = False
    system_namespaces: Sequence[str] | None = None
    live_default: bool = True
    progress: Callable[[str], Progress] | None = None
    notice: Callable[[str], None] | None = None
    """Where a live scan says it is waiting (a stalled server, a retry); stderr in the CLI."""
    unscanned: list[str] = msgspec.field(default_factory=list)
    """Filled by :func:`collect_objects`: the contexts that could not be scanned, and why."""

    @property
    def live(self) -> bool:
        """Whether a live cluster is read."""
        wanted = bool(self.contexts or self.all_contexts or self.in_cluster)
        return wanted or (self.live_default and not self.snapshots)

    def check(self) -> None:
        """Refuse contradictory options before any work."""
        if self.in_cluster and (self.contexts or self.all_contexts):
            raise UsageError("--in-cluster cannot be combined with --context or --all-contexts")
        if self.all_contexts and self.contexts:
            raise UsageError("--all-contexts and --context are alternatives; use one")
        if len(set(self.contexts)) != len(self.contexts):
            raise UsageError("--context: each context may be given once")
        if list(self.snapshots).count("-") > 1:
            raise UsageError("--snapshot -: stdin can be read only once")
        for source in self.sources:
            check_root(source)


def collect_objects(request: ScanRequest) -> list[ClusterObjects]:
    """The raw objects of every requested cluster: snapshots first, then live contexts."""
    request.check()
    found = [load_snapshot(path) for path in request.snapshots]
    if request.live:
        from readiness.scan import live

        contexts: list[str | None]
        if request.all_contexts:
            contexts = list(live.list_contexts(request.kubeconfig))
            if not contexts:
                raise UsageError("--all-contexts: the kubeconfig names no contexts")
        elif request.contexts:
            contexts = list(request.contexts)
        else:
            contexts = [None]
        if request.contexts:
            live.check_contexts(request.contexts, request.kubeconfig)     # a typo is an error, not a dead cluster
        request.unscanned.clear()
        failures: list[str] = []
        for context in contexts:
            progress = request.progress(context or "current context") if request.progress else None
            try:
                found.append(live.scan_live(context, request.kubeconfig, in_cluster=request.in_cluster,
                                            progress=progress, notice=request.notice))
            except ScanError as exc:
                if len(contexts) == 1 and not found:
                    raise
                failures.append(str(exc))
                request.unscanned.append(f"context {context}: not scanned, the other clusters were — {exc}")
                if request.notice:
                    request.notice(f"context {context} could not be scanned ({exc}); going on with the others")
        if failures and not found:
            raise ScanError(f"no cluster could be scanned: {'; '.join(failures)}")
    _unique_names(found)
    return found


def build_result(objects: Sequence[ClusterObjects], request: ScanRequest,
                 generated_at: dt.datetime | None = None) -> ScanResult:
    """Inventories of the collected objects, with source-checkout languages applied."""
    findings, warnings = scan_sources(request.sources) if request.sources else ([], [])
    warnings = [*request.unscanned, *warnings]
    clusters = [inventory_record(o, system_namespaces=request.system_namespaces, source_findings=findings)
                for o in objects]
    matched: dict[str, list[str]] = {}
    for cluster in clusters:
        for w in cluster.workloads:
            if w.source_path is not None:
                matched.setdefault(w.source_path, []).append(f"{cluster.name}/{w.namespace}/{w.name}")
    findings = [replace(f, matched=sorted(set(matched.get(f.path, [])))) for f in findings]
    for f in findings:
        if not f.matched and clusters:
            warnings.append(f"source {f.path}: service {f.name} matched no workload")
    note = language_coverage_note([c for c in clusters if c.workloads or c.complete])
    if note:
        warnings.append(note)
    return ScanResult(generated_at=generated_at, clusters=clusters, fleet=fleet_of(clusters), sources=findings,
                      warnings=warnings)


def scan(request: ScanRequest, generated_at: dt.datetime | None = None) -> ScanModel:
    """Collect and inventory in one call, as the pydantic contract."""
    from readiness.models.scan import ScanResult as Model

    return to_model(build_result(collect_objects(request), request, generated_at), Model)


def _unique_names(found: list[ClusterObjects]) -> None:
    seen: dict[str, int] = {}
    for objects in found:
        count = seen.get(objects.name, 0)
        seen[objects.name] = count + 1
        if count:
            objects.name = f"{objects.name}-{count + 1}"
