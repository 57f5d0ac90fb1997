"""Tables read cell by cell, with their row labels and column headings (monitor.facts.tables),
and what the fact reader takes from them."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

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
        (RESULTS, ["| Harbour Party – Votes | 1,919,078 |",
                   "| Harbour Party – % of valid votes | 39.4 |",
                   "| Harbour Party – Seats | 145 |",
                   "| Other lists (incl. minority seats) – Votes | 706,260 |",
                   "| Other lists (incl. minority seats) – % of valid votes | 14.5 |",
                   "| Other lists (incl. minority seats) – Seats | 8 |"]),
        # the headings are the row above the last separator, not the caption (a row with
        # only its first cell filled); "Last week" is an earlier time
        (STORAGE, ["| Brannock – Capacity (ML) | 210,000 |", "| Brannock – This week | 25.9% |",
                   "| System total – Capacity (ML) | 370,000 |",
                   "| System total – This week | 31.2% |"]),
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
    cell = cells["| Harbour Party – Seats | 145 |"]
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


RATE = FactSpec("rate", "Policy rate", "percent", _p(r"\bpolicy rate\b"),
                entity=_p(r"Bank of Estmark"))  # fmt: skip
NEXT_DECISION = FactSpec("next", "Next rate decision", "date", _p(r"\bMPC\b"),
                         entity=_p(r"Bank of Estmark"), when="upcoming")  # fmt: skip
INDICATORS = """| Indicator | Latest | Previous | Period |
|---|---|---|---|
| Bank of Estmark policy rate | 4.50% | 4.25% | 12 Nov 2026 |
| Next MPC decision | 17 Dec 2026 | | |

| | Policy rate | Inflation |
|---|---|---|
| Kovia | 5.00% | 6.1% |
| Sundmark | 3.00% | 2.7% |"""


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        # a row that names an indicator is read as such, though another row's label names
        # the tracked entity; the "Previous" column is old; the neighbours' rows, under a
        # heading that names the fact, are theirs
        (RATE, [4.5]),
        (NEXT_DECISION, [date(2026, 12, 17)]),
    ],
)
def test_indicator_rows_and_rows_of_others(spec: FactSpec, expected: list[object]) -> None:
    published = datetime(2026, 11, 14, 9, 0, tzinfo=UTC)
    assert [v.value for v in extract_facts(INDICATORS, [spec], published)] == expected


def test_a_table_of_prose_is_kept_as_it_is() -> None:
    """A row whose cells are sentences is read as the sentence it is, not cell by cell."""
    text = (
        "| # | Theme | What the draft says |\n|---|---|---|\n"
        "| 4 | Air defence | European fighter jets to be stationed in Poland (point 6) |"
    )
    assert as_statements(text, PUBLISHED) == (text, {})


DELAY = FactSpec("delay", "Median delay to trial", "number", _p(r"\bmedian\b"),
                 entity=_p(r"Ostrava"), units=_p(r"months?"), minimum=1)  # fmt: skip
BACKLOG = FactSpec("backlog", "Cases waiting", "number", _p(r"\bcases waiting\b"),
                   entity=_p(r"Ostrava"), minimum=1000)  # fmt: skip
HEARING = FactSpec("hearing", "Appeal hearing date", "date", _p(r"\bhearing\b"),
                   when="upcoming")  # fmt: skip
COURTS = """| Court | Cases waiting | Median delay (months) |
|---|---|---|
| Ostrava Civil Court | 9,120 | 16 |
| Ostrava Criminal Court | 6,480 | 12 |
| Total | 15,600 | 14 |"""
TREATED = FactSpec("treated", "People treated in hospital", "number",
                   _p(r"\btreated\b", r"\bhospital\b"))  # fmt: skip
DASHBOARD = """| Measure | Last update (10 May) | This update (12 May) |
|---|---|---|
| People treated in hospital (total) | 14 | 19 |
| Calls to the helpline | 640 | 1,130 |"""
KEYED_DAY = """| | This week (9 June) | Last week (2 June) |
|---|---|---|
| Appeal hearing | 10 July 2027 | 3 July 2027 |"""


@pytest.mark.parametrize(
    ("text", "spec", "expected"),
    [
        # a unit given in brackets in the column heading is the figure's unit; a row whose
        # name only holds the tracked name ("Ostrava Civil Court") is a part, not ours, and
        # the total row is read
        (COURTS, DELAY, [14]),
        (COURTS, BACKLOG, [15_600]),
        # a day in a key-value row's key is a label, never the row's value
        (KEYED_DAY, HEARING, [date(2027, 7, 10)]),
        # a key that is a noun the cue describes as a participle ("People treated in
        # hospital") is read with its latest column
        (DASHBOARD, TREATED, [19]),
    ],
    ids=["heading-unit", "rows-named-after-ours", "day-in-the-key", "participle-key"],
)
def test_units_parts_and_keys_of_a_table(text: str, spec: FactSpec, expected: list[object]) -> None:
    assert [v.value for v in extract_facts(text, [spec], PUBLISHED)] == expected


SERIES = """| Indicator | November draft | December update | January update |
|---|---|---|---|
| Projected deficit | $86.0m | $109.0m | $97.0m |
| Municipal positions eliminated | 340 | 360 | 365 |"""


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (FactSpec("deficit", "Projected deficit", "number", (re.compile("deficit"),)),
         [97_000_000]),
        (FactSpec("cuts", "Jobs to be cut", "number", (re.compile("positions"),)), [365]),
    ],
    ids=["money", "count"],
)  # fmt: skip
def test_a_series_of_months_is_read_in_its_latest_column(
    spec: FactSpec, expected: list[float]
) -> None:
    """Columns headed by successive months hold the figures each replaced: only the
    rightmost is the table's own, as "up from" figures are old in prose."""
    published = datetime(2028, 1, 20, tzinfo=UTC)
    assert [v.value for v in extract_facts(SERIES, [spec], published)] == expected
