"""The synthesized Terraform JSON as a resource graph, and checkov over it."""
