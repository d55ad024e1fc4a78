"""Search: the query language (backend-neutral), the backend protocol, and the Whoosh
backend behind it."""
