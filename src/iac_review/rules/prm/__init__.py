"""PRM: what the task's prompt requires and the code does not provide."""
