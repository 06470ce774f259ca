"""S3 backend option the target Terraform does not accept.

What it finds:
    `add_override("terraform.backend.s3.<option>", ...)`, an override of the
    whole `terraform.backend.s3` block with a dict, and `S3Backend(...)`
    keywords, whose option the S3 backend of the target Terraform rejects:
    an option added later (`use_lockfile` needs Terraform 1.10), one removed
    (the top-level `role_arn` family in 1.10, `use_legacy_workflow` in 1.8),
    or one the S3 backend never had. An `S3Backend` keyword outside cdktf's
    parameters (`use_lockfile=True`) is reported as a synth error. The target
    Terraform is the configured one (`--terraform-version`), else the lowest
    version the project's `required_version` admits, else the installed
    `terraform`, else 1.10; the message says which. When the target is only
    the installed or default one, an option that some supported Terraform
    rejects (`use_lockfile` before 1.10) is reported as Medium with the
    version it needs: the pipeline's Terraform is not known.

Why it matters:
    Terraform validates the backend block itself at `terraform init`
    ("Extraneous JSON object property ... No argument or block type is named
    ..."): nothing is planned or deployed until the option goes.

Example:
        S3Backend(self, bucket=state_bucket, key=state_key, region=state_region, encrypt=True)
        self.add_override("terraform.backend.s3.use_lockfile", True)   # Terraform 1.9

Use instead:
        S3Backend(self, bucket=state_bucket, key=state_key, region=state_region, encrypt=True,
                  dynamodb_table=lock_table)

Fix safety:
    No automatic fix: whether to drop the option or upgrade Terraform is a
    deployment decision.

References:
    https://developer.hashicorp.com/terraform/language/backend/s3
"""
from __future__ import annotations

import ast
from typing import Iterator

from iac_review.analysis.values import dict_items
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.backend import CDKTF_S3_BACKEND_PARAMS, S3_BACKEND_DOCS, \
    OptionProblem, s3_option_problem
from iac_review.analysis.backend import backend_facts
from iac_review.targets import terraform_target

_INIT_ERROR = ('`terraform init` fails with "Extraneous JSON object property" '
               '(No argument or block type is named "{option}")')


