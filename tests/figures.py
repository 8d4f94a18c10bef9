"""Figures that tests measure and report at the end of the run (see tests/conftest.py)."""

from __future__ import annotations

FIGURES: list[str] = []
