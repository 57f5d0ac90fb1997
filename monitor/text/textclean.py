"""Decides which lines of a saved web page are article text and which are page furniture.

`clean_text` works on plain text (a page saved as .txt): it drops cookie banners, ad labels,
comment forms, share/follow prompts, "most read" blocks, reference footers, trailing tag
lines, photo captions and repeated lines, and returns one paragraph per line, paragraphs
separated by a blank line. `html_to_text` turns an HTML fragment (a feed summary) into the
same kind of plain text. Nothing here is specific to one site or one story.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import lxml.html
from lxml import etree

_I = re.IGNORECASE

# Lines that are boilerplate on their own, matched against the whole (whitespace-collapsed)
# line. Each entry: (name, pattern). The comment says why the line is never article text.
LINE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # consent banners: the heading of a privacy/cookie notice ("Our Privacy Statement &
    # Cookie Policy") carries no news
    (
        "cookie-heading",
        re.compile(
            r"(our )?(privacy (statement|policy|notice)|cookie (policy|settings|notice|"
            r"preferences))( (&|and) (cookie|privacy) (policy|statement|notice))?",
            _I,
        ),
    ),
    # consent banners: the sentence asking for agreement ("By continuing to browse our site
    # you agree to our use of cookies..."); bounded length so an article about cookie law
    # is not caught
    (
        "cookie-sentence",
        re.compile(
            r"(?=.{0,400}$).*\bcookies?\b.*\b(by continuing|you agree|you accept|you consent|"
            r"we use cookies|this (site|website) uses|use of cookies|cookie settings|"
            r"accept (all )?cookies).*",
            _I,
        ),
    ),
    # consent buttons
    (
        "consent-button",
        re.compile(
            r"(i agree|i accept|accept( all)?( cookies)?|reject all|agree|got it|allow( all)?"
            r"( cookies)?|manage (cookies|preferences|settings)|accept and close)",
            _I,
        ),
    ),
    # ad slots leave their label in the text
    (
        "ad-label",
        re.compile(
            r"(advertisement|advertising|sponsored( content)?|promoted( content)?|"
            r"story continues below( advertisement)?|continue reading below|"
            r"scroll to continue( with content)?)",
            _I,
        ),
    ),
    # comment forms under the article
    (
        "comment-form",
        re.compile(
            r"(leave a (reply|comment)|cancel reply|(post|submit) comment|\d* ?comments?|"
            r"your email address will not be published\.?( required fields are marked \*)?|"
            r"required fields are marked \*|(name|email|website) ?\*|"
            r"save my name, email, and website .*|you must be logged in to post a comment\.?)",
            _I,
        ),
    ),
    # social prompts
    (
        "social",
        re.compile(
            r"(follow us( on)?|share( this)?( article| story| post)?|share on \w+|"
            r"copy link|tweet|print|email)\s*:?",
            _I,
        ),
    ),
    # site-wide widgets that list other pages' search terms or headlines
    (
        "widget",
        re.compile(r"(search trends|trending( now| topics)?|popular searches|top stories)", _I),
    ),
    # desk bylines name no one and carry no news ("Our Web Desk")
    (
        "desk-byline",
        re.compile(
            r"(our |by )?(web|news|online|digital|foreign|city|world) desk|"
            r"\(?with inputs from agencies\)?",
            _I,
        ),
    ),
    # dateline metadata: the date is read by monitor.text.docdate from the raw text; left in the
    # body it would be mistaken for a date the article reports
    (
        "dateline",
        re.compile(
            r"(published|updated|last updated|posted|first published)( on)?:? .{0,40}\d.{0,30}",
            _I,
        ),
    ),
    # a line that is only a date ("November 30, 2025"): page metadata, not a paragraph
    (
        "date-only",
        re.compile(
            r"((mon|tues|wednes|thurs|fri|satur|sun)day,? )?("
            r"[a-z]{3,9}\.? \d{1,2},? \d{4}|\d{1,2} [a-z]{3,9}\.? \d{4}|\d{4}-\d{2}-\d{2})",
            _I,
        ),
    ),
    # a bare domain line ("cgtn.com") or a lone all-caps word ("CGTN", "VIDEO"): a site name
    # or section label, never a paragraph
    ("site-label", re.compile(r"([a-z0-9-]+\.)+[a-z]{2,}|[A-Z]{2,12}")),
    # tag and topic lists
    ("tags", re.compile(r"(tags?|topics?|filed under)\s*:.*", _I)),
    # inline cross-links ("Read more: <other headline>")
    ("read-more-inline", re.compile(r"(read more|also read|read also|see also)\s*:.+", _I)),
    # a video or audio player's label with the clip's headline ("Watch: <headline>",
    # "VIDEO | <headline>"): a caption for media, not a sentence of the article
    (
        "player-label",
        re.compile(
            r"(watch( now| live| the video)?|video|listen|audio|play)\s*[:|]\s*.{0,200}", _I
        ),
    ),
    # a menu line: short items between bars, one of them an account or consent action
    # ("Accept | Manage settings", "Ostrander Courier | Subscribe | Log in")
    (
        "menu",
        re.compile(
            r"(?=.*\b(accept|reject|manage (settings|preferences)|subscribe|log ?in|sign ?in|"
            r"sign ?up|register|my account|menu|newsletters?)\b)"
            r"[^|]{1,40}(\s*\|\s*[^|]{1,40})+",
            _I,
        ),
    ),
)

# Photo captions: judged on the line's end, where agencies put the credit. The agency list
# is generic (wire services and photo banks), not tied to one site.
_AGENCY = (
    r"(VCG|AP|PTI|AFP|Reuters|EPA|Getty( Images)?|Xinhua|IANS|ANI|Bloomberg|Shutterstock|"
    r"iStock|Alamy|dpa|TASS|Sputnik|UNI|PA|Anadolu|Imago|AA|Sipa|Pixabay|Unsplash|File)"
)
CAPTION_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # " /VCG", " / Xinhua": a slash after a space only ever introduces a photo credit
    ("slash-credit", re.compile(r".*\s/\s?[A-Z][\w.&-]*(\s[\w.&-]+){0,2}$")),
    # "AP/PTI", "AFP/Getty Images": two agencies joined by a slash end a caption
    ("agency-pair", re.compile(rf".*\b{_AGENCY}\s?/\s?{_AGENCY}\.?$")),
    # "(Reuters)", "(AP Photo/Jane Doe)" at the very end
    ("paren-credit", re.compile(rf".*\({_AGENCY}( Photo)?(/[^)]*)?\)\.?$")),
    # "Photo: ...", "Photo credit: ...", "Image: ..." at the start or as the short tail
    (
        "photo-label",
        re.compile(
            r"(^|.*[.|]\s*)(file )?(photo|image|picture|photograph)s?( credit| by)?\s*:"
            r"\s*\S.{0,80}$",
            _I,
        ),
    ),
)
_CAPTION_MAX = 400

# Headings that open a block of links to other stories; the heading and the headline-like
# lines under it are dropped.
BLOCK_HEADING = re.compile(
    r"(most (read|popular|viewed|shared|commented)|related (articles|stories|news|posts|"
    r"coverage|content)|read more|more (stories|news|from [\w .]+)|you may also like|"
    r"recommended( for you| stories)?|also read|editor'?s picks|latest news|"
    r"what to read next)\s*:?",
    _I,
)
# A footer that closes the article: everything from it on is references, not text.
FOOTER = re.compile(r"(references?|reference\(s\))\s*:?", _I)
# Tag lines at the end of a page: 1-8 capitalised words, nothing else ("Nato Moscow China").
_TAG_LINE = re.compile(r"([A-Z][\w'-]*)( [A-Z][\w'-]*){0,7}")
# Repeated lines this short are captions or widgets; longer repeats keep their first copy.
_REPEAT_MAX = 300

# Emoji used as decoration: pictographs, dingbats, flags, and their joiners/selectors.
_EMOJI = (
    "\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff"
    "\ufe0f\u200d\u20e3\U000e0020-\U000e007f"
)
_EMOJI_EDGES = re.compile(rf"^[{_EMOJI}\s]+|[\s{_EMOJI}]+$")
_SPACES = re.compile(r"[^\S\n]+")
# NFKC would turn fullwidth CJK punctuation ("，", "：") into ASCII and change the text's
# script; these runs are left as they are, everything else is normalised
_KEEP_WIDTH = re.compile(r"[\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]+")


def normalise(raw: str) -> str:
    """NFKC (compatibility forms, NBSP -> space) and one space between words on each line.

    NFKC leaves typographic characters such as the en dash, em dash and curly quotes alone;
    fullwidth CJK punctuation is kept (see _KEEP_WIDTH).
    """
    pieces, start = [], 0
    for match in _KEEP_WIDTH.finditer(raw):
        pieces += [unicodedata.normalize("NFKC", raw[start : match.start()]), match.group()]
        start = match.end()
    pieces.append(unicodedata.normalize("NFKC", raw[start:]))
    text = "".join(pieces).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def is_boilerplate_line(line: str) -> bool:
    """True when the line alone is page furniture (see LINE_RULES and CAPTION_RULES)."""
    if any(pattern.fullmatch(line) for _, pattern in LINE_RULES):
        return True
    return len(line) <= _CAPTION_MAX and any(p.match(line) for _, p in CAPTION_RULES)


def headline_like(line: str, min_words: int = 1) -> bool:
    """A line shaped like a headline: a few words (up to 25 and 200 characters) and no
    sentence punctuation at its end. The one rule for titles and for link-block lines."""
    words = len(line.split())
    return min_words <= words <= 25 and len(line) <= 200 and not line.endswith((".", ",", ";", ":"))


def _drop_blocks(lines: list[str]) -> list[str]:
    """Remove link blocks under a BLOCK_HEADING, and everything from a FOOTER on."""
    kept: list[str] = []
    in_block = False
    for line in lines:
        if FOOTER.fullmatch(line):
            break
        if BLOCK_HEADING.fullmatch(line):
            in_block = True
            continue
        if in_block and (not line or headline_like(line)):
            continue
        in_block = False
        kept.append(line)
    return kept


def _drop_trailing_tags(lines: list[str]) -> list[str]:
    while lines and _TAG_LINE.fullmatch(lines[-1]) and len(lines[-1].split()) <= 8:
        lines = lines[:-1]
    return lines


def clean_text(raw: str) -> str:
    """Article text of a page saved as plain text: one paragraph per line, blank-line separated."""
    lines = [_EMOJI_EDGES.sub("", line) for line in normalise(raw).split("\n")]
    lines = _drop_blocks(lines)
    counts = Counter(line for line in lines if line)
    kept: list[str] = []
    seen: set[str] = set()
    for line in lines:
        if not line or is_boilerplate_line(line):
            continue
        if counts[line] > 1:
            # a short line shown twice is a caption or widget: keep no copy of it; a long
            # paragraph shown twice is a layout duplicate: keep the first
            if len(line) <= _REPEAT_MAX or line in seen:
                continue
            seen.add(line)
        kept.append(line)
    return "\n\n".join(_drop_trailing_tags(kept))


_BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote pre table tr section article header "
    "footer aside figure figcaption dl dt dd hr".split()
)
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg")


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (feed summary): no scripts/styles, entities decoded."""
    if not fragment or not fragment.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return normalise(fragment).strip()
    etree.strip_elements(root, *_DROP_TAGS, with_tail=False)
    # mark block boundaries in place (iteratively: a hostile summary can nest deeply)
    for element in root.iter():
        if not isinstance(element.tag, str):
            element.text = ""  # comments and processing instructions
        elif element.tag in _BLOCK_TAGS:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    lines = normalise(root.text_content()).split("\n")
    return "\n\n".join(line for line in lines if line)
