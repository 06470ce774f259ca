"""Provider arguments deprecated in favour of separate resources.

Source: Terraform AWS provider, resource ``aws_s3_bucket`` (argument reference,
each of these marked "Deprecated" since provider v4.0.0 and still deprecated in
v5 and v6) and the provider's "Version 4 Upgrade Guide", section "S3 Bucket
Refactor":
https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/version-4-upgrade#s3-bucket-refactor

Verified against the installed prebuilt bindings, cdktf-cdktf-provider-aws
21.22.1 (hashicorp/aws 6.25.0): the arguments still exist on ``S3BucketConfig``
(so synth succeeds), and the jsii assembly marks them ``stability: stable`` with
no ``docs.deprecated`` (the assembly carries no deprecation flag at all), so the
schema index cannot tell; this table is the only source. Terraform prints the
deprecation warnings at plan, and the inline blocks conflict with the separate
resources when both manage the same bucket. The replacement classes are the
binding's names (several carry the ``A`` suffix because the bare name is the
inline struct).
"""
from __future__ import annotations

from typing import NamedTuple


class Replacement(NamedTuple):
    module: str        # provider submodule to import from
    class_name: str    # the resource class to use instead


# (resource class, argument) -> the separate resource that replaces it.
DEPRECATED_ARGUMENTS: dict[tuple[str, str], Replacement] = {
    ("S3Bucket", "versioning"): Replacement("s3_bucket_versioning", "S3BucketVersioningA"),
    ("S3Bucket", "server_side_encryption_configuration"): Replacement(
        "s3_bucket_server_side_encryption_configuration", "S3BucketServerSideEncryptionConfigurationA"),
    ("S3Bucket", "lifecycle_rule"): Replacement(
        "s3_bucket_lifecycle_configuration", "S3BucketLifecycleConfiguration"),
    ("S3Bucket", "logging"): Replacement("s3_bucket_logging", "S3BucketLoggingA"),
    ("S3Bucket", "acl"): Replacement("s3_bucket_acl", "S3BucketAcl"),
    ("S3Bucket", "grant"): Replacement("s3_bucket_acl", "S3BucketAcl"),
    ("S3Bucket", "policy"): Replacement("s3_bucket_policy", "S3BucketPolicy"),
    ("S3Bucket", "website"): Replacement(
        "s3_bucket_website_configuration", "S3BucketWebsiteConfiguration"),
    ("S3Bucket", "cors_rule"): Replacement("s3_bucket_cors_configuration", "S3BucketCorsConfiguration"),
    ("S3Bucket", "replication_configuration"): Replacement(
        "s3_bucket_replication_configuration", "S3BucketReplicationConfigurationA"),
    # object_lock_enabled=True stays on the bucket; the rule block moves out.
    ("S3Bucket", "object_lock_configuration"): Replacement(
        "s3_bucket_object_lock_configuration", "S3BucketObjectLockConfigurationA"),
    ("S3Bucket", "acceleration_status"): Replacement(
        "s3_bucket_accelerate_configuration", "S3BucketAccelerateConfiguration"),
    ("S3Bucket", "request_payer"): Replacement(
        "s3_bucket_request_payment_configuration", "S3BucketRequestPaymentConfiguration"),
}

DEPRECATION_PROVIDER_VERSION = "4.0.0"  # hashicorp/aws release that deprecated them

DEPRECATIONS_DOCS = ("https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/"
                     "version-4-upgrade#s3-bucket-refactor")


def deprecated_arguments(class_name: str) -> dict[str, Replacement]:
    """Deprecated argument -> replacement for one resource class (in table order)."""
    return {arg: rep for (cls, arg), rep in DEPRECATED_ARGUMENTS.items() if cls == class_name}
