"""Terraform state backend facts: which S3 backend options each Terraform accepts.

A backend block is validated by Terraform itself at `terraform init`, not by a
provider: an option the running Terraform does not know stops init with
"Extraneous JSON object property / No argument or block type is named ...".
Whether an option is valid therefore depends on the target Terraform version.
"""
from __future__ import annotations

from dataclasses import dataclass

from iac_review.knowledge.base import entries
from iac_review.targets import parse_version

S3_BACKEND_DOCS = "https://developer.hashicorp.com/terraform/language/backend/s3"


@dataclass(frozen=True)
class BackendOption:
    name: str
    added: str = "0.12.0"          # first Terraform version that accepts it
    removed: str | None = None     # first Terraform version that rejects it again
    replacement: str | None = None  # what to use instead, when it moved
    note: str = ""


def _options() -> dict[str, BackendOption]:
    """The option table of the knowledge base (s3_backend_options.yaml, a source per option)."""
    table = {}
    for entry in entries("s3_backend_options"):
        option = BackendOption(str(entry["option"]), str(entry.get("added") or "0.12.0"),
                               str(entry["removed"]) if entry.get("removed") else None,
                               entry.get("replacement"), entry.get("note") or "")
        table[option.name] = option
    return table


# Earlier than 0.12 is out of scope: CDKTF needs Terraform >= 1.2.
S3_BACKEND_OPTIONS: dict[str, BackendOption] = _options()

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
