"""Contracts between files: entry point, stack, tests, scaffolding."""
