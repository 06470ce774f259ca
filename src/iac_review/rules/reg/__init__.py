"""REG: regions of the providers."""
