"""Tables as statements: each cell of a table with column headings read with its row's label
and its column's heading.

Page extraction renders a table as Markdown rows ("| Civic Alliance | 1,919,078 | 39.4 | 145 |"
under "| List | Votes | % of valid votes | Seats |"). Read as one sentence, such a row ties
whichever number the parser likes to whichever cue the row holds, and a row without the cue
word (its heading says "Seats") is not read at all. A careful reader takes each figure with
its heading: "Civic Alliance, Seats: 145". This module rewrites such rows into one short
key-value row per figure, "| Civic Alliance – Seats | 145 |", which the fact reader reads
like any "| Turnout | 62.9% |" row. Of five forms tried on fifteen invented rows (the cue in
the label or in the heading; counts, shares, money, a date), this one the parser tied to
the cue most often (14 of 15; the label in brackets, 14, hides a cue in the label from the
parser, which does not see asides).

A column headed by an earlier time ("Last week", "Previous", "2021" in a 2026 article) is
the table's old figures and is left out, as "up from 600,000" is in prose; so is every
column of a series of months but the rightmost ("November draft | December update |
January update").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from monitor.text.calendar import MONTH

_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_SEPARATOR_CELL = re.compile(r"^\s*:?-{3,}:?\s*$")
_DIGIT = re.compile(r"\d")
# a cell that is a figure and nothing else: "1,919,078", "39.4", "62.9%", "$1.2 million", "+113"
_FIGURE = re.compile(
    r"^[+\-−–]?\s*[$€£¥]?\s*\d[\d,.\s]*(?:%|\s*(?:per\s*cent|percent|million|billion|bn|m|k))?$",
    re.IGNORECASE,
)
# a heading that names an earlier time than the table's own figures
_EARLIER = re.compile(
    r"\b(?:last\s+(?:week|month|year|time|report|update|season)|previous(?:ly)?|prior|"
    r"before|earlier|a\s+(?:week|month|year)\s+ago|yesterday|was)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
# fewest columns for a table whose rows are read cell by cell (a two-column table is already
# a list of "label | value" rows); wider than MAX_COLUMNS, a "table" is a flattened layout,
# and its rows are kept as they are
MIN_COLUMNS = 3
MAX_COLUMNS = 30
# a heading or a label is repeated in each of its cells' rows: at most this many characters
# of it, and the rewriting stops adding once it has added as much again as the text holds
# (plus EXTRA), so a hostile table cannot multiply the text the reader parses
MAX_KEY = 80
EXTRA = 20_000
# a cell longer than this is prose ("European fighter jets to be stationed in Poland (point
# 6)"): its row is a sentence of a text table, kept as it is
MAX_CELL = 40


def _cells(line: str) -> list[str] | None:
    """The cells of a Markdown table row, or None when the line is not one."""
    text = line.strip()
    if len(text) < 2 or not (text.startswith("|") and text.endswith("|")):
        return None
    return [c.strip() for c in _CELL_SPLIT.split(text[1:-1])]


def _is_separator(cells: list[str]) -> bool:
    return all(_SEPARATOR_CELL.match(c) for c in cells if c) and any(cells)


def _is_heading(cells: list[str]) -> bool:
    """Column headings: no cell after the first is a bare figure."""
    return MIN_COLUMNS <= len(cells) <= MAX_COLUMNS and not any(
        _FIGURE.match(c) for c in cells[1:] if c
    )


# a row that sums the others
_TOTAL = re.compile(r"^\W*(?:(?:grand\s+)?total|overall)\b|\btotal\W*$|^\W*all\W*$", re.IGNORECASE)


def is_total(label: str) -> bool:
    """The row's label says it sums the rows above it ("Total", "Overall", "System total")."""
    return bool(_TOTAL.match(label))


def key_end(row: str) -> int:
    """Where the value cell of a key-value row ("| Branch reopening date – This week (9
    December) | 10 January 2028 |") begins: a figure or a day in the key is a label, never
    the row's value. 0 for any other text."""
    cells = _cells(row)
    if cells is None or len(cells) != 2 or not cells[0]:
        return 0
    return row.rindex("|", 0, len(row.rstrip()) - 1)


# a key cell that ends with its unit in brackets: "| Total – Median wait (weeks) | "
_KEY_UNIT = re.compile(r"^\|[^|]*\(([^()|]{1,20})\)\s*\|\s*$")


def heading_unit(before: str) -> str:
    """The unit a key-value row's key gives its figure in brackets ("| Total – Median wait
    (weeks) | 35 |": weeks), from the row's text before the figure; "" when it gives none."""
    found = _KEY_UNIT.match(before)
    return found.group(1).strip() if found else ""


