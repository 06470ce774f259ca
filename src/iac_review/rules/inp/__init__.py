"""INP: the input itself: unsafe paths, unreadable files, answers without code."""
