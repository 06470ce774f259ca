"""Failure class of every taxonomy category (docs/scoring.md).

A: significant (security, architecture, whole features such as monitoring or
   error handling, complex integrations) - raises the training-quality score.
B: moderate (sizing, timeouts, naming, tags, endpoints, single-block
   configuration) - neutral.
C: minor (lint, typos, wrong property or class names, hardcoded values,
   missing outputs) - lowers the score only when every fix is C.

A test asserts every id of ``iac_review/data/categories.json`` is mapped.
A category missing from the table (a newer taxonomy) counts as B, the
neutral class, so an unmapped id can neither raise nor lower the score.
"""
from __future__ import annotations

A, B, C = "A", "B", "C"
CLASS_ORDER = {A: 0, B: 1, C: 2}
UNKNOWN_CLASS = B

#: category id -> (class, one-line reason)
CATEGORY_CLASSES: dict[str, tuple[str, str]] = {
    # --- A: significant --------------------------------------------------
    "required_component_missing": (A, "a whole prompt-required feature or component is absent"),
    "security_hardening_missing": (A, "security: encryption, public access, TLS or IMDSv2 missing"),
    "observability_missing_or_wrong": (A, "a whole feature: monitoring, alarms, logs or tracing"),
    "architecture_or_requirement_mismatch": (A, "architecture contradicts the prompt"),
    "networking_misconfig": (A, "network architecture that deploys but does not work"),
    "iam_missing_permissions": (A, "security and service integration: the workload cannot run"),
    "iam_overly_permissive": (A, "security: least privilege violated"),
    "hardcoded_secret_or_password": (A, "security: credential in source"),
    "kms_key_policy_missing_service_principal": (A, "security plus complex cross-service integration"),
    "missing_resource_policy_or_invoke_permission": (A, "complex service-to-service integration"),
    "region_or_multi_region_misconfig": (A, "architecture: multi-region / provider design"),
    "circular_dependency": (A, "architecture: the resource graph cannot be built"),
    "lambda_package_missing_or_invalid": (A, "complex integration: build and packaging of the function"),
    "lambda_source_code_defect": (A, "application logic and error handling inside the function"),
    "tests_missing_or_placeholder": (A, "a whole feature: the test suite is missing or empty"),
    # --- B: moderate -----------------------------------------------------
    "tests_wrong_expectations": (B, "tests exist but assert the wrong structure"),
    "tests_broken_constructor_or_import": (B, "tests exist but call the stack wrongly"),
    "s3_backend_invalid_option": (B, "one backend option wrong"),
    "state_backend_missing_or_misdesigned": (B, "state backend configuration, one construct"),
    "environment_quota_or_ci_issue": (B, "environment, not model code: kept neutral"),
    "env_suffix_missing_in_names": (B, "naming"),
    "resource_already_exists_on_redeploy": (B, "naming: deterministic names collide"),
    "aws_name_constraint_violation": (B, "naming: length or character rules"),
    "s3_bucket_name_not_unique": (B, "naming: global bucket namespace"),
    "tagging_issues": (B, "tags"),
    "conflicting_or_incompatible_settings": (B, "configuration of one resource"),
    "invalid_or_unavailable_version": (B, "engine or runtime version choice"),
    "invalid_enum_or_range_value": (B, "sizing, timeouts and ranges"),
    "cost_inefficiency": (B, "sizing and cost"),
    "missing_dependency_or_ordering": (B, "ordering between existing resources"),
    "destroyability_blockers": (B, "lifecycle settings (force_destroy, snapshots)"),
    "project_scaffolding_missing_or_wrong": (B, "project files and entry point layout"),
    "entrypoint_stack_signature_mismatch": (B, "entry point and stack parameters disagree"),
    "external_dependency_lookup": (B, "lookups of resources a fresh account lacks"),
    "wrong_attribute_or_resource_reference": (B, "wiring: id vs arn, wrong attribute"),
    "reserved_or_example_domain": (B, "endpoints and domains"),
    "dynamodb_table_misconfig": (B, "configuration of one table"),
    "json_document_malformed": (B, "a hand-built document (policy, dashboard) is invalid"),
    "lambda_handler_mismatch": (B, "handler string vs packaged code"),
    "lambda_asset_path_relative": (B, "asset path resolved from the wrong directory"),
    "token_misuse_at_synth": (B, "cdktf token semantics misunderstood in one expression"),
    # --- C: minor --------------------------------------------------------
    "code_quality_lint": (C, "lint"),
    "builtin_shadowing_id": (C, "lint: redefined builtin"),
    "code_structure_or_robustness_preference": (C, "reviewer preference, style"),
    "speculative_or_generic_note": (C, "not a concrete defect"),
    "documentation_or_metadata": (C, "documentation"),
    "missing_stack_outputs": (C, "missing outputs"),
    "provider_class_missing_a_suffix": (C, "wrong class name (jsii suffix)"),
    "provider_symbol_nonexistent": (C, "wrong class, struct or module name"),
    "schema_argument_invalid_or_missing": (C, "wrong property names"),
    "dict_key_case_mismatch": (C, "wrong property names (key case)"),
    "nested_block_list_vs_object": (C, "wrong property shape (list vs object)"),
    "wrong_value_type": (C, "wrong property value type"),
    "deprecated_or_version_incompatible_api": (C, "deprecated property or class names"),
    "nonexistent_cdktf_fn_or_foreign_idiom": (C, "wrong function names"),
    "raw_terraform_interpolation_string": (C, "typo-level: hand-written ${...} string"),
    "python_import_or_runtime_error": (C, "missing import or undefined name: typo-level"),
    "hardcoded_environment_values": (C, "hardcoded values"),
    "hardcoded_account_arn_or_id": (C, "hardcoded values"),
    "reserved_lambda_env_var": (C, "one wrong environment variable name"),
}


def class_of(category: str) -> str:
    """Failure class of a category id; unknown ids are B (neutral)."""
    entry = CATEGORY_CLASSES.get(category)
    return entry[0] if entry else UNKNOWN_CLASS


def reason_of(category: str) -> str:
    entry = CATEGORY_CLASSES.get(category)
    return entry[1] if entry else "category not in the class table: neutral"


def markdown_table() -> str:
    """The class table as markdown (used by docs/scoring.md)."""
    rows = ["| Category | Class | Reason |", "|---|---|---|"]
    for cid, (cls, reason) in sorted(CATEGORY_CLASSES.items(),
                                     key=lambda kv: (CLASS_ORDER[kv[1][0]], kv[0])):
        rows.append(f"| `{cid}` | {cls} | {reason} |")
    return "\n".join(rows)
