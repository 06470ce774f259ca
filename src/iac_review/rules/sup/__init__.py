"""SUP: inline suppressions (``# iac-review: ignore[...]``) that say no reason or suppress nothing."""
