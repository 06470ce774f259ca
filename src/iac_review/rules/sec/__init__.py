"""SEC: security hardening."""
