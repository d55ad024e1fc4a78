"""Where Whoosh is first loaded, without three imports it makes and tuinotes never uses:
`whoosh.compat` imports `urllib.request` (and with it `http.client`, `email` and `ssl`) for
a download helper, Whoosh's reader takes `cached_property` from the package of that name,
which imports `asyncio`, and its term queries load the English word-variation tables for a
query kind we never build. Together about 35 ms of every start of `tuinotes search`
(`python -X importtime`).

While Whoosh's modules load, stand-ins answer for them: a `urlretrieve` and a `variations`
that import the real ones should they ever be called, and the standard library's
`functools.cached_property`.
They leave `sys.modules` as soon as Whoosh is loaded, so any other import gets the real
modules; when another thread runs (one that could import them meanwhile), Whoosh loads as
it is. Also the stemmer, stop words and accent table that `search.analysis` reads.
"""

from __future__ import annotations

import functools
import importlib
import sys
import threading
import types
from typing import Any


def _load() -> None:
    if "whoosh.reading" in sys.modules:
        return
    if threading.active_count() > 1:  # another thread could import one of the stand-ins
        import whoosh.query
        import whoosh.reading

        return
    stand_ins = {
        name: _stand_in(name, attribute, value)
        for name, attribute, value in (
            ("urllib.request", "urlretrieve", None),
            ("whoosh.lang.morph_en", "variations", None),
            ("cached_property", "cached_property", functools.cached_property),
        )
        if name not in sys.modules
    }
    sys.modules.update(stand_ins)
    try:
        import whoosh.compat
        import whoosh.query
        import whoosh.reading  # noqa: F401
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


def _stand_in(name: str, attribute: str, value: Any) -> types.ModuleType:
    """A module `name` holding `attribute`: `value`, or (None) a function that imports the
    real module when called (by then the stand-in has left `sys.modules`) and calls its own."""
    module = types.ModuleType(name)

    def deferred(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(name), attribute)(*args, **kwargs)

    setattr(module, attribute, deferred if value is None else value)
    return module


_load()

from whoosh.analysis import STOP_WORDS  # noqa: E402
from whoosh.lang.porter import stem  # noqa: E402
from whoosh.support.charset import accent_map  # noqa: E402

__all__ = ["STOP_WORDS", "accent_map", "stem"]
