"""Provider resource class used without its jsii `A` suffix.

What it finds:
    An import (or module attribute) of a provider class whose bare name does not exist
    in its module while the same name with an `A` suffix does.

Why it matters:
    The import raises ImportError, so synthesis never starts; reviewers of the corpus
    found this in one task in four.

Example:
        from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioning

Use instead:
        from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioningA

Fix safety:
    Safe: renaming the import and its uses changes nothing else.

References:
    https://developer.hashicorp.com/terraform/cdktf/concepts/providers
"""
from iac_review.core.finding import Severity
from iac_review.core.rule import IssueRule, RuleMeta


class MissingASuffixClass(IssueRule):
    kinds = ('a_suffix',)
    meta = RuleMeta(
        id='SCH001',
        name='missing-a-suffix-class',
        category='provider_class_missing_a_suffix',
        default_severity=Severity.CRITICAL,
        stage="static",
        summary='Provider resource class used without its jsii `A` suffix',
        why=(
            'Ten resource classes (S3BucketVersioningA, '
            'S3BucketServerSideEncryptionConfigurationA, S3BucketLoggingA, ...) carry an '
            '`A` because their bare name is already taken by a nested-block struct of '
            'another resource; models trained on AWS CDK and Terraform docs use the bare '
            'name.'
        ),
        impact=(
            'Deployability: `cdktf synth` stops with ImportError before any resource is '
            'created.'
        ),
        docs='https://developer.hashicorp.com/terraform/cdktf/concepts/providers',
        training_value=(
            'CDKTF Python bindings rename a few resource classes with an `A` suffix; the '
            'installed package, not the Terraform resource name, decides the class name.'
        ),
        fix='safe',
        needs_index=True,
        predicts_synth_failure=True,
    )
