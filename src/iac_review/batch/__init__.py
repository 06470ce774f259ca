"""``iac-review batch``: review every task of a corpus into a SQLite store that survives a kill.

A unit of work is one task and one source (its model answer, its IDEAL answer
or its code tree). The driver hands units to an engine, which is a pool of
local processes or a Ray cluster, and writes what comes back into the store.
Only the driver writes. Each unit's rows (one per stage) are written in one
transaction, so a kill at any moment leaves a unit either complete or absent.
The next run skips the units that are complete for the same tool version and
settings, and reviews the rest.
"""
