"""Entry point: reads the harness environment and synthesizes the stack."""
import os

from cdktf import App

from lib.tap_stack import TapStack

app = App()
suffix = os.environ.get("ENVIRONMENT_SUFFIX", "dev")
TapStack(
    app,
    f"TapStack{suffix}",
    environment_suffix=suffix,
    state_bucket=os.environ.get("TERRAFORM_STATE_BUCKET", "iac-review-tf-states"),
    state_bucket_region=os.environ.get("TERRAFORM_STATE_BUCKET_REGION", "us-east-1"),
    aws_region=os.environ.get("AWS_REGION", "us-east-1"),
    default_tags={
        "Repository": os.environ.get("REPOSITORY", "local"),
        "Author": os.environ.get("COMMIT_AUTHOR", "unknown"),
        "Team": os.environ.get("TEAM", "data-platform"),
    },
)
app.synth()
