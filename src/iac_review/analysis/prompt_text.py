"""What a task's prompt requires, read deterministically from its text.

The prompt is cut into units (list items, and the sentences of other lines),
skipping code blocks and sections that are optional, hints, or background
(by their heading). A unit counts as a requirement when it is a list item or
says so (must, should, need, create, deploy, ...), and not when it is marked
optional or negated. From each unit come:

- components: AWS components named in it (prompt_components.yaml);
- versions: engine, Kubernetes and Lambda runtime versions ("PostgreSQL 15.4",
  "Python 3.12 runtime" in a Lambda sentence; "3.9+" is a minimum);
- tags: tag keys (and values) a tagging sentence names (`Environment: Production`);
- retention: days for logs or backups ("retain logs for 30 days").

Every requirement keeps the line and the text it came from, so a finding can
quote the prompt. Regions are read by provider_regions (the same text).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from iac_review.knowledge.prompt_components import components

# Headings of sections whose content binds nothing.
_SKIPPED_SECTION = re.compile(r"optional|enhancement|time permits|bonus|nice to have|hint|expected output|"
                              r"complexity|subtask|background|context|example|deliverable|output format|"
                              r"structure|layout|outputs|cost|troubleshoot|known issue|lesson|note|forbidden|"
                              r"prohibited|anti-?pattern|do not|don't|avoid",
                              re.IGNORECASE)
# Units that suggest, warn or explain rather than require.
_OPTIONAL = re.compile(r"\b(optional(ly)?|if time permits|nice to have|bonus|could|may also|prefer(red)?|"
                       r"future|later on|eventually|example|for instance|"
                       r"alternatively|alternative|consider|where (possible|applicable)|if (needed|applicable|"
                       r"creating|required|you)|warning|note|allows only)\b|\be\.g\.", re.IGNORECASE)
# Conditions ("If NAT is required: ...") and file layouts ("lib/network.py: VPC, subnets").
_ASIDE = re.compile(r"(if\b|[\w./-]{1,200}\.(py|ts|js|json|md|yaml|yml)\b)", re.IGNORECASE)
_NEGATED = re.compile(r"\b(no|not|never|without|avoid|instead of|don't|do not|rather than)\b", re.IGNORECASE)
# A negation counts for a component named within this many characters after it ("no NAT gateway").
_NEGATION_REACH = 24
# Words after which a component is what something else refers to, not a requirement of its own.
# Where something is reached from ("accessible from within the VPC") and what a task acts on
# ("a Lambda to copy parameters") are references too.
_REFERENCE = re.compile(r"\b(for|showing|monitoring|tracking|of|between|across|via|watching|"
                        r"access to|from|within|inside|cop(y|ies|ying)|migrat(e|es|ing)|"
                        r"mov(e|es|ing)|sync(s|ing)?)\b", re.IGNORECASE)
# "... to (a new / AWS) <component>": what a move from elsewhere goes to.
_DESTINATION = re.compile(r"\bto\s+(?:(?:a|an|the|aws|amazon|new)\s+){0,2}$", re.IGNORECASE)
_EXISTING = re.compile(r"\b(existing|pre-?existing|already (created|deployed))\b", re.IGNORECASE)
_MANDATE = re.compile(r"\b(must|should|shall|needs?|required?|requires|create|deploy|implement|configure|"
                      r"set ?up|use|include|enable|provision|build|add|ensure|have|expose)\b", re.IGNORECASE)
_STRONG = re.compile(r"\b(must|required|mandatory|shall)\b", re.IGNORECASE)
_STRONG_SECTION = re.compile(r"mandatory|requirement|must|core|critical", re.IGNORECASE)
# "Examples:" / "For example:" introducing a nested list of examples.
_EXAMPLES_LEAD = re.compile(r"(for )?examples?\s*:?\s*$", re.IGNORECASE)
# A labelled illustration of right or wrong code.
_VERDICT = re.compile(r"^\W{0,4}(correct|wrong|incorrect|right|bad|good|do|don't)\s*:", re.IGNORECASE)
# A rewrite rule "what not to write → what to write": only its right side asks for anything.
# (A flow "validate → analyze → store" is no rewrite: the right side is not an instruction.)
_REWRITE = re.compile(r"\s(?:→|->|=>)\s+(?=(?:use|remove|set|replace|change|write|switch|make)\b)",
                      re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
_HEADING = re.compile(r"^\s*#{1,6}\s+(.*)$")
# A sentence ends at ". " before an upper-case letter (so "3.9 and" and "e.g. the" stay whole);
# a clause at "; " ("Do not use a NAT gateway; use VPC endpoints").
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z`*])|;\s+")

_VERSION = r"(?:version\s+|v)?(\d+(?:\.\d+){0,2})(\+|\s+or\s+(?:higher|later|newer|above))?"
_ENGINE_VERSIONS = (
    ("aurora-postgresql", re.compile(r"\baurora\s+postgre(?:s|sql)(?:[- ]compatible)?\s+" + _VERSION, re.I)),
    ("aurora-mysql", re.compile(r"\baurora\s+mysql(?:[- ]compatible)?\s+" + _VERSION, re.I)),
    ("postgres", re.compile(r"\bpostgre(?:s|sql)\s+" + _VERSION, re.I)),
    ("mysql", re.compile(r"\bmysql\s+" + _VERSION, re.I)),
    ("redis", re.compile(r"\b(?:redis|valkey)(?:\s+oss)?\s+" + _VERSION, re.I)),
    ("kubernetes", re.compile(r"\b(?:kubernetes|eks)\s+" + _VERSION, re.I)),
)
# "+", "or higher", "or later", "and above" make the version a minimum.
_AT_LEAST = r"(\+|\s+or\s+(?:higher|later|newer|above)|\s+and\s+(?:above|later|newer))?"
_RUNTIME_VERSIONS = (
    ("python", re.compile(r"\bpython\s+(3\.\d+)" + _AT_LEAST, re.I)),
    ("nodejs", re.compile(r"\bnode(?:\.?js)?\s+(\d+)(?:\.x)?" + _AT_LEAST, re.I)),
)
_LAMBDA = re.compile(r"\blambda\b", re.IGNORECASE)
_TAGGING = re.compile(r"\btag(s|ged|ging)?\b", re.IGNORECASE)
# `Key: Value`, "Key=Value", Key: Value (keys are CamelCase words, values one token).
# `Key: Value` / "Key=Value" (quoted), or Key: Value for a key commonly used as a tag.
_TAG_PAIR = re.compile(r"([`'\"]?)\b([A-Z][A-Za-z]{1,30})\s*[:=]\s*[`'\"]?([A-Za-z0-9][\w.-]{0,40})")
_COMMON_TAG_KEYS = frozenset({"Environment", "Env", "Owner", "Project", "CostCenter", "Team", "Application",
                              "App", "ManagedBy", "Department", "Service", "Compliance", "DataClassification",
                              "Stage", "BusinessUnit", "Tenant", "TenantId", "Purpose"})
# Words that introduce something in a tagging sentence without being a tag key.
_NOT_TAG_KEYS = frozenset({"Example", "Examples", "Tagging", "Tags", "Tag", "Note", "Format", "Pattern",
                           "Important", "Required", "Optional", "Warning", "Value", "Key", "Name", "All"})
# A list item that is nothing but one tag: "Environment=Production", "`Owner`: `data-team`".
_BARE_TAG = re.compile(r"^`?([A-Za-z][\w:.-]{0,60})`?\s*[:=]\s*`?([\w.@/+-]{1,80})`?$")
_TAG_NAME = re.compile(r"`([A-Z][A-Za-z]{1,30})`")
_DAYS = re.compile(r"\b(\d{1,4})[- ]days?\b", re.IGNORECASE)
_RETENTION = re.compile(r"\bretention|\bretain|\bkeep\b|\bexpire", re.IGNORECASE)


@dataclass(frozen=True)
class Requirement:
    kind: str                 # component, version, tag, retention
    subject: str              # component name, engine or runtime family, tag key, "logs" or "backups"
    value: str | None         # version, tag value, days
    line: int                 # 1-based line of the prompt
    quote: str                # the unit it was read from
    minimum: bool = False     # a version written "3.9+"
    strong: bool = False      # said with must / required, or under a "mandatory" heading

    @property
    def label(self) -> str:
        if self.kind == "component":
            return self.subject
        if self.kind == "version":
            return f"{self.subject} {self.value}{'+' if self.minimum else ''}"
        if self.kind == "tag":
            return f"tag {self.subject}" + (f" = {self.value}" if self.value else "")
        return f"{self.subject} retention of {self.value} days"


@dataclass(frozen=True)
class _Unit:
    line: int
    text: str
    listed: bool
    strong: bool
    # A list item's lead: the heading and the line ending in ":" it stands under
    # ("All resources must include these tags:"), which say what a bare item is about.
    lead: str = ""


def requirement_sentences(text: str) -> list[str]:
    """The prompt's units that state a requirement (list items and mandates), whatever they name."""
    return [unit.text for unit in _required_units(text)]


