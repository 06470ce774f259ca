"""Hardcoded accounts, regions, secrets and environments."""
