"""The review's repair loop: when synthesis fails, repair a copy, synthesize again, repeat.

A round applies every repair the rules propose (safe and unsafe, to a fixed
point, as ``iac-review fix --unsafe-fixes`` would); when they propose none, it
asks the synth error itself (``iac_review.fix.guided``). The round's project is
synthesized again. The loop ends when the app synthesizes, when nothing more
applies, when synthesis does not finish, or after ``max_rounds``. Only copies
are edited: the input project, and its files on disk, are never touched.

Traceback frames and repair positions are mapped back to the input's lines, so
that every finding of the loop points at what the user wrote.
"""
from __future__ import annotations

from dataclasses import replace

from iac_review.core.repair import RepairLog, RepairRound, RepairStep
from iac_review.core.workspace import Project, SourceFile
from iac_review.fix import guided
from iac_review.core.repair import CREATE_FILE
from iac_review.fix.codemods import CODEMODS
from iac_review.fix.engine import fix_project, parses, project_diff
from iac_review.core.line_map import map_outcome, original_line

MAX_REPAIR_ROUNDS = 10
# The loop's synthesis time, as a multiple of one synthesis's time limit: a slow app that fails
# every round must not hold a batch for rounds x limit.
TIME_BUDGET_LIMITS = 3


def repair_and_resynthesize(project: Project, outcome, config, index, synthesize,
                            max_rounds: int = MAX_REPAIR_ROUNDS) -> RepairLog:
    """Rounds of repair and synthesis, starting from the failed ``outcome`` of ``project``."""
    rounds: list[RepairRound] = []
    current, raw, stopped = project, outcome, f"the round limit ({max_rounds}) was reached"
    budget, spent = TIME_BUDGET_LIMITS * float(getattr(config, "synth_timeout", 120.0)), 0.0
    for number in range(1, max_rounds + 1):
        if spent >= budget:
            stopped = (f"the loop's time budget was spent ({spent:.0f} s of synthesis, "
                       f"{TIME_BUDGET_LIMITS} x the time limit of one)")
            break
        attempt = _repair(current, raw, config, index, number)
        if attempt is None:
            stopped = "no repair applies to the last error"
            break
        repaired, steps = attempt
        raw = synthesize(repaired)
        spent += float(getattr(raw, "seconds", 0.0) or 0.0)
        mapped = [_mapped_step(step, project, current) for step in steps]   # steps are on `current`'s lines
        rounds.append(RepairRound(number, tuple(mapped), map_outcome(raw, project.files, repaired.files)))
        current = repaired
        if raw.status == "ok":
            stopped = "the app synthesizes"
            break
        if raw.status != "failed":
            stopped = f"synthesis did not finish ({raw.status})"
            break
    return RepairLog(rounds, project_diff(project, current), stopped,
                     repaired=current if raw.status == "ok" and rounds else None)


def _repair(project: Project, outcome, config, index, number: int):
    """(repaired project, steps in its own lines) for one round, or None when nothing applies."""
    fixed = fix_project(project, config, index, unsafe=True)
    if fixed.changed():
        steps = [RepairStep(a.rule_id, a.path, a.line, a.message, a.safe, number) for a in fixed.applied]
        return fixed.after, steps
    proposal = guided.propose(outcome, project, index)
    if proposal is None:
        return None
    repaired = apply_proposal(project, proposal)
    if repaired is None:
        return None
    step = RepairStep("SYN001", proposal.repair.path, proposal.repair.line, proposal.description,
                      False, number)
    return repaired, [step]


def apply_proposal(project: Project, proposal) -> Project | None:
    """The project with every edit of a guided proposal that applies; None when none does."""
    repaired = project
    # bottom-up in each file, so that an edit never moves the place of one still to come
    for repair in sorted(proposal.repairs, key=lambda r: (r.path, -r.line, -r.column)):
        repaired = apply_repair(repaired, repair) or repaired
    return None if repaired is project else repaired


def apply_repair(project: Project, repair) -> Project | None:
    files = dict(project.files)
    if repair.action == CREATE_FILE:
        if repair.path in files:
            return None
        files[repair.path] = SourceFile(repair.path, repair.arg("text"), attribution="fix")
        return replace(project, files=files)
    source = files.get(repair.path)
    codemod = CODEMODS.get(repair.action)
    out = codemod(source.text, repair) if source is not None and codemod else None
    if out is None or out == source.text or not parses(out):
        return None
    files[repair.path] = replace(source, text=out)
    return replace(project, files=files)


def _mapped_step(step: RepairStep, original: Project, repaired: Project) -> RepairStep:
    line = original_line(original.files, repaired.files, step.path, step.line, {}) if step.line else 0
    return replace(step, line=line)
