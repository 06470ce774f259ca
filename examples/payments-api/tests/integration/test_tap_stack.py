"""Integration tests: run against the deployed stack, named by cfn-outputs/flat-outputs.json."""
import json
import os
import urllib.error
import urllib.request

import boto3
import pytest

OUTPUTS_FILE = os.path.join(os.getcwd(), "cfn-outputs", "flat-outputs.json")


@pytest.fixture(scope="module", name="outputs")
def fixture_outputs():
    if not os.path.exists(OUTPUTS_FILE):
        pytest.skip("no deployment outputs (cfn-outputs/flat-outputs.json)")
    with open(OUTPUTS_FILE, encoding="utf-8") as handle:
        data = json.load(handle)
    # Deployed outputs are nested under the stack name; LocalStack writes them flat.
    if "table_name" not in data and len(data) == 1:
        data = next(iter(data.values()))
    return data


def test_table_replicates_to_us_west_2(outputs):
    dynamodb = boto3.client("dynamodb", region_name=os.environ.get("AWS_REGION", "us-east-1"))
    table = dynamodb.describe_table(TableName=outputs["table_name"])["Table"]
    assert "us-west-2" in [r["RegionName"] for r in table.get("Replicas", [])]


def test_api_rejects_requests_without_key(outputs):
    request = urllib.request.Request(f"{outputs['api_url']}/payments", data=b"{}", method="POST")
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=10)  # pylint: disable=consider-using-with
    assert error.value.code == 403


def test_api_accepts_a_payment_with_key(outputs):
    apigw = boto3.client("apigateway", region_name=os.environ.get("AWS_REGION", "us-east-1"))
    key = apigw.get_api_key(apiKey=outputs["api_key_id"], includeValue=True)["value"]
    body = json.dumps({"amount": 12.5, "currency": "USD", "merchant_id": "m-1"}).encode()
    request = urllib.request.Request(f"{outputs['api_url']}/payments", data=body, method="POST",
                                     headers={"x-api-key": key, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 201
        assert json.loads(response.read())["status"] == "ACCEPTED"
