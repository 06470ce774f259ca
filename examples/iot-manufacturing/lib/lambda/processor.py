"""Kinesis consumer: archives each batch of machine telemetry as one JSON Lines object in S3."""
import base64
import json
import os
from datetime import datetime, timezone

import boto3


def _s3():
    return boto3.client("s3", region_name=os.environ.get("AWS_REGION"))


def decode(records):
    """Decode the Kinesis records of one batch; records that are not JSON are kept as text."""
    readings = []
    for record in records:
        payload = base64.b64decode(record["kinesis"]["data"]).decode("utf-8", errors="replace")
        try:
            readings.append(json.loads(payload))
        except json.JSONDecodeError:
            readings.append({"raw": payload})
    return readings


def handler(event, context):
    """Write the batch to s3://$ARCHIVE_BUCKET/telemetry/YYYY/MM/DD/<request id>.jsonl."""
    readings = decode(event.get("Records", []))
    if not readings:
        return {"archived": 0}
    now = datetime.now(timezone.utc)
    key = f"telemetry/{now:%Y/%m/%d}/{context.aws_request_id}.jsonl"
    body = "\n".join(json.dumps(r, separators=(",", ":")) for r in readings)
    _s3().put_object(Bucket=os.environ["ARCHIVE_BUCKET"], Key=key, Body=body.encode("utf-8"),
                     ContentType="application/x-ndjson")
    return {"archived": len(readings), "key": key}
