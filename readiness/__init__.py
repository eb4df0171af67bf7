"""readiness: do you need a service mesh now, why, and how to adopt one in phases."""

__version__ = "0.1.0"
