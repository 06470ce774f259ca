"""Training-quality score (docs/scoring.md): ``compute_score(input_review, prompt, metadata)``."""
from iac_review.score.classes import CATEGORY_CLASSES, class_of
from iac_review.score.compute import Score, Term, compute_score

__all__ = ["CATEGORY_CLASSES", "Score", "Term", "class_of", "compute_score"]
