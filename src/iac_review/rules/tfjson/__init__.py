"""Rules over the synthesized Terraform JSON (cross-resource checks)."""
