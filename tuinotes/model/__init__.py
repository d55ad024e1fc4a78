"""The model layer: plain dataclasses and text rules every other layer shares (no I/O)."""
