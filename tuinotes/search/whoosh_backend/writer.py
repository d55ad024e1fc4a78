"""Writing: one writer under the index's lock, and sinks that worker processes write
segments with, attached later by the writer."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC
from whoosh.util import random_name
from whoosh.writing import CLEAR, SegmentWriter

from tuinotes.search.backend import (
    SearchDocument,
)
from tuinotes.search.whoosh_backend.schema import SINK_MB, make_schema

# -- writing and the index's life ----------------------------------------------------------


def codec() -> W3Codec:
    """Whoosh's codec without the per-block length statistics. They only bound a block's
    best score for block-max pruning (with a length of 0 the bound stays a bound: it is
    only looser), and writing them reads every posting's document length back: a tenth of
    the time a segment takes to write."""
    chosen = W3Codec()
    chosen.length_stats = False  # an instance attribute: the segment pickles a plain W3Codec
    return chosen


def _fields(document: SearchDocument) -> dict[str, Any]:
    return {
        "path": document.path,
        "title": document.title,
        "body": document.body,
        "item": document.items,
        "text": document.text,
        "link": document.links,
        "attendee": document.attendees,
        "pkey": ",".join(sorted(document.person_keys)),
        "org": document.orgs,
        "tag": ",".join(t.lower() for t in document.tags),
        "date": document.date,
        "series": " ".join(document.series.casefold().split()),
    }


class WhooshWriter:
    def __init__(self, writer: SegmentWriter) -> None:
        self.writer = writer
        self.attached: list[Any] = []
        self.cleared = False

    def put(self, document: SearchDocument, replace: bool) -> None:
        if replace:
            self.writer.update_document(**_fields(document))
        else:
            self.writer.add_document(**_fields(document))

    def delete(self, path: str) -> None:
        self.writer.delete_by_term("path", path)

    def clear(self) -> None:
        if self.attached:
            raise RuntimeError("clear before attaching segments")
        self.cleared = True

    def attach(self, segment: object) -> None:
        self.attached.append(segment)

    def checkpoint(self) -> None:
        """A new generation of the index's table of contents: the writer's segments (with
        deletions marked) and the attached ones. Files are not cleaned here: segments that
        workers are still writing must survive until the final commit."""
        writer = self.writer
        if writer._added:
            raise RuntimeError("checkpoint after put: commit instead")
        TOC(writer.schema, [*writer.segments, *self.attached], writer.generation).write(
            writer.storage, writer.indexname
        )
        writer.generation += 1

    def commit(self, merge: bool = True) -> None:
        """Commit and release the lock. Called when no worker is writing: segments and
        temporary folders left by workers that were stopped or killed are removed."""
        writer = self.writer
        folder = getattr(writer.storage, "folder", None)
        if not self.attached:
            writer.commit(merge=merge, mergetype=CLEAR if self.cleared else None)
        else:
            segments = writer._merge_segments(None, None, merge)
            if writer._added:
                segments.append(writer._finalize_segment())
            else:
                writer._close_segment()
            writer._commit_toc([*segments, *self.attached])  # also removes unused files
            writer._finish()
        if folder is not None:
            for leftover in Path(folder).glob("*.tmp"):
                shutil.rmtree(leftover, ignore_errors=True)

    def cancel(self) -> None:
        if not self.writer.is_closed:  # a commit that went through is not undone
            self.writer.cancel()


class WhooshSink:
    """A segment written in a worker process (see `WhooshSegments`)."""

    def __init__(self, writer: SegmentWriter) -> None:
        self.writer = writer
        self.count = 0

    def put(self, document: SearchDocument) -> None:
        self.writer.add_document(**_fields(document))
        self.count += 1

    def finish(self) -> object:
        segment = self.writer._finalize_segment()
        self.writer._tempstorage.destroy()
        return segment


class _SinkStorage(FileStorage):
    """The index directory, with temporary files in folders of this writer's own: by
    default every writer of an index shares one, which the first to finish removes."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.own = random_name()

    def temp_storage(self, name: str | None = None) -> FileStorage:
        return super().temp_storage(f"{name or 'temp'}.{self.own}.tmp")


@dataclass(frozen=True, slots=True)
class WhooshSegments:
    """Segments written into an index directory by worker processes, without its lock."""

    directory: str

    def open(self) -> WhooshSink:
        ix = _SinkStorage(self.directory).open_index(schema=make_schema())
        return WhooshSink(SegmentWriter(ix, _lk=False, limitmb=SINK_MB, codec=codec()))
