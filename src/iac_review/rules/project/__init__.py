"""Rules about the project as deployed: regions and providers against the task."""
