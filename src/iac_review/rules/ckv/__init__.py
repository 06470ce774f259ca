"""CKV: checkov over the synthesized Terraform JSON."""
