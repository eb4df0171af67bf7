"""Benchmark: the mesh precheck and the cost inputs on a synthetic cluster (BENCH_PODS, default 100 000 pods).

The objects come from ``tests/k8s_server/synth.py`` (one workload per five pods, with their pods, Services,
PDBs and HPAs), trimmed as a scan trims them. Measured in this process, after the objects are built:

- ``build inventory``: ``readiness.scan.inventory.build_inventory`` — the scan's own pass, for scale;
- ``run_precheck``: every catalogue check (selectors are matched through an index, not pairwise);
- ``inputs_from_objects``: the pod, node and capacity counts of the cost estimate.

Goal (issue 6): the precheck takes no longer than building the inventory of the same objects.
Run: ``python bench/precheck.py [--pods N]`` or through ``make bench``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.settings import bench_pods  # noqa: E402  (needs the repository on sys.path)

GOAL = 1.0


def synthetic_cluster(pods: int) -> Any:
    """The synthetic cluster's objects, trimmed as a scan trims them."""
    from readiness.scan.objects import SCANNED_KINDS, ClusterObjects
    from readiness.scan.slim import slim_object
    from tests.k8s_server.synth import synthetic_objects

    kinds = {k.plural: k.kind for k in SCANNED_KINDS}
    objects = ClusterObjects(name="synthetic", source="bench", kubernetes_version="v1.31.2")
    for _, plural, obj in synthetic_objects(pods):
        obj["kind"] = kinds[plural]
        objects.add(slim_object(obj))
    return objects


def best_of(function: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return min(samples) if repeat < 3 else statistics.median(samples)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pods", type=int, default=bench_pods())
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv if argv is not None else [])

    from readiness.app.rules import load_check_catalogue
    from readiness.mesh.cost import inputs_from_objects
    from readiness.mesh.precheck import run_precheck
    from readiness.scan.inventory import build_inventory

    objects = synthetic_cluster(args.pods)
    catalogue = load_check_catalogue()
    counts = {kind: len(items) for kind, items in objects.objects.items()}
    print(f"synthetic cluster: {args.pods} pods, {counts.get('Deployment', 0) + counts.get('StatefulSet', 0)} "
          f"workloads, {counts.get('Service', 0)} Services")
    inventory = best_of(lambda: build_inventory(objects), args.repeat)
    precheck = best_of(lambda: run_precheck(objects, catalogue), args.repeat)
    inputs = best_of(lambda: inputs_from_objects([objects], catalogue.system_namespaces), args.repeat)
    print(f"{'build_inventory (for scale)':<40} {inventory:8.2f} s")
    print(f"{'run_precheck (12 checks)':<40} {precheck:8.2f} s  ({precheck / inventory:.2f}× the inventory; "
          f"goal ≤ {GOAL:g}×)")
    print(f"{'inputs_from_objects (cost counts)':<40} {inputs:8.2f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
