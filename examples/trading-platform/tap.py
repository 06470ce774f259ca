"""Entry point: one TradingPlatformStack per region, configured from the harness environment."""
import os

from cdktf import App

from lib.tap_stack import TradingPlatformStack

app = App()
suffix = os.environ.get("ENVIRONMENT_SUFFIX", "dev")
regions = [
    os.environ.get("AWS_REGION", "us-east-1"),
    os.environ.get("SECONDARY_AWS_REGION", "us-west-2"),
]
default_tags = {
    "Repository": os.environ.get("REPOSITORY", "local"),
    "Author": os.environ.get("COMMIT_AUTHOR", "unknown"),
    "Team": os.environ.get("TEAM", "trading"),
}

for region in regions:
    TradingPlatformStack(
        app,
        f"TradingPlatform{suffix}-{region}",
        environment_suffix=suffix,
        aws_region=region,
        state_bucket=os.environ.get("TERRAFORM_STATE_BUCKET", "iac-review-tf-states"),
        state_bucket_region=os.environ.get("TERRAFORM_STATE_BUCKET_REGION", "us-east-1"),
        default_tags=default_tags,
    )

app.synth()
