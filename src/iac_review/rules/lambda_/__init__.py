"""Lambda packaging, configuration and handler code."""
