"""Region table and region search in strings."""
from __future__ import annotations

from iac_review.knowledge.regions import ALL_REGIONS, ELB_LOG_DELIVERY_ACCOUNTS, find_regions, \
    is_region


def test_partitions_are_covered():
    assert {"us-east-1", "us-gov-west-1", "cn-northwest-1", "il-central-1"} <= ALL_REGIONS
    assert is_region("eu-south-2") and not is_region("eu-west-9")


def test_find_regions_in_text():
    assert find_regions("arn:aws:logs:us-east-1:*:*") == [("us-east-1", 13, False)]
    assert find_regions("logs.ap-southeast-2.amazonaws.com") == [("ap-southeast-2", 5, False)]
    assert find_regions("us-west-2b") == [("us-west-2", 0, True)]
    assert find_regions("eu-west-9 and plus-us-east-1x9") == []


def test_elb_accounts_are_known_regions():
    assert set(ELB_LOG_DELIVERY_ACCOUNTS) <= ALL_REGIONS
    assert all(len(a) == 12 and a.isdigit() for a in ELB_LOG_DELIVERY_ACCOUNTS.values())
