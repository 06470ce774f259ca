"""Physical resource names: suffixes, global uniqueness, AWS limits."""
