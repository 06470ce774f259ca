"""PY: Python: syntax, undefined names, lint, nesting."""
