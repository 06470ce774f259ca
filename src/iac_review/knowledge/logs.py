"""CloudWatch Logs facts."""
from __future__ import annotations

# Source: CloudWatch Logs API Reference, PutRetentionPolicy, `retentionInDays`
# ("Possible values are: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,
# 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, and 3653"):
# https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
LOG_RETENTION_DAYS: tuple[int, ...] = (
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096,
    1827, 2192, 2557, 2922, 3288, 3653,
)

# Source: Terraform AWS provider, aws_cloudwatch_log_group `retention_in_days`:
# 0 means "never expire" (the provider's validation accepts 0 besides the API values).
# https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_log_group
LOG_RETENTION_NEVER_EXPIRE = 0

LOG_RETENTION_DOCS = ("https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/"
                      "API_PutRetentionPolicy.html")


def valid_log_retention(days: int) -> bool:
    """Whether ``retention_in_days`` passes provider validation."""
    return days == LOG_RETENTION_NEVER_EXPIRE or days in LOG_RETENTION_DAYS


def nearest_log_retention(days: int) -> int:
    """The allowed value closest to ``days`` (ties go to the longer retention)."""
    return min(LOG_RETENTION_DAYS, key=lambda allowed: (abs(allowed - days), -allowed))
