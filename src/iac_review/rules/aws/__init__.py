"""AWS: what AWS services accept and keep: teardown blockers, IAM, log retention, reserved domains, outputs."""
