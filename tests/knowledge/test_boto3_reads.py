"""boto3_reads.yaml names only resource types the provider schema has."""
from __future__ import annotations

from iac_review.knowledge.boto3_reads import all_resource_types, resources_read


def test_every_resource_type_exists_in_the_provider(schema_index):
    missing = sorted(t for t in all_resource_types()
                     if schema_index.class_for_tf_type("cdktf_cdktf_provider_aws", t) is None)
    assert not missing


def test_an_operation_maps_to_the_types_that_hold_its_resource():
    assert resources_read("dynamodb", "describe_table") == ("aws_dynamodb_table",)
    assert resources_read("ec2", "describe_availability_zones") == ()
    assert resources_read("sts", "get_caller_identity") == ()
