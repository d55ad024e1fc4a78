"""Who attended (and who sent regrets): candidates with their evidence, and one resolver.

Recognisers look at the note's blocks (`tuinotes.notes.structure.Draft`) and *propose*
candidates: "the table under `## Attendees`", "the bullets after `Roll call:`", "the names on
`Facilitator: Ana`", "the paragraph of `Name (AB)` under the title". None of them takes a
block silently: `resolve` weighs every candidate (how it is labelled, where it stands, how
person-like its rows are, whether a count line agrees) and keeps the ones that win, and
`Found.explain` says which block gave the attendees and why the others lost.

One row grammar (`read_row`) serves every shape: a person (`Ada Byron (@ada), Analytical
Co`, `AB: Ada Byron`, `Ada Byron / Org / @ada`), a labelled group (`Council: ana, Ben`), an
absentee (`Regrets: Zoe`, `Kate Lund (absent - travelling)`), a count line (`4 people in
total`), an attendance mark (`[x] Ana`, an HTML table's `x` column) or template text
(`Name | Affiliation`, `_attendee names..._`, `n/a`), which is never a person.
"""

from __future__ import annotations

from typing import Any

from tuinotes.notes.attendees.candidates import Found
from tuinotes.notes.attendees.recognisers import RECOGNISERS, in_frontmatter
from tuinotes.notes.attendees.resolve import resolve
from tuinotes.notes.structure import Draft

__all__ = ["Found", "find_attendees"]


def find_attendees(draft: Draft, metadata: dict[str, Any] | None = None) -> Found:
    """Everyone the note lists as attending (deduplicated), absentees apart; `metadata` is
    the note's frontmatter."""
    candidates = in_frontmatter(metadata or {})
    candidates += [c for recognise in RECOGNISERS for c in recognise(draft)]
    return resolve(candidates)
