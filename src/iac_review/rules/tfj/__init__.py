"""TFJ: cross-resource rules over the synthesized Terraform JSON."""
