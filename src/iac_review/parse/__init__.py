"""Input parsing: markdown answers, task folders and project folders become a ``Project``."""
