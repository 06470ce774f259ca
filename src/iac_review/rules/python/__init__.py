"""Python-level rules: what stops the program before any binding is reached."""
