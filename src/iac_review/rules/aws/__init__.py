"""AWS knowledge that fits in tables: teardown, IAM, logs, domains, outputs."""
