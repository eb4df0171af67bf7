"""What the benchmarks share: the size of the synthetic cluster."""

from __future__ import annotations

import os

DEFAULT_PODS = 100_000
"""Issue 5's figure: 100 000 pods, about 20 000 workloads (``tests/k8s_server/synth.py``). ``make bench`` takes
about seven minutes on two cores at this size; ``BENCH_PODS=20000 make bench`` about two."""


def bench_pods() -> int:
    """The synthetic cluster's pod count: ``BENCH_PODS`` from the environment, else :data:`DEFAULT_PODS`."""
    return int(os.environ.get("BENCH_PODS", DEFAULT_PODS))
