"""Terraform strings and tokens inside Python."""
