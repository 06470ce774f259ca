"""Comparison of the model's project with the IDEAL_RESPONSE's project."""
from iac_review.diff.ideal import FilePair, Hunk, IdealDiff, diff_against_ideal, load_ideal

__all__ = ["FilePair", "Hunk", "IdealDiff", "diff_against_ideal", "load_ideal"]
