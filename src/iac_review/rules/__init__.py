"""Rules, one module each, grouped by stage or family."""