# a heading that says its column is the table's own figures
_CURRENT = re.compile(r"\b(?:this|current|latest|now|today)\b", re.IGNORECASE)
# a heading that names a month: "November draft", "Update of 9 Dec"
_MONTH_NAMED = re.compile(rf"\b(?:{MONTH})\b\.?", re.IGNORECASE)


def superseded(headings: Sequence[str]) -> frozenset[int]:
    """The columns of a series in time whose figures a later column replaced: when two or
    more headings name a month, every one of them but the rightmost ("| November draft |
    December update | January update |": the January column holds the table's own)."""
    if any(_EARLIER.search(h) or _CURRENT.search(h) for h in headings):
        return frozenset()  # "| This week (9 June) | Last week (2 June) |" says which is which
    dated = [i for i, h in enumerate(headings) if _MONTH_NAMED.search(h)]
    return frozenset(dated[:-1]) if len(dated) >= 2 else frozenset()


def earlier_heading(heading: str, published: datetime | None) -> bool:
    """The column holds figures of an earlier time than the table's own: "Last week",
    "Previous", a year before the article's."""
    if _EARLIER.search(heading):
        return True
    if published is None:
        return False
    years = [int(y) for y in _YEAR.findall(heading)]
    return bool(years) and max(years) < published.year


@dataclass(frozen=True)
class Cell:
    """Where a rewritten row's figure stood: its row's label and its column's heading, and
    all the table's labels and headings."""

    label: str
    heading: str
    labels: tuple[str, ...]
    headings: tuple[str, ...]
    # a row with only its first cell filled, in a table of three or more columns: the
    # table's caption ("| Vessels waiting, 24 September 2027, 06:00 | | |"), whose date is
    # when the figures were taken
    caption: bool = False


def as_statements(text: str, published: datetime | None = None) -> tuple[str, dict[str, Cell]]:
    """`text` with each row of a table with column headings rewritten as one row per figure,
    "| <row label> – <heading> | <cell> |" (cells under a heading of an earlier time are left
    out), and the rewritten rows with their cells. Everything else, two-column tables and
    rows without headings included, is kept as it is."""
    lines = text.split("\n")
    out: list[str] = []
    cells_of: dict[str, Cell] = {}
    table: list[str] = []  # the rewritten rows of the table being read
    budget = len(text) + EXTRA
    heading: list[str] | None = None
    headings: tuple[str, ...] = ()  # the heading's cells after the first, cut to MAX_KEY
    replaced: frozenset[int] = frozenset()  # columns a later one of a series replaced
    previous: list[str] | None = None
    for line in lines:
        if not line.strip():
            out.append(line)
            continue
        cells = _cells(line)
        if cells is None:
            _close(table, cells_of)
            heading = previous = None
            out.append(line)
            continue
        if _is_separator(cells):
            if previous is not None:
                _close(table, cells_of)
                heading = previous if _is_heading(previous) else None
                headings = tuple(h[:MAX_KEY] for h in heading[1:]) if heading else ()
                replaced = superseded(headings)
            out.append(line)
            continue
        previous = cells
        if len(cells) >= MIN_COLUMNS and cells[0] and not any(cells[1:]):
            cells_of[line.strip()] = Cell(cells[0], "", (), (), caption=True)
            out.append(line)
            continue
        if (
            heading is None
            or len(cells) != len(heading)
            or not any(_DIGIT.search(c) for c in cells[1:])
            or any(len(c) > MAX_CELL for c in cells[1:])
            or budget < len(cells) * 2 * MAX_KEY
        ):
            out.append(line)
            continue
        label = cells[0][:MAX_KEY]
        for column, (head, cell) in enumerate(zip(headings, cells[1:], strict=True)):
            if not cell or column in replaced or earlier_heading(head, published):
                continue
            key = f"{label} – {head}" if head and label else head or label
            row = f"| {key} | {cell} |"
            out.append(row)
            budget -= len(key) + 6
            cells_of[row] = Cell(label, head, (), headings)
            table.append(row)
    _close(table, cells_of)
    return "\n".join(out), cells_of


def _close(table: list[str], cells_of: dict[str, Cell]) -> None:
    """The table ends: each of its cells learns all its row labels."""
    labels = tuple(dict.fromkeys(cells_of[row].label for row in table))
    for row in table:
        cells_of[row] = replace(cells_of[row], labels=labels)
    table.clear()
