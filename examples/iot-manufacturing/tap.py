"""Entry point: reads the pipeline's environment and synthesizes the stack."""
import os

from cdktf import App

from lib.tap_stack import TapStack

environment_suffix = os.getenv("ENVIRONMENT_SUFFIX", "dev")
state_bucket = os.getenv("TERRAFORM_STATE_BUCKET", "iac-rlhf-tf-states")
state_bucket_region = os.getenv("TERRAFORM_STATE_BUCKET_REGION", "us-east-1")
aws_region = os.getenv("AWS_REGION", "ap-southeast-1")
default_tags = {
    "tags": {
        "Environment": environment_suffix,
        "Repository": os.getenv("REPOSITORY", "unknown"),
        "Author": os.getenv("COMMIT_AUTHOR", "unknown"),
        "PRNumber": os.getenv("PR_NUMBER", "unknown"),
        "Team": os.getenv("TEAM", "unknown"),
    }
}

app = App()
TapStack(
    app,
    f"TapStack{environment_suffix}",
    environment_suffix=environment_suffix,
    state_bucket=state_bucket,
    state_bucket_region=state_bucket_region,
    aws_region=aws_region,
    default_tags=default_tags,
)
app.synth()
