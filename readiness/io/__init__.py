"""Defensive reads, atomic writes, document kinds and the bundled data: the layer every other one reads through."""
