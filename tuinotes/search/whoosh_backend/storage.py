"""Reading segment files straight from their memory map.

Whoosh copies each part of a compound segment file into a BytesIO whenever a reader opens
it: the whole index, per reader. `_MappedPart` reads the part from the map instead; it is
installed into Whoosh's compound module when the backend opens an index (Whoosh offers no
hook; only this backend reads Whoosh indexes in the process)."""

from __future__ import annotations

from typing import Any

from whoosh.filedb import compound as whoosh_compound
from whoosh.filedb.structfile import BufferFile


class _View:
    """A read-only file over a memoryview, with its own position and no copy."""

    def __init__(self, view: memoryview) -> None:
        self.view = view
        self.position = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.view) if size is None or size < 0 else self.position + size
        data = bytes(self.view[self.position : end])
        self.position += len(data)
        return data

    def readline(self) -> bytes:
        rest = self.view[self.position :]
        end = bytes(rest).find(b"\n") + 1 or len(rest)
        return self.read(end)

    def seek(self, offset: int, whence: int = 0) -> int:
        base = (0, self.position, len(self.view))[whence]
        self.position = base + offset
        return self.position

    def tell(self) -> int:
        return self.position

    def close(self) -> None:
        pass

    def flush(self) -> None:
        pass


class _MappedPart(BufferFile):
    """A part of a compound segment file read straight from its memory map. Whoosh's own
    copies each part into a BytesIO whenever a reader opens: the whole index, per reader
    (hundreds of MB, and most of a CLI search's time, at 10,000 notes)."""

    def __init__(self, buf: memoryview, name: str | None = None, onclose: Any = None) -> None:
        super().__init__(b"", name=name, onclose=onclose)
        self._buf = buf
        self.file = _View(buf)


def read_segments_from_their_map() -> None:
    """Have Whoosh's `CompoundStorage.open_file` hand out `_MappedPart`s (idempotent)."""
    whoosh_compound.BufferFile = _MappedPart
