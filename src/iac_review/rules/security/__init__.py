"""Security-hardening rules: encryption at rest, key rotation, public access, open ingress, IMDSv2."""