class BackendOptionUnsupported(Rule):
    meta = RuleMeta(
        id="BKD002",
        name="backend-option-unsupported",
        category="s3_backend_invalid_option",
        default_severity=Severity.CRITICAL,
        stage="static",
        summary="S3 backend option the target Terraform does not accept",
        why=("Models add the newest backend options they have read about (use_lockfile) "
             "or ones removed since, without regard to the Terraform the pipeline runs."),
        impact="Deployability: terraform init stops; nothing is planned or deployed.",
        docs=S3_BACKEND_DOCS,
        training_value=("Backend options are validated by the Terraform binary: use only "
                        "options the pinned Terraform version supports."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        facts = backend_facts(ctx)
        target = terraform_target(ctx.config.terraform_version, facts.required_version)
        version = ".".join(str(n) for n in target.parts)
        where = (f"target Terraform {version} ({target.source})" if target.known else
                 "the Terraform that deploys this is not declared (no --terraform-version, "
                 f"no required_version; {target.source}: {version})")
        for override in facts.overrides:
            for option, node in _override_options(override.path, override.value):
                at = node or override.node
                verdict = _judge(option, version, target.known)
                if verdict is None:
                    _silent(self, ctx, option, f"{override.module.path}:{at.lineno}", where)
                    continue
                written = (f'add_override("{override.path}")' if node is None
                           else f'add_override("{override.path}", {{"{option}": ...}})')
                yield self._report(ctx, override.module.path, at, verdict, where, written)
        code = {m.path for m in facts.facts.modules}
        for call in ctx.calls_of("S3Backend"):
            if call.path not in code:
                continue
            for name, keyword in call.keywords.items():
                if name not in CDKTF_S3_BACKEND_PARAMS:
                    yield self.finding(
                        ctx, call.path, keyword.value.lineno,
                        f"S3Backend() has no keyword `{name}` (cdktf's S3BackendConfig): "
                        f"synth fails with TypeError before Terraform sees it"
                        + _option_note(name, version, where),
                        column=keyword.value.col_offset + 1,
                        fix=_fix(name),
                    )
                    continue
                verdict = _judge(name, version, target.known)
                if verdict is not None:
                    yield self._report(ctx, call.path, keyword.value, verdict, where,
                                       f"S3Backend({name}=...)")
                else:
                    _silent(self, ctx, name, f"{call.path}:{keyword.value.lineno}", where)

    def _report(self, ctx, path: str, node: ast.AST, verdict, where: str, written: str
                ) -> Finding:
        problem, severity = verdict
        consequence = _INIT_ERROR.format(option=problem.option)
        if severity != Severity.CRITICAL:
            consequence = (("with an older Terraform " if problem.reason == "too-new" else
                            "with a newer Terraform ") + consequence
                           + "; pin the version (required_version or --terraform-version)")
        return self.finding(
            ctx, path, node.lineno, f"{written}: {problem.detail}; {where}: {consequence}",
            column=node.col_offset + 1, fix=_fix(problem.option), severity=severity,
        )


# The oldest Terraform CDKTF 0.21 runs with, and a release later than any the table knows.
_OLDEST, _NEWEST = "1.2.0", "99.0.0"


def _judge(option: str, version: str, known: bool) -> tuple[OptionProblem, Severity] | None:
    """Whether an option is a defect for the target: rejected by it (Critical), or, when the
    target is not the pipeline's declared one, rejected by some Terraform it may be (Medium)."""
    problem = s3_option_problem(option, version)
    if problem is not None:
        return problem, Severity.CRITICAL
    if known:
        return None
    for other in (_OLDEST, _NEWEST):
        problem = s3_option_problem(option, other)
        if problem is not None and problem.reason != "unknown":
            return problem, Severity.MEDIUM
    return None


# Terraform releases the option table knows about on either side of any target.
_OTHER_TARGETS = ("0.12.0", "99.0.0")


def _silent(rule, ctx, option: str, where_written: str, target: str) -> None:
    """An option valid for this target but not for every Terraform: say for which it would fail."""
    for other in _OTHER_TARGETS:
        problem = s3_option_problem(option, other)
        if problem is not None and problem.reason != "unknown":
            ctx.silence(rule.meta.id, f"`{option}` at {where_written} is accepted by the {target}, "
                                      f"but {problem.detail}: with an older Terraform (set "
                                      "--terraform-version) terraform init would reject it"
                        if problem.reason == "too-new" else
                        f"`{option}` at {where_written} is accepted by the {target}, but "
                        f"{problem.detail}: with a newer Terraform terraform init would reject it")
            return


def _option_note(option: str, version: str, where: str) -> str:
    problem = s3_option_problem(option, version)
    if problem is None:
        return ""
    return f"; and {problem.detail} ({where})"


def _fix(option: str) -> str:
    if option == "use_lockfile":
        return ("remove the option and lock with dynamodb_table=<lock table>, or run "
                "Terraform >= 1.10 (and say so with --terraform-version)")
    problem = s3_option_problem(option, "99.0.0")
    if problem is not None and problem.reason == "removed" and "use `" in problem.detail:
        return problem.detail.split("; ", 1)[1]
    return f"remove `{option}`; the S3 backend options are listed at {S3_BACKEND_DOCS}"


def _override_options(path: str, value: ast.AST | None) -> list[tuple[str, ast.AST | None]]:
    """(option, node) pairs an S3 backend override sets; node None: the path names it."""
    parts = path.split(".")
    if len(parts) >= 4 and parts[2] == "s3":
        return [(parts[3], None)]
    if len(parts) == 3 and parts[2] == "s3" and isinstance(value, ast.Dict):
        items, _ = dict_items(value)
        return [(key.value, key) for key, _ in items]
    if len(parts) == 2 and isinstance(value, ast.Dict):
        items, _ = dict_items(value)
        for key, inner in items:
            if key.value == "s3" and isinstance(inner, ast.Dict):
                sub, _ = dict_items(inner)
                return [(k.value, k) for k, _ in sub]
    return []
