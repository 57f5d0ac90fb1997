"""clean_text on the seeds (boilerplate gone, every content paragraph kept), rule by rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from e2e import SEED_FURNITURE

from monitor.text.textclean import clean_text, html_to_text, is_boilerplate_line, normalise

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
_EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200d]")

# Every line of each seed that is page furniture; every other non-empty line is content.
BOILERPLATE: dict[str, list[str]] = {
    "000": [
        "Our Privacy Statement & Cookie Policy",
        "By continuing to browse our site you agree to our use of cookies, revised Privacy "
        "Policy and Terms of Use. You can change your cookie settings through your browser.",
        "I agree",
        "CGTN",
        "Russian President Vladimir Putin speaks during a press conference, Bishkek, "
        "Kyrgyzstan, November 27, 2025. /VCG",
        "Search Trends",
    ],
    "001": [
        "Reference(s):",
        "Deep divisions remain on core issues as new peace talks expected",
        "cgtn.com",
    ],
    "002": [
        "ADVERTISEMENT",
        "A residential building burns after a Russian attack on Zaporizhzhia, Ukraine, "
        "Wednesday, Nov. 26, 2025. AP/PTI",
        "Our Web Desk",
        "Published 26.11.25, 08:19 PM",
        "Nato Moscow China",
        "Follow us on:",
    ],
    "003": [
        "November 30, 2025",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
    ],
    "004": ["Leave a Reply"],
}


def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _content_lines(prefix: str) -> list[str]:
    lines = [_EMOJI.sub("", line).strip() for line in normalise(_seed(prefix)).split("\n")]
    return [line for line in lines if line and line not in BOILERPLATE[prefix]]


@pytest.mark.parametrize("prefix", sorted(BOILERPLATE))
def test_seed_boilerplate_removed(prefix: str) -> None:
    paragraphs = clean_text(_seed(prefix)).split("\n\n")
    for line in BOILERPLATE[prefix]:
        assert line not in paragraphs
    text = clean_text(_seed(prefix))
    for fragment in SEED_FURNITURE:
        assert fragment not in text


@pytest.mark.parametrize("prefix", sorted(BOILERPLATE))
def test_seed_content_kept_in_order(prefix: str) -> None:
    paragraphs = clean_text(_seed(prefix)).split("\n\n")
    assert paragraphs == _content_lines(prefix)


@pytest.mark.parametrize(
    ("line", "dropped"),
    [
        ("Accept all", True),
        ("Advertisement", True),
        ("Sponsored", True),
        ("We use cookies to give you the best experience. By continuing you agree.", True),
        ("Share this", True),
        ("Follow us on:", True),
        ("Read more: Ten things to do this weekend", True),
        ("Tags: Nato, Moscow", True),
        ("Our Web Desk", True),
        ("Published 01.02.24, 10:00 AM", True),
        ("bbc.co.uk", True),
        ("Soldiers on patrol near the border, 3 March 2024. (Reuters)", True),
        ("Rescuers search the rubble. AFP/Getty Images", True),
        ("Crowds gather in the square. Photo: Jane Doe", True),
        ("Crowds gather in the square / Xinhua", True),
        ("Watch: Zelensky says the peace plan must respect Ukraine's borders", True),
        ("VIDEO | Putin arrives in Bishkek for the summit", True),
        ("Accept | Manage settings", True),
        ("Ostrander Courier | Subscribe | Log in", True),
        ("Watch the talks closely, the diplomat said, because the cap is moving.", False),
        ("Kyiv said it would subscribe to the plan only if the cap rose | officials", False),
        # content that merely resembles boilerplate stays
        ("The army has 600,000 troops, according to Reuters.", False),
        ("Regulators said the cookie rules would be reviewed by parliament next year.", False),
        ("Search teams worked through the night.", False),
        ("Leave a reply to the ministry's letter, the minister was told.", False),
        ("Ukraine refuses.", False),
    ],
)
def test_line_rules(line: str, dropped: bool) -> None:
    assert is_boilerplate_line(line) is dropped


def test_repeated_short_line_dropped_entirely_long_one_kept_once() -> None:
    long = "A paragraph that is long enough to be article text. " * 8
    raw = f"Caption of a photo here\n\n{long}\n\nBody.\n\nCaption of a photo here\n\n{long}"
    assert clean_text(raw).split("\n\n") == [long.strip(), "Body."]


def test_most_read_block_dropped_until_body_resumes() -> None:
    raw = (
        "Real paragraph one.\n\nMost read\n\nCelebrity chef opens restaurant\n\n"
        "Ten things to do this weekend\n\nThe story resumes here with a full sentence that "
        "is clearly part of the article body and ends with a period."
    )
    assert clean_text(raw).split("\n\n") == [
        "Real paragraph one.",
        "The story resumes here with a full sentence that is clearly part of the article "
        "body and ends with a period.",
    ]


def test_unicode_normalised_but_typography_kept() -> None:
    raw = "Kyiv\u00a0– Moscow — \u201cquoted\u201d \ufb01nal\u2003text，２０２５"
    assert clean_text(raw) == "Kyiv – Moscow — \u201cquoted\u201d final text，2025"


def test_emoji_decoration_dropped() -> None:
    assert clean_text("🔥🔥\n\n🇷🇺 Talks resume. 📝") == "Talks resume."


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("<p>A &amp; B<script>alert(1)</script></p><p>C<br>D</p>", "A & B\n\nC\n\nD"),
        ("<style>p{}</style><!-- hidden --><b>bold</b> &eacute;t&eacute;", "bold été"),
        ("plain &lt;text&gt;", "plain <text>"),
        ("", ""),
        ("   ", ""),
        ("<div>" * 100_000 + "deep" + "</div>" * 100_000, None),
    ],
    ids=["blocks", "drops-style-comments", "plain", "empty", "blank", "deep-nesting"],
)
def test_html_to_text(fragment: str, expected: str | None) -> None:
    result = html_to_text(fragment)
    assert isinstance(result, str)
    if expected is not None:
        assert result == expected
