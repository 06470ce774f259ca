"""NM: physical resource names: environment suffix, uniqueness, AWS limits."""
