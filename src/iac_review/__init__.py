"""iac-review: reviews CDKTF Python infrastructure code for AWS."""

__version__ = "0.1.0"