def _required_units(text: str) -> list[_Unit]:
    return [unit for unit in _units(text)
            if not (_OPTIONAL.search(unit.text) or _ASIDE.match(unit.text))
            and (unit.listed or _MANDATE.search(unit.text))]


def read_requirements(text: str) -> list[Requirement]:
    """Every requirement the prompt states, in prompt order, one per kind and subject."""
    found: list[Requirement] = []
    seen: set[tuple[str, str]] = set()
    for unit in _required_units(text):
        for requirement in _from_unit(unit):
            key = (requirement.kind, requirement.subject.lower())
            if key not in seen:
                seen.add(key)
                found.append(requirement)
    return found


def _units(text: str) -> list[_Unit]:
    units: list[_Unit] = []
    skipping = fenced = mandatory = False
    example_indent = None     # the indent of an "Examples:" item whose deeper items are examples
    section = lead = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        indent = len(raw) - len(raw.lstrip())
        if example_indent is not None and (not line or indent > example_indent):
            continue
        example_indent = None
        if line.startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced or not line:
            continue
        heading = _HEADING.match(line)
        if heading:
            skipping = bool(_SKIPPED_SECTION.search(heading.group(1)))
            mandatory = bool(_STRONG_SECTION.search(heading.group(1)))
            section, lead = heading.group(1), ""
            continue
        if skipping:
            continue
        item = _LIST_ITEM.match(line)
        body = _plain(item.group(1) if item else line)
        if _EXAMPLES_LEAD.match(body):
            example_indent = indent
            continue
        if _VERDICT.match(body):
            continue   # "CORRECT: `...`" / "WRONG: `...`": an illustration, not a requirement
        body = _REWRITE.split(body)[-1]   # "`x: true` (RDS) → Use `x: false`": what to write
        if not item:
            lead = body if body.endswith(":") else ""
        for sentence in _SENTENCE_END.split(body):
            if sentence.strip():
                units.append(_Unit(number, sentence.strip(), bool(item),
                                   mandatory or bool(_STRONG.search(sentence)),
                                   f"{section} {lead}" if item else ""))
    return units


