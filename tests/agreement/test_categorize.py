"""The keyword categorizer on items of our own writing (not corpus text)."""
from __future__ import annotations

import json
from importlib import resources

import pytest

from iac_review.agreement import categorize
from iac_review.agreement.categorize import CATEGORY_IDS, scores

CASES = [
    # --- backend: an unsupported option vs no / badly designed backend
    ("s3_backend_invalid_option", "Terraform backend configuration",
     "The stack sets `use_lockfile` through an escape hatch; `terraform init` stops with "
     "Extraneous JSON object property."),
    ("s3_backend_invalid_option", "Unsupported property on the S3 backend",
     "```python\nself.add_override(\"terraform.backend.s3.use_lockfile\", True)\n```"),
    ("state_backend_missing_or_misdesigned", "No remote state backend",
     "State is kept locally, so repeated CI runs are not idempotent."),
    ("state_backend_missing_or_misdesigned", "Missing S3 backend configuration",
     "Nothing configures where the Terraform state lives."),
    # --- tests: wrong expectations vs missing / placeholder vs broken constructor
    ("tests_wrong_expectations", "Unit tests assert the wrong synthesized structure",
     "`Testing.synth` returns a JSON string, but the test indexes it like a dict."),
    ("tests_wrong_expectations", "Coverage configuration points at the wrong source",
     "The `.coveragerc` omits nothing, so the generated imports drag the figure down."),
    ("tests_wrong_expectations", "Integration test robustness",
     "Overly strict assertions fail when the API returns the zone id with a prefix."),
    ("tests_missing_or_placeholder", "Placeholder tests",
     "The only unit test is `assert stack is not None`."),
    ("tests_missing_or_placeholder", "Missing integration tests",
     "Nothing exercises the deployed queue or table."),
    ("tests_missing_or_placeholder", "Insufficient test coverage",
     "Coverage stays below the required threshold."),
    ("tests_broken_constructor_or_import", "Tests pass constructor parameters the stack does not accept",
     "The test calls the stack with `region=` which raises TypeError."),
    # --- A-suffix class names vs security hardening vs non-existent symbols
    ("provider_class_missing_a_suffix", "Wrong encryption configuration class name",
     "Imports `S3BucketServerSideEncryptionConfiguration`; the binding exposes "
     "`S3BucketServerSideEncryptionConfigurationA`."),
    ("provider_class_missing_a_suffix", "Versioning resource imported without the A suffix", ""),
    ("security_hardening_missing", "Buckets are not encrypted",
     "No server-side encryption is configured for the logs bucket."),
    ("security_hardening_missing", "Missing KMS key rotation", "Keys are created without rotation."),
    ("provider_symbol_nonexistent", "Import of a class that does not exist",
     "ImportError: cannot import name 'QueueRedrive' from the provider module."),
    # --- Lambda: relative asset path vs missing package vs handler code
    ("lambda_asset_path_relative", "Lambda zip path breaks at plan time",
     "`filename` is a relative path, but Terraform runs inside cdktf.out/stacks/app."),
    ("lambda_package_missing_or_invalid", "Lambda package never built",
     "The function points at function.zip, but the zip is never created."),
    ("lambda_source_code_defect", "Boto3 client created at import time",
     "The handler builds its client at module level, which raises NoRegionError in tests."),
    ("reserved_lambda_env_var", "Reserved AWS_REGION variable set on the function", ""),
    # --- binding shapes
    ("dict_key_case_mismatch", "Nested keys written in camelCase",
     "The struct expects snake_case fields, so the values are rejected."),
    ("dict_key_case_mismatch", "Route entries silently dropped",
     "Plain dicts inside the list are passed through unconverted: one of `cidr_block` must be specified."),
    ("nested_block_list_vs_object", "Expiration given as an object instead of a list", ""),
    ("wrong_value_type", "Boolean passed where the field wants a string", "TypeError from jsii at synth."),
    ("schema_argument_invalid_or_missing", "Unknown argument on the cache resource",
     "TypeError: __init__() got an unexpected keyword argument 'cache_title'."),
    # --- naming and hardcoding
    ("env_suffix_missing_in_names", "Queue names lack the environment suffix",
     "Two parallel deployments collide on the same queue name."),
    ("hardcoded_secret_or_password", "Hardcoded database password", "The master password is a literal string."),
    ("hardcoded_account_arn_or_id", "Hardcoded account id in the role ARN", "Uses 123456789012."),
    ("aws_name_constraint_violation", "Target group name too long", "The name exceeds 32 characters."),
    # --- project and python
    ("project_scaffolding_missing_or_wrong", "Missing cdktf.json", "The app command is not declared."),
    ("entrypoint_stack_signature_mismatch", "tap.py passes arguments the stack ignores",
     "The stack does not accept `state_bucket_region`."),
    ("python_import_or_runtime_error", "Missing import for the output class",
     "NameError: name 'TerraformOutput' is not defined."),
    ("builtin_shadowing_id", "Parameter named id shadows the builtin", "pylint W0622 redefined-builtin."),
    ("code_quality_lint", "Lines too long and unused imports", "flake8 reports E501 and F401."),
    # --- AWS semantics and best practice
    ("iam_missing_permissions", "Worker role lacks permissions for the table", ""),
    ("iam_overly_permissive", "Overly permissive IAM policy", "Action and Resource are both wildcards."),
    ("missing_resource_policy_or_invoke_permission", "Missing Lambda permission for the bucket notification",
     "No LambdaPermission lets S3 invoke the function."),
    ("destroyability_blockers", "Bucket cannot be destroyed", "force_destroy is not set."),
    ("observability_missing_or_wrong", "No alarms on queue depth", ""),
    ("missing_stack_outputs", "No stack outputs", "Integration tests cannot find the table name."),
    ("reserved_or_example_domain", "Hosted zone under a reserved domain", "The zone is example.com."),
    ("circular_dependency", "Circular reference between the two security groups", ""),
    ("required_component_missing", "Missing backup plan",
     "The prompt required a backup vault and plan; neither is implemented."),
    ("documentation_or_metadata", "README out of date", ""),
]


