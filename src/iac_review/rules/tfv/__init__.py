"""TFV: provider-less terraform validate."""
