"""The index's life: open, create, recreate when damaged, or keep in memory when the
directory cannot be written."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import RamStorage
from whoosh.index import Index, LockError

from tuinotes.search.backend import (
    IndexBusy,
)
from tuinotes.search.whoosh_backend.reader import WhooshReader
from tuinotes.search.whoosh_backend.schema import VERSION, WRITER_MB, make_schema
from tuinotes.search.whoosh_backend.storage import read_segments_from_their_map
from tuinotes.search.whoosh_backend.writer import WhooshSegments, WhooshWriter, codec


class WhooshBackend:
    """A Whoosh index in a directory (or in memory when it cannot be written)."""

    version = VERSION

    def __init__(self) -> None:
        self.schema = make_schema()
        self.messages: list[str] = []
        self.in_memory = False
        self.directory: Path | None = None
        self._ix: Index | None = None

    @property
    def ix(self) -> Index:
        if self._ix is None:
            raise RuntimeError("the index is not open")
        return self._ix

    def open(self, directory: Path | None) -> None:
        read_segments_from_their_map()
        self.directory = directory
        if directory is None:
            self._ix = self._in_memory("no cache dir")
            return
        try:
            directory.mkdir(parents=True, exist_ok=True)
            if whoosh_index.exists_in(str(directory)):
                ix = whoosh_index.open_dir(str(directory), schema=self.schema)
                ix.doc_count()  # touch the segments: damage shows here, not mid-search
                self._ix = ix
            else:
                self._ix = self._create(directory)
        except PermissionError as error:
            self._ix = self._in_memory(f"cache dir not writable ({error.strerror})")
        except OSError as error:
            parent = directory if directory.exists() else directory.parent
            if not os.access(parent, os.W_OK):
                self._ix = self._in_memory(f"cache dir not writable ({error.strerror})")
            else:
                self._ix = self._recreate(f"index could not be read ({error}): rebuilding")
        except Exception as error:  # Whoosh raises many kinds on damaged files
            self._ix = self._recreate(f"index damaged ({type(error).__name__}): rebuilding")

    def _recreate(self, message: str) -> Index:
        self.messages.append(message)
        assert self.directory is not None
        try:
            return self._create(self.directory)
        except OSError as error:
            return self._in_memory(f"cannot write the index ({error})")

    def _create(self, directory: Path) -> Index:
        for entry in directory.glob("*"):
            if entry.name.endswith((".toc", ".seg", ".pst", ".trm", ".fdt", ".lock")) or (
                entry.name.startswith("_MAIN_")
            ):
                if entry.is_dir():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)
        directory.mkdir(parents=True, exist_ok=True)
        return whoosh_index.create_in(str(directory), self.schema)

    def _in_memory(self, why: str) -> Index:
        self.messages.append(f"{why}: keeping the index in memory for this session")
        self.in_memory = True
        return RamStorage().create_index(self.schema)

    def writer(self, timeout: float) -> WhooshWriter:
        try:
            return WhooshWriter(self.ix.writer(timeout=timeout, limitmb=WRITER_MB, codec=codec()))
        except LockError as error:
            raise IndexBusy from error

    def segment_target(self) -> WhooshSegments | None:
        if self.in_memory or self.directory is None:
            return None
        return WhooshSegments(str(self.directory))

    def reader(self) -> WhooshReader:
        return WhooshReader(self.ix.searcher())

    def generation(self) -> int:
        return int(self.ix.latest_generation())

    def close(self) -> None:
        if self._ix is not None:
            self._ix.close()