@pytest.mark.parametrize("expected,title,body", CASES, ids=[f"{c[0]}:{c[1][:30]}" for c in CASES])
def test_categorize_cases(expected, title, body):
    assert categorize(title, body) == expected, sorted(scores(title, body).items(), key=lambda kv: -kv[1])[:3]


def test_nothing_fits_is_none():
    assert categorize("General remarks", "The response was reviewed carefully.") is None
    assert categorize("", "") is None


def test_title_outweighs_body():
    # the body talks about encryption, but the title says what the item is about
    body = "The encryption class is imported under its bare name S3BucketServerSideEncryptionConfiguration."
    assert categorize("Encryption configuration class name", body) == "provider_class_missing_a_suffix"
    assert categorize("Encryption missing on the table", "No encryption at rest.") == "security_hardening_missing"


def test_backend_option_beats_backend_missing_even_with_backend_words():
    body = "S3 backend state locking: the override `use_lockfile` is not a valid backend option."
    assert categorize("S3 backend", body) == "s3_backend_invalid_option"


def test_title_weight_and_min_score_knobs():
    title, body = "Lambda zip path issue", "relative path"
    assert categorize(title, body, title_weight=2) == "lambda_asset_path_relative"
    # a single weak body hit is below the default threshold, above a zero threshold
    assert categorize("Note", "see the readme") is None
    assert categorize("Note", "see the readme", min_score=0) == "documentation_or_metadata"


def test_category_ids_are_the_taxonomy():
    data = json.loads(resources.files("iac_review").joinpath("data/categories.json").read_text())
    assert set(CATEGORY_IDS) == {c["id"] for c in data}
    assert len(CATEGORY_IDS) == len(set(CATEGORY_IDS))
