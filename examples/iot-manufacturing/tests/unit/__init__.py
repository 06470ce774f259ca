"""Unit tests (synthesized JSON and the Lambda handler)."""
