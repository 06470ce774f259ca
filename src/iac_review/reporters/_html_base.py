"""Building blocks of the HTML page: escaping, inlined assets, element ids."""
from __future__ import annotations

import re
from functools import lru_cache
from html import escape
from importlib import resources

from iac_review.core.finding import Finding
from iac_review.reporters import _common

# Content-Security-Policy: inline style and script only; nothing may be fetched.
CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    return resources.files("iac_review.reporters").joinpath(name).read_text(encoding="utf-8")


def esc(value: object) -> str:
    return escape(str(value), quote=True)


_TICKS = re.compile(r"`([^`\n]+)`")


def code_text(value: object) -> str:
    """Escaped prose with markdown `code` spans shown as <code> (applied after escaping)."""
    return _TICKS.sub(r"<code>\1</code>", esc(value))


def plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def doc_url(url: str | None) -> str:
    """The URL when it may be a link (http or https, no blanks), else ""."""
    url = (url or "").strip()
    return url if url.startswith(("https://", "http://")) and not any(c.isspace() for c in url) else ""


class Ids:
    """Element ids of one input: cards ``in1-f3``, hunks ``in1-h2``, code lines ``in1-c1-L9``."""

    def __init__(self, prefix: str, findings: list[Finding]):
        self.prefix = prefix
        self.findings = _common.sorted_findings(findings)
        self._by_identity = {id(f): f"{prefix}-f{n}" for n, f in enumerate(self.findings, 1)}
        self._by_value: dict[tuple, str] = {}
        for f in self.findings:
            self._by_value.setdefault(self._key(f.rule_id, f.location.file, f.location.line, f.message),
                                      self._by_identity[id(f)])

    @staticmethod
    def _key(rule_id, file, line, message) -> tuple:
        return (str(rule_id), str(file), int(line or 0), str(message))

    def of(self, finding: Finding) -> str | None:
        return self._by_identity.get(id(finding)) or self._by_value.get(
            self._key(finding.rule_id, finding.location.file, finding.location.line, finding.message))

    def of_ref(self, ref: dict) -> str | None:
        """The card of a finding given as a dict (``to_dict()`` of the diff or agreement)."""
        return self._by_value.get(self._key(ref.get("rule_id"), ref.get("file"), ref.get("line"),
                                            ref.get("message")))
