"""Mechanical repairs: codemods (libcst, comments and layout kept) and the loop that applies them."""
