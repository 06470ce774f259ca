"""Sandboxed synthesis of the project's app: one-shot runs and a pool of warm workers."""
