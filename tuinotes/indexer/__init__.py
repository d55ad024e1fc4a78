"""The indexer: a notes folder scanned, parsed in worker processes and written to the
search backend, with a catalog of every meeting beside it."""