def _plain(text: str) -> str:
    return text.replace("**", "").replace("__", "")


def _from_unit(unit: _Unit) -> list[Requirement]:
    out = [Requirement("component", name, None, unit.line, unit.text) for name in _components(unit.text)]
    out.extend(_versions(unit))
    out.extend(_tags(unit))
    out.extend(_retention(unit))
    return [replace(r, strong=unit.strong) for r in out]


# A unit that forbids something ("GuardDuty should NOT be created") requires none of what it names.
_FORBIDS = re.compile(r"\b(must|should|shall|do|does|will|can)\s+not\b|\b(mustn't|shouldn't|never|"
                      r"forbidden|prohibited|not allowed)\b", re.IGNORECASE)


def _components(text: str) -> list[str]:
    """Names of the components a unit requires, "A or B" for alternatives, in text order.

    A component named after a reference word ("alarms for Lambda errors", "dashboard
    showing RDS metrics", "roles for ECS, Lambda") is what another component refers to,
    not one the unit asks for, until a new mandate verb starts another clause; one named
    right after a negation or "existing" is not asked for either.
    """
    if _FORBIDS.search(text):
        return []
    matches = []
    for component in components():
        for match in component.pattern.finditer(text):
            if _inside_identifier(text, match.start(), match.end()):
                continue   # "rds-instance-public-access-check", "lib/vpc.py"
            matches.append((match.start(), match.end(), component.name))
            break
    matches.sort()
    names: list[str] = []
    modifiers = _modifiers(text, matches)
    previous_end = None
    for start, end, name in matches:
        before = text[max(0, start - _NEGATION_REACH):start]
        if _NEGATED.search(before) or _EXISTING.search(before) or _referenced(text, start):
            previous_end = None
            continue
        if previous_end is not None and _alternative(text[previous_end:start]) and names:
            names[-1] = f"{names[-1]} or {name}"
        elif name not in names:
            names.append(name)
        previous_end = end
    names = [n for n in names if n not in modifiers]
    if "Aurora cluster" in names and "RDS database" in names:
        names.remove("RDS database")   # Aurora is the RDS engine the unit names
    return names


