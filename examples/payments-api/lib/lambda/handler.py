"""POST /payments: validate a payment, store it in DynamoDB and archive the request in S3."""
import json
import logging
import os
import uuid
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import boto3

LOGGER = logging.getLogger()
LOGGER.setLevel(logging.INFO)


@lru_cache(maxsize=1)
def _clients():
    """Clients are built on first use, in the function's own region."""
    region = os.environ.get("AWS_REGION")
    return (boto3.resource("dynamodb", region_name=region).Table(os.environ["TABLE_NAME"]),
            boto3.client("s3", region_name=region),
            boto3.client("ssm", region_name=region))


@lru_cache(maxsize=1)
def _limits() -> dict:
    ssm = _clients()[2]
    value = ssm.get_parameter(Name=os.environ["CONFIG_PARAMETER"])["Parameter"]["Value"]
    return json.loads(value)


def _response(status: int, body: dict) -> dict:
    return {"statusCode": status, "headers": {"Content-Type": "application/json"},
            "body": json.dumps(body)}


def validate(payment: dict, limits: dict) -> str | None:
    """Return what is wrong with the payment, or None when it is acceptable."""
    if not isinstance(payment, dict):
        return "the body must be a JSON object"
    try:
        amount = Decimal(str(payment.get("amount")))
    except InvalidOperation:
        return "amount must be a number"
    if amount <= 0 or amount > Decimal(str(limits["max_amount"])):
        return f"amount must be between 0 and {limits['max_amount']}"
    if payment.get("currency") not in limits["currencies"]:
        return f"currency must be one of {', '.join(limits['currencies'])}"
    if not payment.get("merchant_id"):
        return "merchant_id is required"
    return None


def handler(event, context):  # pylint: disable=unused-argument
    try:
        payment = json.loads(event.get("body") or "{}")
    except (TypeError, json.JSONDecodeError):
        return _response(400, {"error": "the body is not valid JSON"})
    try:
        problem = validate(payment, _limits())
        if problem:
            return _response(400, {"error": problem})
        table, s3, _ = _clients()
        record = {"payment_id": str(uuid.uuid4()),
                  "created_at": datetime.now(timezone.utc).isoformat(),
                  "merchant_id": str(payment["merchant_id"]),
                  "amount": Decimal(str(payment["amount"])),
                  "currency": payment["currency"],
                  "status": "ACCEPTED"}
        table.put_item(Item=record)
        s3.put_object(Bucket=os.environ["LOGS_BUCKET"], Key=f"payments/{record['payment_id']}.json",
                      Body=json.dumps(record, default=str).encode("utf-8"))
    except Exception:  # pylint: disable=broad-except
        LOGGER.exception("payment could not be stored")
        return _response(500, {"error": "internal error"})
    return _response(201, {"payment_id": record["payment_id"], "status": record["status"]})
