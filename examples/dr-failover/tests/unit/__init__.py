"""Unit tests (synthesized JSON)."""
