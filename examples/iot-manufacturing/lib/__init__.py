"""The stack package."""
