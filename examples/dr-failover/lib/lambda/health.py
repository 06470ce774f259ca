"""Health endpoint served in both regions: 200 while the local table replica answers."""
import json
import os

import boto3
from botocore.exceptions import BotoCoreError, ClientError


def handler(event, context):  # pylint: disable=unused-argument
    """Report this region's health; Route 53 fails over when this returns 503."""
    region = os.environ.get("AWS_REGION", "unknown")
    table_name = os.environ["TABLE_NAME"]
    try:
        table = boto3.client("dynamodb", region_name=region).describe_table(TableName=table_name)
        status = table["Table"]["TableStatus"]
        healthy = status == "ACTIVE"
    except (BotoCoreError, ClientError) as err:
        status, healthy = str(err), False
    return {
        "statusCode": 200 if healthy else 503,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps({"region": region, "role": os.environ.get("SITE_ROLE", ""),
                            "table_status": status}),
    }
