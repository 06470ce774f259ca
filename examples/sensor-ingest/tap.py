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
    aws_region=os.environ.get("AWS_REGION", "eu-central-1"),
    default_tags={"Repository": os.environ.get("REPOSITORY", "local"),
                  "Team": os.environ.get("TEAM", "sensors")},
)
app.synth()
