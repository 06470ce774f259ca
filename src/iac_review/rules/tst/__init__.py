"""TST: the quality of the task's own tests."""
