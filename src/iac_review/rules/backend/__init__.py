"""State backend rules."""
