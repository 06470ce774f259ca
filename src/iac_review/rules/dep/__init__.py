"""DEP: deprecated provider arguments."""
