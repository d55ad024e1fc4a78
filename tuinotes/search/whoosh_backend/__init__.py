"""The Whoosh backend: the only package that imports `whoosh`.

`schema` (fields and analyzers), `translate` (the query tree as Whoosh queries), `reader`
(hits, snippets, highlights, suggestions, more-like-this), `writer` (the writer and the
workers' segment sinks), `storage` (memory-mapped segment reads), `backend` (the index's
life: open, create, recover).
"""

from tuinotes.search.whoosh_backend.backend import WhooshBackend
from tuinotes.search.whoosh_backend.schema import VERSION, make_schema, prose, prose_analyzer

__all__ = ["VERSION", "WhooshBackend", "make_schema", "prose", "prose_analyzer"]
