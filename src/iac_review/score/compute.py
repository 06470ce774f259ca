"""The training-quality score of docs/scoring.md, with every term of its arithmetic.

score = 8 + failure adjustment + complexity adjustment, clamped to 0..10;
an override (platform/language, region, account, missing services) replaces
the result; 8 or more passes the gate. See docs/scoring.md for the decisions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from iac_review.score import services as svc
from iac_review.score.classes import A, B, C, CLASS_ORDER, class_of

BASE = 8
GATE = 8
COMPLEXITY_CAP = 2
REGION_RULE = "REG001"


@dataclass(frozen=True)
class Term:
    term: str
    value: int | None          # None: checked, did not apply
    explanation: str

    def to_dict(self) -> dict:
        return {"term": self.term, "value": self.value, "explanation": self.explanation}


@dataclass
class Score:
    total: int
    passed: bool
    terms: list[Term] = field(default_factory=list)
    fixes_by_class: dict[str, list[str]] = field(default_factory=dict)
    services: list[str] = field(default_factory=list)
    services_source: str = "none"
    complexity_factors: list[str] = field(default_factory=list)
    override: dict | None = None
    failure_adjustment: int = 0
    complexity_adjustment: int = 0
    raw: int = BASE

    def to_dict(self) -> dict:
        return {
            "total": self.total,
            "passed": self.passed,
            "gate": GATE,
            "base": BASE,
            "failure_adjustment": self.failure_adjustment,
            "complexity_adjustment": self.complexity_adjustment,
            "raw": self.raw,
            "override": dict(self.override) if self.override else None,
            "fixes_by_class": {k: list(v) for k, v in self.fixes_by_class.items()},
            "services": list(self.services),
            "services_source": self.services_source,
            "complexity_factors": list(self.complexity_factors),
            "terms": [t.to_dict() for t in self.terms],
        }

    def arithmetic(self) -> str:
        fa = _term(self.terms, "failures")
        parts = [f"{BASE} (base)",
                 f"{_signed(self.failure_adjustment)} ({fa.explanation if fa else 'failures'})",
                 f"{_signed(self.complexity_adjustment)} (complexity: "
                 f"{', '.join(self.complexity_factors) or 'none'})"]
        clamped = max(0, min(10, self.raw))
        text = " ".join(parts).replace(" + -", " - ")
        text = f"{text} = {self.raw}, clamped to {clamped}"
        if self.override:
            text += f"; override {self.override['rule']}: {self.override['value']}"
        return f"{text}; gate {GATE}: {'passes' if self.passed else 'fails'}"

    def to_markdown(self) -> str:
        lines = [f"**Score**: {self.total}/10 ({'passes' if self.passed else 'fails'} "
                 f"the gate of {GATE})", "", self.arithmetic(), "",
                 "| Term | Value | Explanation |", "|---|---|---|"]
        for t in self.terms:
            value = "-" if t.value is None else str(t.value) if t.term in (
                "base", "clamp", "total") or t.term.startswith("override") else f"{t.value:+d}"
            lines.append(f"| {t.term} | {value} | {t.explanation.replace('|', '/')} |")
        return "\n".join(lines)


def _signed(n: int) -> str:
    return f"+ {n}" if n >= 0 else f"+ -{-n}"


def _term(terms: list[Term], name: str) -> Term | None:
    return next((t for t in terms if t.term == name), None)


# ---- failures -----------------------------------------------------------

def fixes_by_class(findings) -> dict[str, list[str]]:
    """One fix per rule id (a report item); its class is the highest of its categories."""
    best: dict[str, str] = {}
    for f in findings:
        cls = class_of(f.category)
        if f.rule_id not in best or CLASS_ORDER[cls] < CLASS_ORDER[best[f.rule_id]]:
            best[f.rule_id] = cls
    out: dict[str, list[str]] = {A: [], B: [], C: []}
    for rule_id in sorted(best):
        out[best[rule_id]].append(rule_id)
    return out


def failure_terms(by_class: dict[str, list[str]]) -> tuple[int, list[Term]]:
    n_a, n_b, n_c = (len(by_class[k]) for k in (A, B, C))
    total = n_a + n_b + n_c
    terms: list[Term] = []
    names = lambda k: ", ".join(by_class[k])  # noqa: E731
    adj = 0
    if n_a >= 2:
        adj = 2
        terms.append(Term("class A", 2, f"{n_a} class-A failures: {names(A)}"))
    elif n_a == 1:
        adj = 1
        terms.append(Term("class A", 1, f"1 class-A failure: {names(A)}"))
    else:
        terms.append(Term("class A", None, "no class-A failure"))
    terms.append(Term("class B", 0 if n_b else None,
                      f"{n_b} class-B failures (neutral)" + (f": {names(B)}" if n_b else "")))
    if n_a:
        cd = Term("class C/D", None if not n_c else 0,
                  f"{n_c} class-C failures; penalties cancelled by class A")
    elif n_b:
        cd = Term("class C/D", None if not n_c else 0,
                  f"{n_c} class-C failures; not all fixes are C, no penalty")
    elif n_c >= 6:
        adj, cd = -2, Term("class C", -2, f"all {n_c} fixes are class C (6+): {names(C)}")
    elif n_c >= 4:
        adj, cd = -1, Term("class C", -1, f"all {n_c} fixes are class C (4-5): {names(C)}")
    elif n_c == 3:
        adj, cd = -3, Term("class D", -3, f"3 fixes, all class C (D, 3): {names(C)}")
    elif n_c >= 1:
        adj, cd = -4, Term("class D", -4, f"{n_c} fix{'es' if n_c != 1 else ''}, all class C (D, 1-2): {names(C)}")
    else:
        adj, cd = -4, Term("class D", -4, "no fixes at all: nothing to learn (D, 0-2)")
    terms.append(cd)
    if adj > 0:
        label = f"{n_a} class-A failure{'s' if n_a != 1 else ''}: {names(A)}"
    elif total == 0:
        label = "no fixes (D)"
    elif adj < 0:
        label = f"{n_c} fix{'es' if n_c != 1 else ''}, all class C"
    else:
        label = f"{total} fixes, class B/C only"
    terms.insert(0, Term("failures", adj, label))
    return adj, terms


# ---- complexity ---------------------------------------------------------

def complexity_terms(facts: svc.Facts) -> tuple[int, list[str], list[Term]]:
    services = facts.services
    factors: list[str] = []
    terms: list[Term] = []
    listing = ", ".join(sorted(services)) or "none found"

    def add(name: str, ok: bool, why: str, value: int = 1) -> None:
        if ok:
            factors.append(name)
        terms.append(Term(f"complexity: {name}", value if ok else None, why))

    add("3+ integrated services", len(services) >= 3,
        f"{len(services)} services from {facts.source}: {listing}")
    iam_policy = any(t.startswith(svc.IAM_POLICY_TYPES) for t in facts.types)
    sec = sorted(services & svc.SECURITY_SERVICES)
    sec_why = [*sec, *(["IAM policies"] if iam_policy else []),
               *(["encryption settings"] if facts.encrypted else [])]
    add("security practices", bool(sec_why), ", ".join(sec_why) or "no KMS, IAM policy, "
        "encryption, WAF or Secrets Manager")
    ha_types = sorted(t for t in facts.types if t.startswith(svc.HA_TYPES))
    ha_why = [*ha_types,
              *(["multi_az"] if facts.multi_az else []),
              *([f"{facts.subnet_azs} subnets across AZs"] if facts.subnet_azs >= 2 else []),
              *([f"{facts.provider_regions} AWS providers (multi-region)"]
                if facts.provider_regions >= 2 else []),
              *(["replicas"] if facts.replicas else [])]
    add("high availability", bool(ha_why), ", ".join(ha_why) or "no multi-AZ, replicas, "
        "multi-region providers or autoscaling")
    ev = sorted(services & svc.EVENT_SERVICES)
    add("event-driven or serverless", bool(ev), ", ".join(ev) or "no Lambda, EventBridge, "
        "SQS/SNS, Step Functions or Kinesis")
    add("one basic service", len(services) == 1,
        f"only {listing}" if len(services) == 1 else "more than one service"
        if services else "no service detected: not applied", value=-1)
    raw = len([f for f in factors if f != "one basic service"]) - (
        1 if "one basic service" in factors else 0)
    adj = min(COMPLEXITY_CAP, raw)
    terms.insert(0, Term("complexity", adj, f"{raw} before the cap of +{COMPLEXITY_CAP}"
                         if raw > COMPLEXITY_CAP else f"{len(factors)} factor(s)"))
    return adj, factors, terms


# ---- overrides ----------------------------------------------------------

_ACCOUNT = re.compile(r"(?<!\d)(\d{12})(?!\d)")


def _prompt_account(prompt_text: str | None) -> str | None:
    if not prompt_text:
        return None
    ids = set(m.group(1) for m in _ACCOUNT.finditer(prompt_text)
              if "account" in prompt_text[max(0, m.start() - 80):m.end() + 80].lower())
    return ids.pop() if len(ids) == 1 else None


def override_terms(input_review, facts: svc.Facts, prompt_text: str | None,
                   metadata: dict | None) -> tuple[list[dict], list[Term]]:
    hits: list[dict] = []
    terms: list[Term] = []
    project = getattr(input_review, "project", None)
    is_cdktf_py = project is not None and bool(project.python_files())

    if project is not None and not is_cdktf_py and not getattr(input_review, "error", None):
        hits.append({"rule": "no code", "value": 0,
                     "reason": "the answer contains no Python code: nothing can be synthesized, "
                               "deployed or learned from it"})
        terms.append(Term("override: no code", 0, hits[-1]["reason"]))
    else:
        terms.append(Term("override: no code", None, "the answer has code"))

    if metadata is None:
        terms.append(Term("override: platform/language", None, "no metadata.json: not checked"))
    else:
        plat, lang = str(metadata.get("platform", "")), str(metadata.get("language", ""))
        if is_cdktf_py and (plat.lower() != "cdktf" or lang.lower() != "py"):
            hits.append({"rule": "platform/language", "value": 3,
                         "reason": f"metadata asks {plat}/{lang}, the answer is cdktf/py"})
            terms.append(Term("override: platform/language", 3, hits[-1]["reason"]))
        else:
            terms.append(Term("override: platform/language", None,
                              f"metadata {plat or '?'}/{lang or '?'} matches"))

    reg = sorted({f"{f.location.file}:{f.location.line}" for f in input_review.findings
                  if f.rule_id == REGION_RULE})
    if reg:
        hits.append({"rule": "region", "value": 5,
                     "reason": f"{REGION_RULE} reported a region other than the task's "
                               f"({', '.join(reg)})"})
        terms.append(Term("override: region", 5, hits[-1]["reason"]))
    else:
        terms.append(Term("override: region", None, f"no {REGION_RULE} finding"))

    account = _prompt_account(prompt_text)
    if account is None:
        terms.append(Term("override: account", None, "no account id in the prompt: not evident"))
    else:
        found = set()
        for src in project.python_files() if project is not None else []:
            found.update(_ACCOUNT.findall(src.text))
        if found and account not in found:
            hits.append({"rule": "account", "value": 3,
                         "reason": f"prompt account {account}, code uses {', '.join(sorted(found))}"})
            terms.append(Term("override: account", 3, hits[-1]["reason"]))
        else:
            terms.append(Term("override: account", None,
                              "no other account id in the code" if not found
                              else f"code uses the prompt's account {account}"))

    required = svc.required_services(metadata)
    if len(required) < 2 or not facts.services:
        terms.append(Term("override: required services", None,
                          "not checked: fewer than 2 recognised metadata services"
                          if len(required) < 2 else "not checked: no service detected"))
    else:
        missing = svc.missing_required(required, facts.services)
        why = (f"{len(missing)} of {len(required)} required services missing"
               + (f": {', '.join(missing)}" if missing else ""))
        if facts.source != "synth":
            terms.append(Term("override: required services", None,
                              why + "; not applied: services read from imports, which a partial "
                                    "answer may not show (needs synthesis)"))
        elif 2 * len(missing) >= len(required):
            hits.append({"rule": "required services", "value": 4, "reason": why})
            terms.append(Term("override: required services", 4, why))
        else:
            terms.append(Term("override: required services", None, why))
    return hits, terms


# ---- entry point --------------------------------------------------------

def compute_score(input_review, prompt_text: str | None = None,
                  metadata: dict | None = None) -> Score:
    """The training-quality score of one reviewed input."""
    by_class = fixes_by_class(input_review.findings)
    f_adj, f_terms = failure_terms(by_class)
    facts = svc.collect(input_review)
    c_adj, factors, c_terms = complexity_terms(facts)
    raw = BASE + f_adj + c_adj
    clamped = max(0, min(10, raw))
    hits, o_terms = override_terms(input_review, facts, prompt_text, metadata)
    override = min(hits, key=lambda h: (h["value"], h["rule"])) if hits else None
    total = override["value"] if override else clamped
    passed = total >= GATE
    terms = [Term("base", BASE, "base score of the rubric"), *f_terms, *c_terms,
             Term("clamp", clamped, f"{raw} clamped to 0..10"), *o_terms,
             Term("total", total, (f"override {override['rule']}" if override else "clamped sum")
                  + f"; gate {GATE}: {'passes' if passed else 'fails'}")]
    return Score(total=total, passed=passed, terms=terms, fixes_by_class=by_class,
                 services=sorted(facts.services), services_source=facts.source,
                 complexity_factors=factors, override=override, failure_adjustment=f_adj,
                 complexity_adjustment=c_adj, raw=raw)
