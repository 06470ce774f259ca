"""Terraform state backend facts: which S3 backend options each Terraform accepts.

A backend block is validated by Terraform itself at `terraform init`, not by a
provider: an option the running Terraform does not know stops init with
"Extraneous JSON object property / No argument or block type is named ...".
Whether an option is valid therefore depends on the target Terraform version.
"""
from __future__ import annotations

from dataclasses import dataclass

from iac_review.targets import parse_version

S3_BACKEND_DOCS = "https://developer.hashicorp.com/terraform/language/backend/s3"


@dataclass(frozen=True)
class BackendOption:
    name: str
    added: str = "0.12.0"          # first Terraform version that accepts it
    removed: str | None = None     # first Terraform version that rejects it again
    replacement: str | None = None  # what to use instead, when it moved
    note: str = ""


# Sources: the S3 backend schema of each Terraform release
# (internal/backend/remote-state/s3/backend.go in hashicorp/terraform, mirrored by
# the version-gated schema in hashicorp/terraform-schema
# internal/schema/backends/s3.go) and the upgrade notes of the pull requests
# that changed it: #33630 and #33724 (1.6, assume_role / endpoints moved into
# nested attributes), #34243 (1.6.4, https_proxy / no_proxy), #34723 (1.8,
# use_legacy_workflow removed), #35721 (1.10, top-level assume-role
# arguments removed). use_lockfile (S3 native locking) arrived in 1.10:
# https://developer.hashicorp.com/terraform/language/backend/s3#state-locking
# Earlier than 0.12 is out of scope: CDKTF needs Terraform >= 1.2.
S3_BACKEND_OPTIONS: dict[str, BackendOption] = {o.name: o for o in (
    BackendOption("bucket"),
    BackendOption("key"),
    BackendOption("region"),
    BackendOption("encrypt"),
    BackendOption("acl"),
    BackendOption("access_key"),
    BackendOption("secret_key"),
    BackendOption("kms_key_id"),
    BackendOption("dynamodb_table", note="deprecated since 1.11 in favour of use_lockfile"),
    BackendOption("profile"),
    BackendOption("token"),
    BackendOption("workspace_key_prefix"),
    BackendOption("max_retries"),
    BackendOption("skip_credentials_validation"),
    BackendOption("skip_region_validation"),
    BackendOption("skip_metadata_api_check"),
    BackendOption("sse_customer_key", added="0.12.8"),
    # deprecated in 1.6 (moved under `endpoints`, `use_path_style`,
    # `shared_credentials_files`) but still accepted
    BackendOption("endpoint", note="deprecated since 1.6: endpoints.s3"),
    BackendOption("dynamodb_endpoint", note="deprecated since 1.6: endpoints.dynamodb"),
    BackendOption("iam_endpoint", note="deprecated since 1.6: endpoints.iam"),
    BackendOption("sts_endpoint", note="deprecated since 1.6: endpoints.sts"),
    BackendOption("force_path_style", note="deprecated since 1.6: use_path_style"),
    BackendOption("shared_credentials_file", note="deprecated since 1.6: shared_credentials_files"),
    # top-level assume-role arguments: deprecated in 1.6, removed in 1.10
    BackendOption("role_arn", removed="1.10.0", replacement="assume_role.role_arn"),
    BackendOption("session_name", removed="1.10.0", replacement="assume_role.session_name"),
    BackendOption("external_id", removed="1.10.0", replacement="assume_role.external_id"),
    BackendOption("assume_role_policy", removed="1.10.0", replacement="assume_role.policy"),
    BackendOption("assume_role_duration_seconds", added="0.13.0", removed="1.10.0",
                  replacement="assume_role.duration"),
    BackendOption("assume_role_policy_arns", added="0.13.0", removed="1.10.0",
                  replacement="assume_role.policy_arns"),
    BackendOption("assume_role_tags", added="0.13.0", removed="1.10.0",
                  replacement="assume_role.tags"),
    BackendOption("assume_role_transitive_tag_keys", added="0.13.0", removed="1.10.0",
                  replacement="assume_role.transitive_tag_keys"),
    # removed in 0.13 (skip_requesting_account_id came back in 1.6)
    BackendOption("lock_table", removed="0.13.0", replacement="dynamodb_table"),
    BackendOption("skip_get_ec2_platforms", removed="0.13.0"),
    # added in 1.6 (AWS provider parity)
    BackendOption("assume_role", added="1.6.0"),
    BackendOption("assume_role_with_web_identity", added="1.6.0"),
    BackendOption("endpoints", added="1.6.0"),
    BackendOption("use_path_style", added="1.6.0"),
    BackendOption("allowed_account_ids", added="1.6.0"),
    BackendOption("forbidden_account_ids", added="1.6.0"),
    BackendOption("custom_ca_bundle", added="1.6.0"),
    BackendOption("ec2_metadata_service_endpoint", added="1.6.0"),
    BackendOption("ec2_metadata_service_endpoint_mode", added="1.6.0"),
    BackendOption("http_proxy", added="1.6.0"),
    BackendOption("insecure", added="1.6.0"),
    BackendOption("use_fips_endpoint", added="1.6.0"),
    BackendOption("use_dualstack_endpoint", added="1.6.0"),
    BackendOption("retry_mode", added="1.6.0"),
    BackendOption("shared_config_files", added="1.6.0"),
    BackendOption("shared_credentials_files", added="1.6.0"),
    BackendOption("skip_requesting_account_id", added="1.6.0"),
    BackendOption("skip_s3_checksum", added="1.6.0"),
    BackendOption("sts_region", added="1.6.0"),
    BackendOption("https_proxy", added="1.6.4"),
    BackendOption("no_proxy", added="1.6.4"),
    BackendOption("use_legacy_workflow", added="1.6.0", removed="1.8.0"),
    # S3 native state locking (conditional writes)
    BackendOption("use_lockfile", added="1.10.0"),
)}

