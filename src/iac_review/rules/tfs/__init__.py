"""TFS: Terraform strings: interpolation, hand-written references, tokens."""
