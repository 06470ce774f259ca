"""Integration tests: check the deployed resources named in cfn-outputs/flat-outputs.json."""
import json
import os

import boto3
import pytest

OUTPUTS_FILE = os.path.join(os.path.dirname(__file__), "..", "..", "cfn-outputs", "flat-outputs.json")


def _stack_outputs():
    """One dict of outputs per deployed stack (the file is nested by stack name, or flat for one stack)."""
    if not os.path.exists(OUTPUTS_FILE):
        pytest.skip("cfn-outputs/flat-outputs.json not found: the stacks are not deployed")
    with open(OUTPUTS_FILE, encoding="utf-8") as handle:
        outputs = json.load(handle)
    if all(isinstance(value, dict) for value in outputs.values()):
        return list(outputs.values())
    return [outputs]


def _region(outputs):
    return outputs["kms_key_arn"].split(":")[3]


@pytest.fixture(scope="module")
def deployed():
    return _stack_outputs()


def test_kms_keys_are_enabled_and_rotating(deployed):
    for outputs in deployed:
        kms = boto3.client("kms", region_name=_region(outputs))
        key_id = outputs["kms_key_arn"]
        assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyState"] == "Enabled"
        assert kms.get_key_rotation_status(KeyId=key_id)["KeyRotationEnabled"] is True


def test_buckets_use_the_regional_key(deployed):
    for outputs in deployed:
        s3 = boto3.client("s3", region_name=_region(outputs))
        rules = s3.get_bucket_encryption(Bucket=outputs["bucket_name"])["ServerSideEncryptionConfiguration"]["Rules"]
        default = rules[0]["ApplyServerSideEncryptionByDefault"]
        assert default["SSEAlgorithm"] == "aws:kms"
        assert default["KMSMasterKeyID"] == outputs["kms_key_arn"]
        lifecycle = s3.get_bucket_lifecycle_configuration(Bucket=outputs["bucket_name"])["Rules"]
        assert lifecycle[0]["Expiration"]["Days"] == 90


def test_aurora_clusters_are_available_and_encrypted(deployed):
    for outputs in deployed:
        rds = boto3.client("rds", region_name=_region(outputs))
        cluster = rds.describe_db_clusters(DBClusterIdentifier=outputs["cluster_identifier"])["DBClusters"][0]
        assert cluster["Status"] == "available"
        assert cluster["StorageEncrypted"] is True
        assert cluster["MasterUserSecret"]["SecretArn"] == outputs["master_secret_arn"]


def test_orders_queues_redrive_to_a_dead_letter_queue(deployed):
    for outputs in deployed:
        sqs = boto3.client("sqs", region_name=_region(outputs))
        attributes = sqs.get_queue_attributes(QueueUrl=outputs["orders_queue_url"],
                                              AttributeNames=["RedrivePolicy"])["Attributes"]
        assert json.loads(attributes["RedrivePolicy"])["maxReceiveCount"] in (3, "3")
