"""HC: hardcoded values: account ids, regions, secrets, environments."""
