"""Tables read cell by cell, with their row labels and column headings (monitor.facts.tables),
and what the fact reader takes from them."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from monitor.facts.reader import extract_facts
from monitor.facts.tables import as_statements, earlier_heading
from monitor.models import FactSpec

PUBLISHED = datetime(2027, 5, 12, 9, 0, tzinfo=UTC)

RESULTS = """Votes and seats by list

| List | Votes | % of valid votes | Seats | Seats 2022 |

|---|---|---|---|---|

| Harbour Party | 1,919,078 | 39.4 | 145 | 112 |

| Other lists (incl. minority seats) | 706,260 | 14.5 | 8 | 8 |

The commission will certify the result on Friday."""

# a caption row with its own separator above the headings, as page extraction renders it
STORAGE = """| Reservoir storage | | | |
|---|---|---|---|
| Reservoir | Capacity (ML) | This week | Last week |
|---|---|---|---|
| Brannock | 210,000 | 25.9% | 27.5% |
| System total | 370,000 | 31.2% | 32.8% |"""

KEY_VALUE = """| Registered voters | 7,884,210 |
|---|---|
| Turnout | 62.9% |"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # each figure with its row label and column heading; the column of an earlier year
        # is the table's old figures and is left out
        (RESULTS, ["| Votes (Harbour Party) | 1,919,078 |",
                   "| % of valid votes (Harbour Party) | 39.4 |",
                   "| Seats (Harbour Party) | 145 |",
                   "| Votes (Other lists (incl. minority seats)) | 706,260 |",
                   "| % of valid votes (Other lists (incl. minority seats)) | 14.5 |",
                   "| Seats (Other lists (incl. minority seats)) | 8 |"]),
        # the headings are the row above the last separator, not the caption (a row with
        # only its first cell filled); "Last week" is an earlier time
        (STORAGE, ["| Capacity (ML) (Brannock) | 210,000 |", "| This week (Brannock) | 25.9% |",
                   "| Capacity (ML) (System total) | 370,000 |",
                   "| This week (System total) | 31.2% |"]),
        # a two-column table is already a list of label | value rows
        (KEY_VALUE, []),
        # a first row of figures is no heading: the rows stay as they are
        ("| Brannock | 210,000 | 25.9% |\n|---|---|---|\n| Fenlow | 95,000 | 38.1% |", []),
        # prose with a pipe in it is not a table
        ("Turnout | 62.9% was announced.", []),
    ],
)  # fmt: skip
def test_tables_are_read_cell_by_cell(text: str, expected: list[str]) -> None:
    rewritten, cells = as_statements(text, PUBLISHED)
    assert [row for row, cell in cells.items() if not cell.caption] == expected
    for row in expected:
        assert row in rewritten.split("\n")
    if not expected:
        assert rewritten == text  # nothing else is touched
    if text == STORAGE:
        assert cells["| Reservoir storage | | | |"].caption


def test_a_cell_knows_its_table() -> None:
    _, cells = as_statements(RESULTS, PUBLISHED)
    cell = cells["| Seats (Harbour Party) | 145 |"]
    assert cell.label == "Harbour Party" and cell.heading == "Seats"
    assert cell.labels == ("Harbour Party", "Other lists (incl. minority seats)")
    assert cell.headings == ("Votes", "% of valid votes", "Seats", "Seats 2022")


@pytest.mark.parametrize(
    ("heading", "earlier"),
    [("Last week", True), ("Previous report", True), ("Seats 2022", True), ("A year ago", True),
     ("This week", False), ("Seats", False), ("2027 forecast", False), ("Change", False)],
)  # fmt: skip
def test_a_heading_of_an_earlier_time(heading: str, earlier: bool) -> None:
    assert earlier_heading(heading, PUBLISHED) is earlier


def _p(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


SEATS = FactSpec("seats", "Seats won by the Harbour Party", "number", _p(r"\bseats?\b"),
                 entity=_p(r"Harbour Party"), minimum=1, maximum=301)  # fmt: skip
VOTES = FactSpec("votes", "Votes cast", "number", _p(r"\bvotes\b"), minimum=1000)
STORED = FactSpec("storage", "Storage level", "percent", _p(r"\bstorage\b", r"\bthis week\b"))


@pytest.mark.parametrize(
    ("text", "spec", "expected"),
    [
        # the cell under "Seats" in the tracked party's row: not the vote share of a row
        # whose label says "seats", nor another row's seats, nor the seats of 2022
        (RESULTS, SEATS, [145]),
        # a fact without an entity reads every row of its column
        (RESULTS, VOTES, [1919078, 706260]),
        # "Last week" is not read
        (STORAGE, STORED, [25.9, 31.2]),
    ],
)
def test_what_the_reader_takes_from_a_table(
    text: str, spec: FactSpec, expected: list[float]
) -> None:
    assert [v.value for v in extract_facts(text, [spec], PUBLISHED)] == expected


def test_a_hostile_table_does_not_multiply_the_text() -> None:
    """Long headings over thousands of tiny rows, and a row thousands of cells wide: the
    rewritten text stays within twice the original (plus a fixed allowance), every line of
    the original that is not rewritten is kept, and the work is one pass."""
    heading = "| Label | " + " | ".join("H" * 5_000 + str(i) for i in range(3)) + " |"
    rows = "\n".join(f"| r{i} | 1 | 2 | 3 |" for i in range(20_000))
    text = f"{heading}\n|---|---|---|---|\n{rows}"
    rewritten, cells = as_statements(text, PUBLISHED)
    assert len(rewritten) <= 2 * len(text) + 20_000 + 10_000
    assert cells  # the first rows are read cell by cell ...
    assert "| r19999 | 1 | 2 | 3 |" in rewritten  # ... the rest are kept as they are
    assert all(len(c.heading) <= 80 for c in cells.values())
    wide = (
        "| a | "
        + " | ".join("x" for _ in range(5_000))
        + " |\n|---|\n| b | "
        + " | ".join("1" for _ in range(5_000))
        + " |"
    )
    assert as_statements(wide, PUBLISHED)[0] == wide  # too wide to be a table


WAITING = FactSpec("waiting", "Vessels waiting", "number", _p(r"\bwaiting\b"), minimum=1)
REOPEN = FactSpec("reopen", "Reopening date", "date", _p(r"\btransit\b", r"\breopen"))
BY_TYPE = """| Vessels waiting to transit the canal, 24 September 2027, 06:00 | | |
|---|---|---|
| Vessel type | Waiting | Share |
|---|---|---|
| Container ships | 131 | 36% |
| Bulk carriers | 97 | 26% |
| Total | 367 | 100% |"""


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        # the rows above a "Total" row are its parts
        (WAITING, [367]),
        # a caption's date is when the figures were taken, not an event's day
        (REOPEN, []),
    ],
)
def test_a_total_row_and_a_caption(spec: FactSpec, expected: list[float]) -> None:
    assert [v.value for v in extract_facts(BY_TYPE, [spec], PUBLISHED)] == expected
