"""Lambda environment variable with a name the Lambda runtime reserves.

What it finds:
    Keys of ``LambdaFunction(environment={"variables": {...}})`` (or of
    ``LambdaFunctionEnvironment(variables=...)``, a dict built in a local
    name, ``dict(...)``) that Lambda reserves: ``AWS_REGION``,
    ``AWS_DEFAULT_REGION``, ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``,
    ``AWS_SESSION_TOKEN``, ``AWS_LAMBDA_FUNCTION_NAME`` and the other
    ``AWS_LAMBDA_*`` runtime keys, ``_HANDLER``, ``LAMBDA_TASK_ROOT``,
    ``LAMBDA_RUNTIME_DIR`` (the table is in ``knowledge/lambda_.py``).

Why it matters:
    The Lambda API refuses the function: "InvalidParameterValueException:
    Lambda was unable to configure your environment variables because the
    environment variables you have provided contains reserved keys". The
    runtime sets these keys itself, so the code can read ``AWS_REGION``
    without configuring it.

Example:
        LambdaFunction(self, "fn", function_name="proc", role=role.arn,
                       runtime="python3.12", handler="app.handler", filename=code.path,
                       environment={"variables": {"TABLE": table.name,
                                                  "AWS_REGION": "us-east-1"}})

Use instead:
        LambdaFunction(self, "fn", function_name="proc", role=role.arn,
                       runtime="python3.12", handler="app.handler", filename=code.path,
                       environment={"variables": {"TABLE": table.name}})

Fix safety:
    Safe: the key is removed; Lambda provides the same value at run time.

References:
    https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
"""
from __future__ import annotations

import ast
from typing import Iterator

from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.lambda_ import RESERVED_ENV_MEANING, is_reserved_env_var


class ReservedLambdaEnvVar(Rule):
    meta = RuleMeta(
        id="LAM004",
        name="reserved-lambda-env-var",
        category="reserved_lambda_env_var",
        default_severity=Severity.CRITICAL,
        stage="static",
        summary="Lambda environment variable with a name the Lambda runtime reserves",
        why=("Models pass the Region (or credentials) to the function explicitly, not "
             "knowing the runtime sets these keys and the API rejects them."),
        impact="Deployability: InvalidParameterValueException when the function is created.",
        docs=("https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html"
              "#configuration-envvars-runtime"),
        training_value=("AWS_REGION, credentials and the other runtime variables are set by "
                        "Lambda itself and cannot appear in a function's environment."),
        fix="safe",
    )

    def check(self, ctx) -> Iterator[Finding]:
        for call in ctx.calls_of_type("aws_lambda_function"):
            environment = call.arg("environment")
            variables = None
            if isinstance(environment, ast.Dict):
                for key, value in zip(environment.keys, environment.values, strict=True):
                    if isinstance(key, ast.Constant) and key.value == "variables":
                        variables = value
            elif isinstance(environment, ast.Call):
                variables = next((kw.value for kw in environment.keywords
                                  if kw.arg == "variables"), None)
            if variables is None:
                continue
            for key, name in _keys(call.value(variables), call):
                if not is_reserved_env_var(name):
                    continue
                meaning = RESERVED_ENV_MEANING.get(name, "a value the runtime sets")
                yield self.finding(
                    ctx, call.path, key.lineno,
                    f"`{call.class_name}` sets the reserved environment variable `{name}`: "
                    f"Lambda rejects the function at deploy (InvalidParameterValueException: "
                    f"reserved keys); the runtime already provides {meaning}",
                    column=key.col_offset + 1,
                    fix=f"remove `{name}`; read os.environ['{name}'] in the code, or pass the "
                        f"value under another name")


def _keys(expr: ast.AST, call, depth: int = 0) -> Iterator[tuple[ast.AST, str]]:
    """(node, key) of the literal keys of an env var mapping."""
    if depth > 4:
        return
    if isinstance(expr, ast.Dict):
        for key, value in zip(expr.keys, expr.values, strict=True):
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                yield key, key.value
            elif key is None:   # {**base, ...}
                yield from _keys(call.value(value), call, depth + 1)
    elif isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id == "dict":
        for keyword in expr.keywords:
            if keyword.arg:
                yield keyword, keyword.arg
            else:
                yield from _keys(call.value(keyword.value), call, depth + 1)
        for arg in expr.args:
            yield from _keys(call.value(arg), call, depth + 1)
