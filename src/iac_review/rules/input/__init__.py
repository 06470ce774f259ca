"""Input rules: problems found while reading the answer or project, before any code is analysed."""
