"""Cluster scanning: live (read-only, kubernetes client) and offline snapshots → inventory."""
