"""AWS Lambda facts: reserved environment variables, handler and package conventions."""
from __future__ import annotations

from iac_review.knowledge.base import entries

# Keys the Lambda API refuses in a function's environment (InvalidParameterValueException:
# "... contains reserved keys that are currently not supported for modification").
# Source: AWS Lambda Developer Guide, "Defined runtime environment variables"
# https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
RESERVED_ENV_VARS = frozenset({
    "_HANDLER",
    "_X_AMZN_TRACE_ID",
    "AWS_DEFAULT_REGION",
    "AWS_REGION",
    "AWS_EXECUTION_ENV",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_INITIALIZATION_TYPE",
    "AWS_LAMBDA_LOG_GROUP_NAME",
    "AWS_LAMBDA_LOG_STREAM_NAME",
    "AWS_ACCESS_KEY",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_LAMBDA_RUNTIME_API",
    "LAMBDA_TASK_ROOT",
    "LAMBDA_RUNTIME_DIR",
})
# Not in the table on purpose: TZ (listed by the guide but accepted by the API in
# practice), AWS_LAMBDA_EXEC_WRAPPER and AWS_XRAY_* (documented as settable), LANG,
# PATH, PYTHONPATH, NODE_PATH, LD_LIBRARY_PATH (documented as "unreserved").

# What each reserved key already holds, for the message.
RESERVED_ENV_MEANING = {
    "AWS_REGION": "the function's Region",
    "AWS_DEFAULT_REGION": "the function's Region",
    "AWS_ACCESS_KEY_ID": "the execution role's credentials",
    "AWS_ACCESS_KEY": "the execution role's credentials",
    "AWS_SECRET_ACCESS_KEY": "the execution role's credentials",
    "AWS_SESSION_TOKEN": "the execution role's credentials",
    "_HANDLER": "the configured handler",
    "LAMBDA_TASK_ROOT": "the code directory",
}


def is_reserved_env_var(name: str) -> bool:
    return name in RESERVED_ENV_VARS


# boto3 clients for services with a global endpoint are created without a Region
# (no NoRegionError); botocore's endpoint rules, https://github.com/boto/botocore
GLOBAL_BOTO3_SERVICES = frozenset({"s3", "iam", "sts", "route53", "cloudfront",
                                   "organizations", "globalaccelerator"})

# Handler file extensions by runtime family.
# Source: https://docs.aws.amazon.com/lambda/latest/dg/python-handler.html and
# https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html
HANDLER_EXTENSIONS = {
    "python": (".py",),
    "nodejs": (".js", ".mjs", ".cjs"),
}


def runtime_family(runtime: str | None) -> str | None:
    """``python`` or ``nodejs`` for a runtime id like ``python3.12``; None otherwise."""
    if not runtime:
        return None
    for family in HANDLER_EXTENSIONS:
        if runtime.startswith(family):
            return family
    return None


# Words in a package path or its comment that say the artifact is not real.
PLACEHOLDER_WORDS = ("placeholder", "dummy", "fake", "path/to", "your-", "your_", "todo",
                     "replace", "you'll need", "you will need", "not included")


# Node.js runtimes whose image bundles only the AWS SDK for JavaScript v3: from
# nodejs18.x on, `require("aws-sdk")` (v2) fails with "Cannot find module 'aws-sdk'"
# unless the package ships the SDK itself.
# Source: AWS Lambda Developer Guide, "Building Lambda functions with Node.js"
# (https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html): "the Node.js 18
# and later runtimes include the AWS SDK for JavaScript v3".
FIRST_NODE_WITHOUT_SDK_V2 = 18


def nodejs_major(runtime: str | None) -> int | None:
    """The major version of a ``nodejsNN.x`` runtime id; None for other runtimes."""
    if not runtime or not runtime.startswith("nodejs"):
        return None
    digits = runtime[len("nodejs"):].split(".", 1)[0]
    return int(digits) if digits.isdigit() else None


def runtime_lacks_sdk_v2(runtime: str | None) -> bool:
    """Whether a Lambda runtime id is a Node.js runtime without the bundled v2 SDK."""
    major = nodejs_major(runtime)
    return major is not None and major >= FIRST_NODE_WITHOUT_SDK_V2


def runtime_python_modules() -> frozenset[str]:
    """Top-level modules every Lambda Python runtime provides beyond the standard library."""
    return frozenset(e["module"] for e in entries("lambda_runtime_modules"))
