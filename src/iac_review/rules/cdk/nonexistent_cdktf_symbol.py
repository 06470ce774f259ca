"""cdktf class or function that does not exist.

What it finds:
    Names imported from `cdktf` that it does not export, and static members of cdktf
    classes (`Fn`, `Token`, ...) that do not exist in the installed version.

Why it matters:
    The program stops before synthesis with ImportError or AttributeError.

Example:
        Fn.sub("arn:aws:s3:::${Bucket}/*", {"Bucket": name})

Use instead:
        f"arn:aws:s3:::{bucket.bucket}/*"  # or Fn.format("arn:aws:s3:::%s/*", [bucket.bucket])

Fix safety:
    Unsafe: the suggestion is the nearest existing name; the call usually needs
    rewriting.

References:
    https://developer.hashicorp.com/terraform/cdktf/concepts/functions
"""
from iac_review.core.finding import Severity
from iac_review.core.rule import IssueRule, RuleMeta


class NonexistentCdktfSymbol(IssueRule):
    kinds = ('cdktf_missing',)
    meta = RuleMeta(
        id='CDK001',
        name='nonexistent-cdktf-symbol',
        category='nonexistent_cdktf_fn_or_foreign_idiom',
        default_severity=Severity.CRITICAL,
        stage="static",
        summary='cdktf class or function that does not exist',
        why=(
            'Models borrow CloudFormation intrinsics (`Fn.sub`), AWS CDK helpers or '
            'invented names and expect cdktf to have them.'
        ),
        impact='Deployability: ImportError or AttributeError at synth.',
        docs='https://developer.hashicorp.com/terraform/cdktf/concepts/functions',
        training_value=(
            "cdktf exposes Terraform functions under `Fn` with Terraform's names; "
            'CloudFormation intrinsics do not exist there.'
        ),
        fix='unsafe',
        needs_index=True,
        predicts_synth_failure=True,
    )
