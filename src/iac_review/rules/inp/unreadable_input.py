"""Input that cannot be read as intended.

What it finds:
    An answer or project file that is not valid UTF-8 (reported with the byte
    offset and line of the first bad byte), is empty, is larger than the size
    limit, cannot be opened, or a task `metadata.json` that is not a JSON object.

Why it matters:
    Replaced bytes can hide or change code, an empty or skipped file is code
    nobody reviewed, and broken metadata removes the task's context (platform,
    language) from the review.

Example:
        a MODEL_RESPONSE.md saved as Latin-1, with the byte 0xE9 in a comment

Use instead:
        save the answer as UTF-8; keep metadata.json valid JSON

Fix safety:
    No automatic fix: the original bytes cannot be recovered reliably.

References:
    https://docs.python.org/3/howto/unicode.html
"""
from __future__ import annotations


from iac_review.core.finding import Severity
from iac_review.core.rule import ProblemRule, RuleMeta


class UnreadableInput(ProblemRule):
    meta = RuleMeta(
        id="INP002",
        name="unreadable-input",
        category="project_scaffolding_missing_or_wrong",
        default_severity=Severity.HIGH,
        stage="input",
        summary="Input that cannot be read as intended",
        why="The file was saved in another encoding, truncated, left empty or generated far too large.",
        impact="Deployability: unread or altered code is not reviewed and may not run.",
        docs="https://docs.python.org/3/howto/unicode.html",
        training_value="Deliverables must be complete UTF-8 text files.",
        fix="none",
    )

