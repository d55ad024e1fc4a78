"""The Whoosh backend: the only package that imports `whoosh`.

`schema` (fields and analyzers), `translate` (the query tree as Whoosh queries), `reader`
(hits, snippets, highlights, suggestions, more-like-this), `writer` (the writer and the
workers' segment sinks), `storage` (memory-mapped segment reads), `backend` (the index's
life: open, create, recover).
"""

import tuinotes.search.lean_whoosh  # noqa: F401  (loads Whoosh first, lean)
from tuinotes.search.whoosh_backend.backend import WhooshBackend
from tuinotes.search.whoosh_backend.schema import (
    VERSION,
    ProseAnalyzer,
    make_schema,
    prose,
    prose_analyzer,
)

# An index's table of contents pickles its schema, analyzers included: indexes written when
# this package was one module name `tuinotes.search.whoosh_backend.ProseAnalyzer`.
__all__ = ["VERSION", "ProseAnalyzer", "WhooshBackend", "make_schema", "prose", "prose_analyzer"]