# Components that belong to another one; the component named right before them is their owner
# ("ALB tier security group", "Lambda execution role"), not a requirement of its own.
_AUXILIARY = frozenset({"security group", "IAM role", "CloudWatch log group", "KMS key", "CloudWatch alarm",
                        "CloudWatch dashboard", "SSM parameter", "Secrets Manager secret"})


def _modifiers(text: str, matches: list[tuple[int, int, str]]) -> set[str]:
    """Components named as the owner of the auxiliary component that follows them."""
    found = set()
    for (_, end, name), (start, _, following) in zip(matches, matches[1:], strict=False):
        gap = text[end:start]
        if following in _AUXILIARY and name not in _AUXILIARY and "," not in gap \
                and len(gap.split()) <= 2 and " and " not in f" {gap} ":
            found.add(name)
    return found


def _alternative(gap: str) -> bool:
    """Whether the text between two components makes them alternatives ("X or a Y", "X/Y")."""
    words = gap.replace(",", " ").lower().split()
    return bool(words) and words[0] in ("or", "/") and len(words) <= 2 and \
        all(w in ("or", "/", "a", "an", "the") for w in words)


def _inside_identifier(text: str, start: int, end: int) -> bool:
    return (start > 0 and text[start - 1] in "-_./") or (end < len(text) and text[end] in "-_/")


def _referenced(text: str, start: int) -> bool:
    """Whether a reference word stands before ``start`` with no mandate verb after it."""
    head = text[:start]
    words = list(_REFERENCE.finditer(head))
    if not words:
        return False
    after = head[words[-1].end():]
    if words[-1].group(0).lower() == "from" and _DESTINATION.search(after):
        return False   # "migrate from PostgreSQL to Aurora": the destination is asked for
    return not _MANDATE.search(after)


def _versions(unit: _Unit) -> list[Requirement]:
    out, taken = [], []
    for family, pattern in _ENGINE_VERSIONS:
        for match in pattern.finditer(unit.text):
            if any(start <= match.start() < end for start, end in taken):
                continue   # "Aurora PostgreSQL 15" is not also "PostgreSQL 15"
            taken.append(match.span())
            out.append(Requirement("version", family, match.group(1), unit.line, unit.text,
                                   bool(match.group(2))))
    if _LAMBDA.search(unit.text):
        for family, pattern in _RUNTIME_VERSIONS:
            for match in pattern.finditer(unit.text):
                out.append(Requirement("version", f"{family} runtime", match.group(1), unit.line,
                                       unit.text, bool(match.group(2))))
    return out


def _tags(unit: _Unit) -> list[Requirement]:
    if not _TAGGING.search(unit.text):
        bare = _BARE_TAG.match(unit.text)
        if bare and _TAGGING.search(unit.lead):   # "- DisasterRecovery=Enabled" under "... tags:"
            return [Requirement("tag", bare.group(1), bare.group(2), unit.line, unit.text)]
        return []
    out, keys = [], set()
    for quote, key, value in _TAG_PAIR.findall(unit.text):
        if key in keys or key in _NOT_TAG_KEYS or not (quote or key in _COMMON_TAG_KEYS):
            continue
        keys.add(key)
        out.append(Requirement("tag", key, value, unit.line, unit.text))
    for key in _TAG_NAME.findall(unit.text):
        if key not in keys and key not in _NOT_TAG_KEYS:
            keys.add(key)
            out.append(Requirement("tag", key, None, unit.line, unit.text))
    return out


def _retention(unit: _Unit) -> list[Requirement]:
    days = _DAYS.search(unit.text)
    if days is None or not _RETENTION.search(unit.text):
        return []
    lower = unit.text.lower()
    if "bucket" in lower or "lifecycle" in lower or "s3" in lower:
        return []   # an S3 lifecycle ("bucket for logs with 90-day retention") expires objects
    if "log" in lower:
        return [Requirement("retention", "logs", days.group(1), unit.line, unit.text)]
    if "backup" in lower or "snapshot" in lower:
        return [Requirement("retention", "backups", days.group(1), unit.line, unit.text)]
    return []
