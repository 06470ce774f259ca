"""OUT: stack outputs."""
