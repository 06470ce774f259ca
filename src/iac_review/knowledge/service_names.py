"""AWS service names that the Terraform AWS provider (and so its CDKTF bindings) spells differently.

AWS renamed CloudWatch Events to Amazon EventBridge in 2019; the provider kept
the ``aws_cloudwatch_event_*`` resources, so a module such as
``eventbridge_rule`` does not exist. EventBridge Scheduler and EventBridge
Pipes are separate services whose resources are ``aws_scheduler_*`` and
``aws_pipes_*``. Keys are module-name prefixes as answers write them; values,
the provider's prefixes. The longest matching key wins.
"""
from __future__ import annotations

PROVIDER_PREFIX = {
    "eventbridge_schedule": "scheduler_schedule",
    "eventbridge_scheduler": "scheduler",
    "eventbridge_pipe": "pipes_pipe",
    "eventbridge": "cloudwatch_event",
}


def provider_spelling(module: str) -> str | None:
    """The provider's module name for an answer's module name, when a rename is known."""
    for key in sorted(PROVIDER_PREFIX, key=len, reverse=True):
        if module == key or module.startswith(key + "_"):
            return PROVIDER_PREFIX[key] + module[len(key):]
    return None
