"""CDK: cdktf symbols that do not exist."""
