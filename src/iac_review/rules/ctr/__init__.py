"""CTR: contracts between files: entry point, stack, tests, scaffolding."""
