"""Agreement between our findings and a human MODEL_FAILURES.md (issue 5 item 4)."""
from __future__ import annotations

from iac_review.agreement.categorize import categorize
from iac_review.agreement.human import HumanItem, parse_analysis
from iac_review.agreement.match import Agreement, agree

__all__ = ["Agreement", "HumanItem", "agree", "categorize", "parse_analysis"]