# Keyword parameters of cdktf's `S3Backend` (cdktf 0.21, S3BackendConfig). An
# option outside this list cannot be passed as a keyword at all (TypeError at
# synth); it needs `add_override("terraform.backend.s3.<option>", ...)`.
CDKTF_S3_BACKEND_PARAMS: frozenset[str] = frozenset({
    "bucket", "key", "access_key", "acl", "allowed_account_ids", "assume_role",
    "assume_role_policy", "assume_role_policy_arns", "assume_role_tags",
    "assume_role_transitive_tag_keys", "assume_role_with_web_identity", "custom_ca_bundle",
    "dynamodb_endpoint", "dynamodb_table", "ec2_metadata_service_endpoint",
    "ec2_metadata_service_endpoint_mode", "encrypt", "endpoint", "endpoints", "external_id",
    "forbidden_account_ids", "force_path_style", "http_proxy", "https_proxy", "iam_endpoint",
    "insecure", "kms_key_id", "max_retries", "no_proxy", "profile", "region", "retry_mode",
    "role_arn", "secret_key", "session_name", "shared_config_files", "shared_credentials_file",
    "shared_credentials_files", "skip_credentials_validation", "skip_metadata_api_check",
    "skip_region_validation", "skip_requesting_account_id", "skip_s3_checksum",
    "sse_customer_key", "sts_endpoint", "sts_region", "token", "use_legacy_workflow",
    "use_path_style", "workspace_key_prefix",
})

# Remote backend classes of cdktf (the 0.21 exports, plus Artifactory, Etcd,
# EtcdV3 and Manta of older releases): any of them keeps state out of the
# working directory. LocalBackend is the opposite and not listed.
# Source: https://developer.hashicorp.com/terraform/cdktf/concepts/remote-backends
REMOTE_BACKEND_CLASSES: frozenset[str] = frozenset({
    "S3Backend", "RemoteBackend", "CloudBackend", "GcsBackend", "AzurermBackend",
    "ConsulBackend", "CosBackend", "HttpBackend", "OssBackend", "PgBackend", "SwiftBackend",
    "ArtifactoryBackend", "EtcdBackend", "EtcdV3Backend", "KubernetesBackend", "MantaBackend",
})

# Terraform backend type names (`terraform.backend.<type>` in cdk.tf.json).
REMOTE_BACKEND_TYPES: frozenset[str] = frozenset({
    "s3", "remote", "gcs", "azurerm", "consul", "cos", "http", "oss", "pg", "swift",
    "kubernetes", "artifactory", "etcd", "etcdv3", "manta",
})


@dataclass(frozen=True)
class OptionProblem:
    option: str
    reason: str            # "unknown", "too-new" or "removed"
    detail: str            # human text: what fails and what to do


def s3_option_problem(option: str, terraform: str) -> OptionProblem | None:
    """Why Terraform ``terraform`` rejects the S3 backend option, or None when it accepts it."""
    entry = S3_BACKEND_OPTIONS.get(option)
    if entry is None:
        return OptionProblem(option, "unknown",
                             f"the S3 backend has no option `{option}` in any Terraform version")
    version = parse_version(terraform)
    if version < parse_version(entry.added):
        return OptionProblem(option, "too-new", f"`{option}` needs Terraform >= {entry.added}")
    if entry.removed and version >= parse_version(entry.removed):
        instead = f"; use `{entry.replacement}`" if entry.replacement else ""
        return OptionProblem(option, "removed",
                             f"`{option}` was removed in Terraform {entry.removed}{instead}")
    return None
