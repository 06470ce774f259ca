"""BKD: Terraform state backend."""
