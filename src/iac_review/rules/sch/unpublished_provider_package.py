"""Import of a prebuilt provider package that was never published.

What it finds:
    Imports of a `cdktf_cdktf_provider_<name>` package for which no prebuilt
    binding exists on PyPI (the list is in `iac_review.knowledge.providers`). The
    message names the closest published package when there is one. Packages that
    exist but are not installed here are not findings: the review lists them as not
    evaluated, with the pip command that installs them.

Why it matters:
    No `pip install` can provide the module, so the program stops at its first
    import with ModuleNotFoundError and nothing is synthesized.

Example:
        from cdktf_cdktf_provider_aws_lambda.lambda_function import LambdaFunction

Use instead:
        from cdktf_cdktf_provider_aws.lambda_function import LambdaFunction

Fix safety:
    Unsafe: the closest published name may be another provider than the one meant;
    a provider without prebuilt bindings needs `cdktf get` and imports from
    `imports.<name>` instead.

References:
    https://developer.hashicorp.com/terraform/cdktf/concepts/providers
"""
from __future__ import annotations

from typing import Iterator

from iac_review.analysis.symbols import is_provider
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.providers import PREBUILT, nearest_published, published_package


class UnpublishedProviderPackage(Rule):
    meta = RuleMeta(
        id="SCH012",
        name="unpublished-provider-package",
        category="provider_symbol_nonexistent",
        default_severity=Severity.CRITICAL,
        stage="static",
        summary="Import of a prebuilt provider package that was never published",
        why=("Models extend the naming pattern of the prebuilt bindings to packages that do "
             "not exist: one per AWS service, or a provider that only has bindings generated "
             "by `cdktf get`."),
        impact="Deployability: ModuleNotFoundError at synth; no install step can fix it.",
        docs="https://developer.hashicorp.com/terraform/cdktf/concepts/providers",
        training_value=("Only the published cdktf-cdktf-provider-* packages can be imported; "
                        "any other provider's bindings come from `cdktf get`."),
        fix="unsafe",
        predicts_synth_failure=True,
    )

    def check(self, ctx) -> Iterator[Finding]:
        for module in ctx.modules:
            reported: set[int] = set()
            for record in module.imports.imports:
                package = record.symbol.package
                if not is_provider(package) or published_package(package) or \
                        record.line in reported:
                    continue
                reported.add(record.line)  # one finding per import statement
                near = nearest_published(package)
                hint = f"; did you mean `{near}` ({PREBUILT[near]})?" if near else ""
                yield self.finding(
                    ctx, module.path, record.line,
                    f"`{package}` is not a published prebuilt provider package "
                    f"(ModuleNotFoundError at synth){hint}",
                    column=record.column,
                    fix=(f"import from `{near}`" if near else
                         "generate the provider's bindings with `cdktf get` and import them "
                         "from `imports.<provider>`"))
