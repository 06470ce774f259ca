"""Make a synthesized ``cdk.tf.json`` digestible for checkov.

Measured with checkov 3.3.30 on cdktf output:
- a ``terraform`` block holding a non-object value (``required_version``) makes
  checkov skip the whole file (0 checks, 1 parse error);
- blocks that carry explicit nulls (cdktf writes ``"description": null`` in
  security-group ingress entries) hide open ingress from its checks.
The normalised copy drops null-valued keys recursively and every non-object value
directly under ``terraform``; the input is never modified.
"""
from __future__ import annotations

from typing import Any


def normalize_for_checkov(doc: Any) -> dict:
    """A copy of ``doc`` without null values and without ``terraform.required_version``."""
    if not isinstance(doc, dict):
        return {}
    out = _drop_nulls(doc)
    terraform = out.get("terraform")
    if isinstance(terraform, dict):
        out["terraform"] = {k: v for k, v in terraform.items() if isinstance(v, dict)}
    elif "terraform" in out:
        del out["terraform"]
    return out


def _drop_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_nulls(v) for v in value if v is not None]
    return value
