"""Findings from running synthesis itself."""
