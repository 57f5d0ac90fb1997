"""load_document / iter_documents: seeds, fixtures beside their expectations, and bad files."""

from __future__ import annotations

import os
import random
from datetime import UTC, datetime
from pathlib import Path

import pytest
from e2e import SEED_FURNITURE

from monitor.errors import InputError
from monitor.text.documents import LocalDocument, iter_documents, load_document

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data" / "documents"


def _seed(prefix: str) -> Path:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


@pytest.mark.parametrize(
    ("prefix", "title", "source", "published"),
    [
        (
            "000",
            "Deep divisions remain on core issues as new peace talks expected",
            "CGTN",
            datetime(2025, 11, 27, tzinfo=UTC),
        ),
        (
            "001",
            "Big names, big stakes: after months of tense standoffs, fresh peace talks are "
            "on the horizon, but sticky issues still loom large.",
            "cgtn.com",
            datetime(2025, 11, 28, tzinfo=UTC),
        ),
        (
            "002",
            "Ukraine peace faces hurdles on territory, troop limits and Nato bid; Moscow "
            "contacts China",
            None,
            datetime(2025, 11, 26, 20, 19, tzinfo=UTC),
        ),
        (
            "003",
            "Ukraine–Russia Peace Talks: Putin Signals Interest — With Harsh Conditions",
            None,
            datetime(2025, 11, 30, tzinfo=UTC),
        ),
        ("004", None, None, datetime(2025, 11, 27, tzinfo=UTC)),
    ],
)
def test_seeds(prefix: str, title: str | None, source: str | None, published: datetime) -> None:
    path = _seed(prefix)
    doc = load_document(path)
    assert doc.kind == "text"
    assert doc.published == published
    assert doc.source == (source or path.stem)
    if title is not None:
        assert doc.title == title
    assert doc.title and len(doc.title) <= 200
    for fragment in SEED_FURNITURE:
        assert fragment not in doc.text
    assert "28" in doc.text  # every seed mentions the 28-point plan


def test_headline_title_not_repeated_in_text() -> None:
    doc = load_document(_seed("002"))
    assert not doc.text.startswith(doc.title)
    assert doc.text.startswith("These points continue to divide Kyiv")


@pytest.mark.parametrize(
    ("name", "kind", "title", "source", "must_contain", "must_not_contain"),
    [
        (
            "article.html",
            "html",
            "Harbour bridge reopens after repairs",
            "Coastal Herald",
            "42 million euros",
            "Most read",
        ),
        (
            "article.md",
            "markdown",
            "Wind farm approved off the northern coast",
            "article",
            "1.4 gigawatt wind farm",
            "Leave a Reply",
        ),
        ("cp1251.txt", "text", None, "cp1251", "американская делегация приедет в Москву", "\ufffd"),
        (
            "big5.txt",
            "text",
            "和平談判將於下週舉行",
            "big5",
            "美國代表團預計將於下週上半週訪問莫斯科",
            "\ufffd",
        ),
        ("latin1-undeclared.html", "html", "Café culture returns", None, "crème brûlée", "crčme"),
    ],
)
def test_fixtures(
    name: str,
    kind: str,
    title: str | None,
    source: str | None,
    must_contain: str,
    must_not_contain: str,
) -> None:
    doc = load_document(DATA / name)
    assert doc.kind == kind
    if title is not None:
        assert doc.title == title
    if source is not None:
        assert doc.source == source
    assert must_contain in doc.text
    assert must_not_contain not in doc.text


def test_markdown_and_html_dates() -> None:
    assert load_document(DATA / "article.md").published == datetime(2025, 10, 14, 10, 5, tzinfo=UTC)
    assert load_document(DATA / "article.html").published == datetime(
        2025, 11, 20, 9, 30, tzinfo=UTC
    )


def test_feed_returned_raw_for_the_feed_parser() -> None:
    doc = load_document(DATA / "feed.xml")
    assert doc.kind == "feed"
    assert doc.raw == (DATA / "feed.xml").read_bytes()
    assert doc.text == ""


def _unknown_encoding() -> bytes:
    # high bytes in no language's pattern: no NUL, no control bytes, not UTF-8
    rng = random.Random(3)
    return bytes(rng.randrange(0x80, 0x100) for _ in range(3000))


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        ("controls.txt", bytes(range(1, 9)) * 500, "binary"),
        ("unknown.txt", _unknown_encoding(), "encoding"),
        ("empty.txt", b"", "empty"),
        ("blank.md", b" \n\t\r\n  ", "empty"),
        ("furniture.txt", b"ADVERTISEMENT\n\nI agree\n\nLeave a Reply\n", "no article text"),
        ("notes.docx", b"PK\x03\x04", "unsupported"),
    ],
)
def test_bad_files_raise_input_error(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        load_document(path)
    assert name in str(info.value)
    assert reason in str(info.value)


def test_directory_named_like_a_file(tmp_path: Path) -> None:
    (tmp_path / "story.txt").mkdir()
    with pytest.raises(InputError, match="story.txt: is a directory"):
        load_document(tmp_path / "story.txt")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("A perfectly good paragraph of text.")
    path.chmod(0)
    try:
        with pytest.raises(InputError, match="cannot be read"):
            load_document(path)
    finally:
        path.chmod(0o600)


def test_iter_documents_reports_errors_and_goes_on(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Second story headline here\n\nIt has a body sentence.")
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.md").write_text("# Third story headline\n\nBody of the third one.")
    (tmp_path / ".hidden.txt").write_text("Hidden story\n\nNot to be loaded.")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "d.txt").write_text("Inside a hidden directory.")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    results = list(iter_documents([tmp_path, tmp_path / "missing.txt"]))
    assert [type(r) for r in results] == [InputError, LocalDocument, LocalDocument, InputError]
    assert "a.txt: empty file" in str(results[0])
    assert [r.path.name for r in results if isinstance(r, LocalDocument)] == ["b.txt", "c.md"]
    assert "missing.txt: no such file" in str(results[3])


def test_iter_documents_over_seeds_loads_all_five() -> None:
    docs = list(iter_documents([SEEDS]))
    assert len(docs) == 5 and all(isinstance(d, LocalDocument) for d in docs)


def test_a_date_after_now_is_no_publication_date_unless_now_is_later(tmp_path: Path) -> None:
    """A document's date later than the clock is never its publication date (a typo, an
    event): replaying a story set in the future (a benchmark batch) passes a later `now`."""
    path = tmp_path / "results.txt"
    path.write_text(
        "Civic Alliance leads early count\nPublished: 2031-11-30\n\n"
        "The commission said on Monday that Civic Alliance had won 131 seats.\n",
        encoding="utf-8",
    )
    assert load_document(path).published is None
    later = datetime(2031, 12, 9, tzinfo=UTC)
    dated = load_document(path, now=later)
    assert dated.published is not None and dated.published.date().isoformat() == "2031-11-30"
    (walked,) = list(iter_documents([tmp_path], now=later))
    assert isinstance(walked, LocalDocument) and walked.published == dated.published
