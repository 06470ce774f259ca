"""MySQL-family database that does not require TLS connections.

What it finds:
    `RdsCluster` / `DbInstance` with a MySQL-family engine (`mysql`, `mariadb`,
    `aurora-mysql`) in a project where no parameter group sets
    `require_secure_transport` (its default is OFF, so the server accepts
    plaintext connections).

Why it matters:
    Without it, clients that do not ask for TLS send credentials and query results
    in clear text; "encryption in transit" requirements (PCI DSS, HIPAA) are not met
    even though the server supports TLS.

Example:
        RdsCluster(self, "db", engine="aurora-mysql", master_username="app",
                   manage_master_user_password=True, storage_encrypted=True)

Use instead:
        params = RdsClusterParameterGroup(self, "db-params", family="aurora-mysql8.0",
                                          parameter=[RdsClusterParameterGroupParameter(
                                              name="require_secure_transport", value="ON")])
        RdsCluster(self, "db", engine="aurora-mysql", master_username="app",
                   manage_master_user_password=True, storage_encrypted=True,
                   db_cluster_parameter_group_name=params.name)

Fix safety:
    No automatic fix: clients that connect without TLS stop working.

References:
    https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Security.html
"""
from __future__ import annotations

from typing import Iterator

from iac_review.analysis.expressions import code_modules
from iac_review.analysis.strings import literal_text, template
from iac_review.core.finding import Finding, Severity
from iac_review.core.rule import Rule, RuleMeta
from iac_review.knowledge.security import TLS_OPTIONAL_ENGINES, TLS_REQUIRE_PARAMETER


class DatabaseTlsNotEnforced(Rule):
    meta = RuleMeta(
        id="SEC009",
        name="database-tls-not-enforced",
        category="security_hardening_missing",
        default_severity=Severity.MEDIUM,
        stage="static",
        summary="MySQL-family database that does not require TLS connections",
        why=("TLS enforcement is a parameter-group setting, not an argument of the cluster; models "
             "use the default parameter group, where require_secure_transport is OFF."),
        impact="Security/compliance: credentials and data may travel in clear text inside the VPC.",
        docs="https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Security.html",
        training_value=("MySQL-family RDS/Aurora needs a parameter group with "
                        "require_secure_transport=ON to enforce encryption in transit."),
        fix="none",
    )

    def check(self, ctx) -> Iterator[Finding]:
        modules = code_modules(ctx.modules)
        if any(TLS_REQUIRE_PARAMETER in m.source.text for m in modules):
            return  # set somewhere; linking groups to databases is left to the tfjson stage
        paths = {m.path for m in modules}
        for call in ctx.calls_of("RdsCluster", "DbInstance"):
            if call.path not in paths or call.has_spread or not call.has("engine") \
                    or call.has("replicate_source_db"):
                continue
            engine = literal_text(call.arg("engine"))
            if engine is None or engine.lower() not in TLS_OPTIONAL_ENGINES:
                continue
            label = template(call.construct_id) if call.construct_id is not None else None
            name = f'`{call.class_name}` "{label}"' if label else f"`{call.class_name}`"
            group = ("db_cluster_parameter_group_name" if call.class_name == "RdsCluster"
                     else "parameter_group_name")
            message = (f"{name} ({engine}) does not require TLS: no parameter group in the project "
                       f"sets `{TLS_REQUIRE_PARAMETER}` (default OFF), so the deployed database accepts "
                       f"plaintext connections")
            yield self.finding(ctx, call.path, call.line, message, column=call.node.col_offset + 1,
                               fix=f"create a parameter group with `{TLS_REQUIRE_PARAMETER}` = \"ON\" "
                                   f"and pass its name as `{group}`")
