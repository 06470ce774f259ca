"""``iac-review stats STORE``: the corpus as a whole, from a batch store, as text and as one HTML page."""
