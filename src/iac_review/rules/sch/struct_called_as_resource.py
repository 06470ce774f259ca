"""Nested-block struct called as if it were a resource.

What it finds:
    A call that passes positional arguments (scope, id) to a provider class that is a
    struct (a nested block), not a resource.

Why it matters:
    The call raises TypeError, so synthesis stops.

Example:
        from cdktf_cdktf_provider_aws.s3_bucket import S3BucketVersioning
        S3BucketVersioning(self, "versioning", bucket=bucket.id)

Use instead:
        from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioningA
        S3BucketVersioningA(self, "versioning", bucket=bucket.id, versioning_configuration={"status": "Enabled"})

Fix safety:
    Unsafe: the resource's arguments differ from the struct's and need review.

References:
    https://developer.hashicorp.com/terraform/cdktf/concepts/resources
"""
from iac_review.core.finding import Severity
from iac_review.core.rule import IssueRule, RuleMeta


class StructCalledAsResource(IssueRule):
    kinds = ('struct_as_resource',)
    meta = RuleMeta(
        id='SCH003',
        name='struct-called-as-resource',
        category='provider_symbol_nonexistent',
        default_severity=Severity.CRITICAL,
        stage="static",
        summary='Nested-block struct called as if it were a resource',
        why=(
            'Importing a bare name such as `S3BucketVersioning` from `s3_bucket` succeeds'
            " because it is the struct of the bucket's inline `versioning` block, so the "
            'mistake survives the import and fails at the call.'
        ),
        impact=(
            'Deployability: TypeError at synth (structs take keyword arguments only, no '
            'scope or id).'
        ),
        docs='https://developer.hashicorp.com/terraform/cdktf/concepts/resources',
        training_value=(
            'A nested-block struct configures a block inside a resource; standalone '
            'resources are separate classes in their own modules.'
        ),
        fix='unsafe',
        needs_index=True,
        predicts_synth_failure=True,
    )
