"""AWS regions and partitions, and where region names hide inside strings.

Source for the region lists and partition patterns: the partition metadata AWS
publishes with its SDKs (botocore/data/partitions.json, the same file backs
every AWS SDK's endpoint resolution), partitions aws, aws-us-gov and aws-cn.
The list grows when AWS opens a region; ``REGION_PATTERN`` (the partitions'
own ``regionRegex``) still recognises a region this table does not know yet.
"""
from __future__ import annotations

import re

COMMERCIAL_REGIONS: frozenset[str] = frozenset({
    "us-east-1", "us-east-2", "us-west-1", "us-west-2",
    "af-south-1",
    "ap-east-1", "ap-east-2", "ap-south-1", "ap-south-2",
    "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
    "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
    "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
    "ca-central-1", "ca-west-1",
    "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2",
    "eu-west-1", "eu-west-2", "eu-west-3",
    "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1",
})
GOVCLOUD_REGIONS: frozenset[str] = frozenset({"us-gov-east-1", "us-gov-west-1"})
CHINA_REGIONS: frozenset[str] = frozenset({"cn-north-1", "cn-northwest-1"})
ALL_REGIONS: frozenset[str] = COMMERCIAL_REGIONS | GOVCLOUD_REGIONS | CHINA_REGIONS

# ARN partition and DNS suffix of each partition (same source).
PARTITIONS: dict[str, str] = {"aws": "amazonaws.com", "aws-us-gov": "amazonaws.com",
                              "aws-cn": "amazonaws.com.cn"}

# The union of the partitions' regionRegex, as a search pattern: a region name
# not embedded in a longer word. Followed by a letter it is an AZ (us-east-1a).
REGION_PATTERN = re.compile(
    r"(?<![a-z0-9-])((?:us-gov|us|eu|ap|sa|ca|me|af|il|mx|cn)-[a-z]+-\d+)([a-z]?)(?![a-z0-9])")

REGION_DOCS = "https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html"

# Account ids of the Elastic Load Balancing log-delivery service per region, the
# principal a bucket policy grants for ALB/CLB access logs in regions opened
# before August 2022 (newer regions use the logdelivery.elasticloadbalancing
# service principal). Source: Elastic Load Balancing User Guide, "Enable access
# logs", bucket policy section:
# https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
# These are AWS's accounts, not the deployer's: a literal one is region-bound
# (DataAwsElbServiceAccount picks the right one) but not a foreign account.
ELB_LOG_DELIVERY_ACCOUNTS: dict[str, str] = {
    "us-east-1": "127311923021", "us-east-2": "033677994240",
    "us-west-1": "027434742980", "us-west-2": "797873946194",
    "af-south-1": "098369216593", "ap-east-1": "754344448648",
    "ap-northeast-1": "582318560864", "ap-northeast-2": "600734575887",
    "ap-northeast-3": "383597477331", "ap-south-1": "718504428378",
    "ap-southeast-1": "114774131450", "ap-southeast-2": "783225319266",
    "ca-central-1": "985666609251", "eu-central-1": "054676820928",
    "eu-north-1": "897822967062", "eu-south-1": "635631232127",
    "eu-west-1": "156460612806", "eu-west-2": "652711504416",
    "eu-west-3": "009996457667", "me-south-1": "076674570225",
    "sa-east-1": "507241528517",
}


def is_region(text: str) -> bool:
    """Whether ``text`` is a known region name (any of the three partitions)."""
    return text in ALL_REGIONS


def find_regions(text: str) -> list[tuple[str, int, bool]]:
    """Region names inside a string: (region, offset, is_availability_zone).

    Only names of known regions count, so "eu-west-9" or "ap-foo-1" in prose
    are ignored.
    """
    found = []
    for match in REGION_PATTERN.finditer(text):
        region, zone = match.group(1), match.group(2)
        if region in ALL_REGIONS:
            found.append((region, match.start(1), bool(zone)))
    return found
