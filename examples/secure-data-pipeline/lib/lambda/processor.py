"""Signs one object of the data bucket and writes the signed copy under processed/."""
import hashlib
import hmac
import json
import os

import boto3


def handler(event, _context):
    """Event: {"key": "<object key in the data bucket>"}."""
    key = (event or {}).get("key")
    if not key:
        return {"statusCode": 400, "body": json.dumps({"error": "event needs a 'key'"})}

    bucket = os.environ["DATA_BUCKET"]
    s3 = boto3.client("s3")
    secrets = boto3.client("secretsmanager")

    body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
    signing_key = secrets.get_secret_value(SecretId=os.environ["SIGNING_SECRET_ARN"])["SecretString"]
    signature = hmac.new(signing_key.encode("utf-8"), body, hashlib.sha256).hexdigest()

    output_key = f"processed/{key.rsplit('/', 1)[-1]}"
    s3.put_object(Bucket=bucket, Key=output_key, Body=body, Metadata={"hmac-sha256": signature})
    return {"statusCode": 200, "body": json.dumps({"output": output_key, "signature": signature})}
