"""Attendee tables: columns matched by their header (`from_table`), else read by shape,
and tables kept inside code fences."""

from __future__ import annotations

import re

from tuinotes.model.meeting import Attendee
from tuinotes.model.text import fold
from tuinotes.notes.attendees.rows import (
    Row,
    clean_handle,
    from_text,
    is_template_row,
    merge_rows,
    reads_as_name,
)
from tuinotes.notes.attendees.vocabulary import (
    ABSENCE_REMARK,
    HEADER_TO_FIELD,
    MARKED,
    PEOPLE_COUNT,
)
from tuinotes.notes.speakers import looks_like_initials

_AGENDA_COLUMN = re.compile(
    r"^(?:topics?|agenda(?:\s+items?)?|items?|subjects?|outcomes?|decisions?|discussion)$"
)


def from_table(rows: list[list[str]], require_header: bool = False) -> Row:
    """Attendees from table rows; columns matched by header name, else guessed by shape. A
    mark column (`x` for who came) keeps only the marked rows; a word there is a regret."""
    if not rows or any(_AGENDA_COLUMN.match(fold(cell).strip()) for cell in rows[0]):
        return Row()  # "| # | Topic | Who | Outcome |": who brings each topic, not who came
    fields = [_column(cell) for cell in rows[0]]
    if "name" not in fields and "handle" not in fields:
        if require_header:
            return Row()
        return merge_rows(_guess_row(row) for row in rows)
    marks = [c for c, f in enumerate(fields) if f == "mark"]
    mark_column = next(
        (c for c in marks if all(_mark_cell(r[c] if c < len(r) else "") for r in rows[1:])), None
    )
    result = Row()
    for row in rows[1:]:
        values: dict[str, str] = {}
        for column, cell in zip(fields, row, strict=False):
            if column and cell.strip() and column not in values:
                values[column] = cell.strip()
        if not any(v for k, v in values.items() if k != "mark"):
            continue  # an empty template row
        name = values.get("name", "")
        person = from_text(name) if name else None
        handle = clean_handle(values.get("handle", ""))
        if person is None and not handle:
            if name and not is_template_row(name) and not PEOPLE_COUNT.match(name):
                result.odd = result.odd or name
                result.entries += 1
            continue
        person = person or Attendee(name="")
        person.initials = values.get("initials", person.initials)
        person.affiliation = values.get("affiliation", person.affiliation)
        person.handle = handle or person.handle
        mark = fold(row[mark_column]).strip(" \ufe0f") if mark_column is not None else "x"
        result.entries += 1
        if mark in MARKED:
            result.people.append(person)
        elif mark:
            result.absent.append(person)  # "regrets" written in the mark cell
        else:
            result.entries -= 1  # listed, not marked: did not come
    return result


def _column(header: str) -> str | None:
    """The field a header names: 'Name/Affiliation' is the name, 'GH ID' the handle."""
    cell = fold(header).strip(" :*")
    if cell in HEADER_TO_FIELD:
        return HEADER_TO_FIELD[cell]
    first = re.split(r"\s*[/&(]\s*", cell)[0]
    return HEADER_TO_FIELD.get(first) if first else None


def _mark_cell(cell: str) -> bool:
    """A cell of a mark column: empty, a tick, or a short word or an absence remark."""
    value = fold(cell).strip()
    if ABSENCE_REMARK.search(value):
        return True
    return len(value) <= 12 and (
        not value or value in MARKED or not any(c.isdigit() for c in value)
    )


def _guess_row(row: list[str]) -> Row:
    """A header-less row: the first cell is the name, other cells are recognised by shape."""
    cells = [c.strip() for c in row]
    if not cells or not cells[0] or set(cells[0]) <= set("-: "):
        return Row()
    if not reads_as_name(cells[0]) or is_template_row(cells[0]):
        return Row(odd=cells[0], entries=1)
    attendee = Attendee(name=cells[0])
    for cell in cells[1:]:
        if not cell:
            continue
        if not attendee.handle and (cell.startswith("@") or "github.com/" in cell):
            attendee.handle = clean_handle(cell)
        elif not attendee.initials and looks_like_initials(cell):
            attendee.initials = cell
        elif not attendee.affiliation:
            attendee.affiliation = cell
    return Row(people=[attendee], entries=1)


def table_in_code(code: str) -> list[list[str]]:
    """A Markdown table kept inside a code fence, as rows of cells."""
    rows = []
    for line in code.splitlines():
        if "|" not in line or set(line.strip()) <= set("|-: "):
            continue
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows
