"""Decides which named thing a sentence speaks of, for facts that name what they track
(`entity`): a sentence about another named entity of the same kind does not count for the
tracked one ("Cabot Creek Fire, Dunmore County: the fire has burned 8,900 acres" is not the
Hollis Fire), a sentence naming neither inherits its paragraph's focus ("It killed 612"
after a paragraph about an earlier quake), and a year that modifies a name marks history
("The 2018 Hollis Fire burned 150,000 acres"). Pure: works on parsed sentences."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from monitor.facts import syntax
from monitor.models import FactSpec

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# A literal name's last word is its kind: "Hollis Fire" -> fire, "Cabot Creek Fire" is
# another of the kind.
_LITERAL = re.compile(r"^[\w .'&-]+$")
# capitalised words of a name; a sentence's first word or a determiner is not one ("The bank")
_FUNCTION = r"(?:The|A|An|This|That|These|Those|Its|Their|His|Her|Our|Your|Some|Every|Each)\b"
_CAPITALISED = rf"(?:(?!{_FUNCTION})[A-Z][\w'&.-]*\s+){{1,4}}"


# A sentence opening with a personal pronoun continues the one before it, even across a
# paragraph break ("... has died.\nHe was 75.")
PRONOUN_START = re.compile(r"^[\"'“‘]?(?:He|She|It|They|His|Her|Its|Their)\b")
# A sentence opening with a demonstrative and a noun speaks of the thing the sentence before
# it named ("... the 1953 Halvik earthquake. That quake, of magnitude 7.6, killed 4,100")
DEMONSTRATIVE_START = re.compile(r"^[\"'“‘]?(?:That|Those)\s+[a-z]+\b")
# A wire story's dateline ("TAMSFORD, England, Nov 23 (NPA) - "): where it was filed, no
# party of what the sentence says
DATELINE = re.compile(r"^[A-Z][\w .,'/-]{0,40}?\s*(?:\([^)]{1,40}\))?\s*[-–—]\s")


class _Sentence(Protocol):
    @property
    def text(self) -> str: ...

    @property
    def paragraph(self) -> int: ...


def _party_role(t: Token, at: set[int]) -> bool:
    """The token is the doer of a clause, the owner of what the clause is about, the place
    where it happens ("ships were waiting outside the Port of Vantorre"), the noun a clause
    describes ("Kingsway Road, rebuilt to hold 33,000", or through an apposition) or a
    verbless headline's noun. A name modifying a noun is not ("Vendria tariffs" may be
    tariffs on it), nor one in the backdrop ("in retaliation for Norland's duties")."""
    return (
        t.dep_ in ("nsubj", "nsubjpass", "ROOT")
        or (t.dep_ == "pobj" and t.head.lower_ in syntax.PLACE_PREPS)
        or (t.dep_ == "poss" and t.head.i in at)
        or any(c.dep_ in syntax.DESCRIBES_HEAD and c.i > t.i for c in t.children)
        # "Aschford, the neighbouring city, which approved a 4% cap": through the apposition
        or any(
            a.dep_ == "appos" and any(c.dep_ in syntax.DESCRIBES_HEAD for c in a.children)
            for a in t.children
        )
    )


def _parties(
    patterns: Iterable[re.Pattern[str]], doc: Doc, at: set[int], owners: set[int]
) -> list[tuple[int, int]]:
    """Whole-word mentions of the names among the tokens `at` (what a clause is about) as
    its doer or owner (`_party_role`), or among the `owners` of a cue's event, whatever
    label the parser gave them ("Vendria will impose a 20 per cent tariff", "Vendria's
    duties", "the trial of the Dunmarch ring"); not a word made from the name ("Vendrian
    steel" is what a tariff falls on)."""
    spans = []
    for p in patterns:
        for m in p.finditer(doc.text):
            if m.end() < len(doc.text) and doc.text[m.end()].isalnum():
                continue
            part = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if part is not None and any(
                t.i in owners or (t.i in at and _party_role(t, at)) for t in part
            ):
                spans.append(m.span())
    return spans


# how a name set before a noun modifies it: "Dunvale waiting list", "the Harrowmere list"
_NAMING_MODIFIERS = frozenset({"compound", "amod", "nmod"})


def _owner(noun: Token) -> Token | None:
    """Whose a noun is: its possessor ("the Dunmarch ring's trial") or its "of" object
    ("the trial of the Dunmarch ring")."""
    for c in noun.children:
        if c.dep_ == "poss":
            return c
        if c.dep_ == "prep" and c.lower_ == "of":
            return next((o for o in c.children if o.dep_ == "pobj"), None)
    return None


# a capital letter in a cue's pattern: the user wrote a name
_CAPITAL = re.compile(r"(?<!\\)[A-Z]")


def _without_article(name: str) -> str:
    """A name as the parser found it, without a leading "the" ("the Superdraw")."""
    return re.sub(r"^(?:the|The)\s+", "", name.strip())


def _kind_patterns(names: Sequence[re.Pattern[str]]) -> list[re.Pattern[str]]:
    """Other names of the tracked kind: those sharing a literal name's last word ("Hollis
    Fire" -> "Cabot Creek Fire") or, for a proper name (every word capitalised), its first
    ("INS Mysore" -> "INS Sukanya", "Greyhaven Terminals" -> "Greyhaven Rail Freight"). A
    name told by a place and a common noun ("Pellingford derailment", "Sarne Valley line")
    has no such family: "Pellingford General Hospital" is a place in the story."""
    out = []
    for p in names:
        raw = p.pattern.replace("\\b", "").strip()
        parts = raw.split()
        if len(parts) > 1 and _LITERAL.match(raw):
            last, first = re.escape(parts[-1]), re.escape(parts[0])
            out.append(re.compile(rf"\b{_CAPITALISED}{last}\b"))
            if all(w[:1].isupper() for w in parts):
                out.append(re.compile(rf"\b{first}(?:\s+[A-Z][\w'&.-]*){{1,3}}"))
    return out


def _short_forms(names: Sequence[re.Pattern[str]]) -> set[str]:
    """The capitalised words of the tracked literal names, each of which can stand for the
    whole ("Felt" for "Mark Felt", "Tallowmere" for "Tallowmere Instruments")."""
    words = (w for p in names if _LITERAL.match(p.pattern) for w in p.pattern.split())
    return {w.lower() for w in words if w[:1].isupper()}


# entity labels that say no more than "a name": none, or a title the parser guesses for an
# invented name
_UNLABELLED = frozenset({"", "WORK_OF_ART"})

# entity labels of places
_PLACES = frozenset({"GPE", "LOC", "FAC"})

HEADING_WORDS = 8
# the longest text parsed only to learn what kind of name ours is
MAX_NAMING = 400
# the opening paragraphs that say, with the headline, whose story an article is
LEAD_PARAGRAPHS = 2


def headings(sentences: Sequence[_Sentence], title: str = "") -> list[int]:
    """Sentences that head a section: a short paragraph of its own with no closing
    punctuation, followed by a paragraph of text ("Pellory Health (2026)" in a roundup).
    The article's title, a table row and a line of a header block (a heading followed by
    another) are not."""
    short = set(_short_lines(sentences))
    return sorted(
        i
        for i in short
        if i + 1 < len(sentences)
        and i + 1 not in short
        and sentences[i].text.strip() != title.strip()
    )


def _short_lines(sentences: Sequence[_Sentence]) -> list[int]:
    """Short paragraphs of one line with no closing punctuation, not table rows."""
    out = []
    for i, s in enumerate(sentences):
        text = s.text.strip()
        alone = (i == 0 or sentences[i - 1].paragraph != s.paragraph) and (
            i + 1 < len(sentences) and sentences[i + 1].paragraph != s.paragraph
        )
        if (
            alone
            and text
            and len(text.split()) <= HEADING_WORDS
            and text[-1] not in ".!?:;,\"'”’|"
            and not text.startswith("|")
        ):
            out.append(i)
    return out


# what a headline's topic heads are: its subjects, objects and places, and the noun of a
# headline without a verb ("Borough's Kingsway Road to reopen in September")
_TOPIC_HEADS = frozenset({"nsubj", "nsubjpass", "pobj", "dobj", "ROOT"})


def _reported_clause(doc: Doc) -> tuple[int, int] | None:
    """Where a headline's story is: past a source that says it ("MSNBC is reporting that
    the Indian Navy claims they have captured 23 pirates": they captured), as a character
    span of the reported verb; None for the root's own clause."""
    verb = next((t for t in doc if t.dep_ == "ROOT"), None)
    found = None
    while verb is not None and verb.lemma_.lower() in syntax.SPEECH:
        verb = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if verb is not None:
            found = (verb.idx, verb.idx + len(verb.text))
    return found


def _within_name(token: Token, heads: Sequence[Token]) -> bool:
    """The token is one of the topic heads, or names it through name-part links only: a
    word of the name, not of a clause inside it ("The church Sarah Palin attends": Palin is
    not what the headline is about)."""
    while token not in heads:
        if token.dep_ not in syntax.NAME_PARTS or token.head is token:
            return False
        token = token.head
    return True


def headline_may_decide(names: Sequence[re.Pattern[str]], headline: str, lead: str) -> bool:
    """Neither the headline nor the lead names the tracked entity: only then can the
    headline say the story is another's (the reader parses a title only for this)."""
    return not any(p.search(headline) or p.search(lead) for p in names)


def _row_label(token: Token) -> bool:
    """The first word of a table row's label cell ("| Employer's offer | 4.5% |"): a
    capitalised heading, not a name, whatever the parser makes of it."""
    return token.i == 1 and token.doc[0].text == "|"


# the common names of a country's bodies: "the Government", "the Ministry", said with "the"
# and nothing else, are the story's own, not a named rival
_BODIES = frozenset(
    {"government", "ministry", "cabinet", "parliament", "treasury", "presidency", "council",
     "administration", "executive", "legislature", "authorities", "state"}
)  # fmt: skip


def _a_bodys_common_name(t: Token) -> bool:
    """The word is the capitalised common name of a body after "the": "the Government"."""
    return t.lower_ in _BODIES and t.i > 0 and t.doc[t.i - 1].lower_ == "the"


def _title_of_a_person(token: Token) -> bool:
    """The word is part of a person's title before the name ("Finance Minister Ilsa
    Vaka-Moreno", "Police Chief Ana Ruiz"): an office, not another entity of the kind."""
    t = token
    while t.dep_ == "compound" and t.head.i != t.i:
        t = t.head
        if t.ent_type_ == "PERSON":
            return True
    return False


def _participle(token: Token) -> bool:
    """An adverbial clause without a subject of its own ("Having missed out on Brovasco,
    Kelsworth City have bid £40m"): it sets the scene for the main clause's subject."""
    return token.dep_ == "advcl" and not syntax.has_subject(token)


class Focus:
    """Per article: for each sentence and tracked entity, is it about that entity (True),
    about another of the same kind (False), or does it not say (None)."""

    def __init__(
        self,
        specs: Sequence[FactSpec],
        sentences: Sequence[_Sentence],
        docs: Mapping[int, Doc],
        published: datetime | None,
        context: str = "",
        headline: Doc | None = None,
        lead: str = "",
    ) -> None:
        self.context = context
        self.headline = headline
        self.lead = lead
        self.sentences = sentences
        self.docs = docs
        self.year = published.year if published else None
        self._state: dict[tuple[re.Pattern[str], ...], list[bool | None]] = {}
        self._label_cache: dict[tuple[re.Pattern[str], ...], set[str]] = {}
        self._surnames: dict[str, bool] = {}
        self._owners: dict[int, set[int]] = {}
        self._cued: dict[int, set[int]] = {}
        self._story: dict[tuple[re.Pattern[str], ...], set[re.Pattern[str]]] = {}
        self._rivals: dict[tuple[re.Pattern[str], ...], set[re.Pattern[str]]] = {}
        self._cues = tuple(dict.fromkeys(c for spec in specs for c in spec.cues))
        for spec in specs:
            if spec.entity:
                self._story.setdefault(spec.entity, set()).update(spec.story)
                self._rivals.setdefault(spec.entity, set()).update(spec.others)
        for spec in specs:
            if spec.entity and spec.entity not in self._state:
                self._state[spec.entity] = self._walk(spec.entity)

    def history(self, i: int) -> bool:
        """The sentence is about a thing named with an earlier year ("the 2018 fire"), or
        opens with "That quake" after a sentence that is, or has "it" for its subject after
        a sentence whose subject is that thing ("The 2011 appeal asked for $900 million.
        For the first six months it struggled to pass 20 per cent funded.")."""
        doc = self.docs.get(i)
        if doc is not None and self.year and syntax.year_names_a_thing(doc, self.year):
            return True
        if i == 0 or self.sentences[i - 1].paragraph != self.sentences[i].paragraph:
            return False
        if DEMONSTRATIVE_START.match(self.sentences[i].text):
            return self.history(i - 1)
        before = self.docs.get(i - 1)
        return (
            doc is not None
            and before is not None
            and self.year is not None
            and syntax.pronoun_subject(doc)
            and syntax.year_names_a_thing(before, self.year, subject=True)
        )

    def about(self, spec: FactSpec, i: int, span: tuple[int, int]) -> bool | None:
        """True: the tracked entity; False: another of its kind; None: no entity to check
        or nothing said (the value counts, without the bonus of a named entity)."""
        if not spec.entity:
            return None
        here = self._here(spec.entity, i, span)
        if here is not None:
            return here
        return self._state[spec.entity][i]

    def _labels(self, names: Sequence[re.Pattern[str]]) -> set[str]:
        """The entity labels the parser gives the tracked names in this article, or without
        them the story's names (read once per set of names: every sentence's check asks for
        them)."""
        key = tuple(names)
        if key not in self._label_cache:
            found = [pair for doc in self.docs.values() for pair in syntax.entities(doc)]
            ours = {label for text, label in found if any(p.search(text) for p in names)}
            if not ours:
                # the parsed sentences name ours without a label ("Hansbrough scored 20
                # points" opening a sentence): two more that name it, parsed here, may label
                # it; a headline's pass looks in the article's lead
                parsed = {doc.text for doc in self.docs.values()}
                texts = [s.text for s in self.sentences] + self.lead.splitlines()
                naming = [
                    text[:MAX_NAMING]
                    for text in texts
                    if text not in parsed and any(p.search(text) for p in names)
                ][:2]
                ours = {
                    label
                    for doc in syntax.parse(naming)
                    for text, label in syntax.entities(doc)
                    if any(p.search(text) for p in names)
                }
            # an article that never names ours: the places of the story stand in ("Schools
            # in Ostrel ...", then "Schools in Halvik ...": another province); an invented
            # name's other labels are guesses
            self._label_cache[key] = ours or {
                label for text, label in found if label in _PLACES and self._in_story(names, text)
            }
        return self._label_cache[key]

    def _label(self, e: Span, labels: set[str]) -> str:
        """The entity's label, except that a one-word name which is the surname of a person
        the article names in full is that person, where the tracked entity is a person ("to
        pass Phil Ford ...", then "Ford finished his career ...", which the parser labels an
        organisation)."""
        if e.label_ in labels or "PERSON" not in labels or len(e) != 1:
            return e.label_
        return "PERSON" if self._surname(e.text) else e.label_

    def _surname(self, word: str) -> bool:
        """The article names a person in full whose last name is `word`: in a parsed
        sentence, or in one written "<Name> <word>", parsed here for its entities (a
        sentence without a cue and a number is not parsed for the facts)."""
        if word not in self._surnames:
            full = re.compile(rf"\b(?!{_FUNCTION})[A-Z][a-z]+\.? {re.escape(word)}\b")
            texts = [s.text[:MAX_NAMING] for s in self.sentences if full.search(s.text)][:2]
            docs = [*self.docs.values(), *syntax.parse(texts)] if texts else []
            self._surnames[word] = any(
                e.label_ == "PERSON" and len(e) > 1 and e[-1].text == word
                for doc in docs
                for e in doc.ents
            )
        return self._surnames[word]

    def _in_story(self, names: Sequence[re.Pattern[str]], name: str) -> bool:
        """One of the watchlist's `match` terms opens the name, whole words, and no tracked
        name is in it: a place or party of the tracked story ("Ostrel" when the watchlist
        follows a quake in Vaskara and matches on ostrel), not another entity of its kind."""
        if any(p.search(name) for p in names) or self._rival(names, name):
            return False
        text = _without_article(name)
        for p in self._story.get(tuple(names), ()):
            m = p.match(text)
            if (
                m
                and m.end() > 0
                and (m.end() == len(text) or not text[m.end()].isalnum())
                and not self._written_lower(m.group(0).lower())  # a topic word: "Monetary Policy"
            ):
                return True
        return False

    def _person_in_story(self, names: Sequence[re.Pattern[str]], name: str) -> bool:
        """A person whose surname (the name's last word) is one of the watchlist's `match`
        terms is a party of the story: "Sarah Palin" when the watchlist follows the fire at
        her church and matches on palin. A person is named by surname; another entity's name
        ends in a place ("Bank of Lessovia") and is not the place's."""
        if any(p.search(name) for p in names) or self._rival(names, name):
            return False
        words = name.split()
        last = re.sub(r"['’]s?$", "", words[-1]) if words else ""
        return bool(last) and any(p.fullmatch(last) for p in self._story.get(tuple(names), ()))

    def _rival(self, names: Sequence[re.Pattern[str]], name: str) -> bool:
        """The name is one of the story's other parties (`entity.others`)."""
        return any(p.search(name) for p in self._rivals.get(tuple(names), ()))

    def _rival_spans(
        self, names: Sequence[re.Pattern[str]], doc: Doc, at: set[int], owners: set[int]
    ) -> list[tuple[int, int]]:
        """Mentions of the story's other parties (`entity.others`) that are what a clause is
        about (`_parties`)."""
        return _parties(self._rivals.get(tuple(names), ()), doc, at, owners)

    def _cue_owners(self, i: int, doc: Doc) -> set[int]:
        """The tokens naming whose event a cue noun is, with their compounds: "the trial of
        the so-called Dunmarch ring" is that ring's trial, whatever the clause is about.
        Read once per sentence: every value and the focus walk ask for them."""
        if i in self._owners:
            return self._owners[i]
        out: set[int] = set()
        for cue in self._cues:
            for m in cue.finditer(doc.text):
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                noun = span.root if span is not None else None
                if noun is None or noun.pos_ not in syntax.NOUNS:
                    continue
                owner = _owner(noun)
                if owner is not None:
                    out |= {owner.i} | {t.i for t in owner.children if t.dep_ in syntax.NAME_PARTS}
        self._owners[i] = out
        return out

    def _story_token(self, names: Sequence[re.Pattern[str]], t: Token) -> bool:
        """`_in_story` for one token: a token of a person's name asks for the whole name
        (`_person_in_story`)."""
        if t.ent_type_ == "PERSON":
            for e in t.doc.ents:
                if e.start <= t.i < e.end and self._person_in_story(names, e.text):
                    return True
        return self._in_story(names, t.text)

    def _story_named(self, names: Sequence[re.Pattern[str]]) -> bool:
        """A parsed sentence names a place or party of the tracked story (`_in_story`): an
        article about the quake in Ostrel is the tracked quake's, though it never names
        the country."""
        return any(
            (t.ent_type_ in syntax.NAMED or t.pos_ == "PROPN") and self._story_token(names, t)
            for doc in self.docs.values()
            for t in doc
        )

    def _others(
        self,
        names: Sequence[re.Pattern[str]],
        i: int,
        span: tuple[int, int] | None = None,
        *,
        fronted_places: bool = False,
        story: bool = False,
    ) -> list[tuple[int, int]]:
        """Spans in sentence i naming another entity of the tracked kind: another name of the
        kind anywhere, or an entity the parser labels like the tracked one that is what the
        clause of the value (or of the sentence) is about - its subject, or the possessor of
        its subject or of the counted noun ("Okambe has reported 4,310 cases", "Russia's
        army"). A ministry that merely said something is not what a figure is about.
        `story`: a name of the tracked story (`_in_story`) is not another entity; for what
        a sentence hands on and an article's default, not for the value's own clause
        ("Ossary's own dams are at 19 per cent" is a province's figure)."""
        text = self.sentences[i].text
        spans = self._kind_spans(names, text, story=story)
        doc = self.docs.get(i)
        if doc is not None:
            labels = self._labels(names)
            short = _short_forms(names)
            topics = syntax.topics(doc, span, fronted_places=fronted_places)
            owners = self._cue_owners(i, doc)
            at = {t.i for t in topics} | owners
            for e in doc.ents:
                if self._label(e, labels) not in labels or any(p.search(e.text) for p in names):
                    continue
                if _row_label(e[0]) or e.text.lower() in short:
                    continue  # a heading cell; "Felt" of "Mark Felt" is the same person
                if len(e) == 1 and _a_bodys_common_name(e[0]):
                    continue  # "The Government has tabled an amendment": the story's own
                if self._a_cue(e.text):
                    continue  # "The Superdraw will have a jackpot of ...": the tracked event
                if story and (
                    self._in_story(names, e.text)
                    or (e.label_ == "PERSON" and self._person_in_story(names, e.text))
                ):
                    continue  # a place or person of the story: "Ostrel" for a quake in Vaskara
                if any(t.i in at for t in e):
                    spans.append((e.start_char, e.end_char))
            # one of the story's other parties speaking of itself: "Sunvista said on Friday
            # it would cut 300 jobs" (a speaker is otherwise not what a figure is about)
            speaker = syntax.pronoun_speaker(doc, span)
            rival_at = at | ({t.i for t in speaker.subtree} if speaker is not None else set())
            spans += self._rival_spans(names, doc, rival_at, owners | self._namers(i, doc, span))
            # a proper name the parser could not label (invented or rare: "Okambe has
            # reported 96 deaths"; a made-up name it takes for a title, "Lakeshore Metro")
            # that the clause is about, and that is not ours
            for t in topics:
                if (
                    t.pos_ == "PROPN"
                    and t.ent_type_ in _UNLABELLED
                    and not _row_label(t)
                    and not any(p.search(t.text) for p in names)
                    and not (story and self._in_story(names, t.text))
                    and not self._a_cue(t.text)
                    and not _title_of_a_person(t)
                    and not _a_bodys_common_name(t)
                ):
                    spans.append((t.idx, t.idx + len(t.text)))
        dateline = DATELINE.match(text)
        return [s for s in spans if s[0] >= dateline.end()] if dateline else spans

    def _namers(self, i: int, doc: Doc, span: tuple[int, int] | None) -> set[int]:
        """The words set before a cue noun that is the subject of the value's clause, which
        name whose it is: "Dunvale waiting list hits 33,400" (the parser may take an unknown
        name for an adjective). Only the value's own clause: in "The GFA appeal is separate
        from the Talvanu plan, which is a fifth funded" the fifth is the plan's."""
        verb = syntax.verb_of(doc, *span) if span else None
        if verb is None:
            return set()
        cued = self._cue_tokens(i, doc)
        return {
            t.i
            for s in verb.children
            if s.dep_ in ("nsubj", "nsubjpass") and s.i in cued
            for t in s.children
            if t.dep_ in _NAMING_MODIFIERS and t.i < s.i and t.text[:1].isupper()
        }

    def _cue_tokens(self, i: int, doc: Doc) -> set[int]:
        """The tokens of sentence i that a match of one of the watchlist's cues takes in
        ("waiting list"), read once per sentence."""
        if i not in self._cued:
            self._cued[i] = {
                t.i
                for c in self._cues
                for m in c.finditer(doc.text)
                for t in doc
                if t.idx < m.end() and m.start() < t.idx + len(t.text)
            }
        return self._cued[i]

    def _a_cue(self, name: str) -> bool:
        """The name is one of the watchlist's cue words written as a name, and nothing more
        ("the Superdraw", "the Summit", "the Games"), or holds a cue written as a name
        ("Carrow Light" for a cue `\\bCarrow\\b`): the tracked event itself, not another
        entity of its kind."""
        text = _without_article(name)
        if any(c.fullmatch(text) for c in self._cues):
            return True
        # a cue the user wrote as a name ("Carrow" for the "Carrow Light" crude price) names
        # the tracked thing wherever it stands in a longer name
        return any(_CAPITAL.search(c.pattern) and c.search(text) for c in self._cues)

    def _kind_spans(
        self, names: Sequence[re.Pattern[str]], text: str, *, story: bool = False
    ) -> list[tuple[int, int]]:
        """Other names of the kind: a longer name that only contains a tracked one-word name
        ("Greyhaven Rail Freight" beside "Greyhaven") is another organisation, unless that
        name is its head, its last word."""
        longer = [p for p in names if " " in p.pattern.strip()]
        spans = []
        for pattern in _kind_patterns(names):
            for m in pattern.finditer(text):
                found = m.group(0).strip()
                head = found.split()[-1]
                if any(p.fullmatch(found) or p.fullmatch(head) for p in names):
                    continue  # the name itself, or it with a title ("Sheriff Deputy Ortiz")
                if any(p.search(found) for p in longer):
                    continue
                if story and self._in_story(names, found):
                    continue
                spans.append(m.span())
        return spans

    def _article(self, names: Sequence[re.Pattern[str]]) -> bool | None:
        """What the whole article is about: an article that names only another entity of
        the tracked kind is about that one (a look-alike event), until a paragraph says
        otherwise."""
        whole = "\n".join([self.context, *(s.text for s in self.sentences)])
        ours = any(p.search(whole) for p in names) or self._story_named(names)
        if ours and self._headline_elsewhere(names):
            return False
        theirs = bool(self._kind_spans(names, whole, story=True)) or any(
            self._others(names, i, story=True) for i in self.docs
        )
        if ours:
            return True if not theirs else None
        return False if theirs else None

    def _headline_elsewhere(self, names: Sequence[re.Pattern[str]]) -> bool:
        """The headline tells another named thing's story: what it is about (its subject, or
        where it happens) is a proper name that is not ours, and neither the headline nor the
        lead (the opening paragraphs) names ours ("Brenner Autos recalls 1.2 million cars"
        over an article that names the tracked carmaker once, further down). A news
        article's headline and lead say whose story it is. Asked only of an article that
        names ours somewhere (see `headline_may_decide`): one that never does is judged by
        the names it holds."""
        if self.headline is None or not headline_may_decide(names, self.headline.text, self.lead):
            return False
        short = _short_forms(names)
        topics = syntax.topics(self.headline, _reported_clause(self.headline))
        heads = [t for t in topics if t.dep_ in _TOPIC_HEADS]
        return any(
            # a capitalised word the tagger took for a noun still names ("Delcorra sets
            # record", "Okambe cholera cases hit 4,100"): the headline is in sentence case
            (
                t.pos_ == "PROPN"
                or (t.text[:1].isupper() and (t.pos_ == "NOUN" or t.ent_type_ in syntax.NAMED))
            )
            and (t.ent_type_ in syntax.NAMED or not t.ent_type_)  # "in October" is no name
            and t.lower_ not in short
            and not self._story_token(names, t)
            and _within_name(t, heads)
            and not (t.i == 0 and self._written_lower(t.lower_))
            for t in topics
        )

    def _written_lower(self, word: str) -> bool:
        """The article writes the word in lower case: a headline's capitalised first word
        that is an ordinary word ("Recall grows ..."), not a name."""
        pattern = re.compile(rf"\b{re.escape(word)}\b")
        return any(pattern.search(text) for text in (self.context, self.lead)) or any(
            pattern.search(s.text) for s in self.sentences
        )

    def _named(self, names: Sequence[re.Pattern[str]], i: int) -> list[tuple[int, int]]:
        """Mentions of the tracked names, except inside another name of the kind."""
        text = self.sentences[i].text
        others = self._kind_spans(names, text)
        return [
            m.span()
            for p in names
            for m in p.finditer(text)
            if not any(s <= m.start() and m.end() <= e for s, e in others)
        ]

    def _here(self, names: Sequence[re.Pattern[str]], i: int, span: tuple[int, int]) -> bool | None:
        """What sentence i itself says. Another name of the tracked kind ("Cabot Creek Fire")
        beside a tracked one: the nearer to the value wins. Another entity the parser only
        labels alike (an ORG beside a tracked ORG: the buyer beside the company bought) does
        not outweigh a tracked name in the same sentence."""
        ours = [m for m in self._named(names, i) if not self._aside(i, m, span)]
        if ours and self._rivals.get(tuple(names)) and self._rival_topic(names, i, span):
            return False
        doc = self.docs.get(i)
        near = syntax.neighbour_of(doc, span) if doc is not None else None
        if near is not None and not any(
            p.search(self.sentences[i].text[slice(*near)]) for p in names
        ):
            return False  # "as neighbouring Okambe struggles with an outbreak that killed 90"
        siblings = self._kind_spans(names, self.sentences[i].text)
        if ours and not siblings:
            return True
        if ours:

            def gap(spans: list[tuple[int, int]]) -> int:
                return min(max(s - span[1], span[0] - e, 0) for s, e in spans)

            return gap(ours) <= gap(siblings)
        return False if self._others(names, i, span) else None

    def _rival_topic(self, names: Sequence[re.Pattern[str]], i: int, span: tuple[int, int]) -> bool:
        """One of the story's other parties is what the value's clause is about and ours is
        not ("Vendria will impose a 20 per cent tariff ... in retaliation for Carvossa's
        duties"): the figure is theirs, though the sentence names ours."""
        doc = self.docs.get(i)
        if doc is None:
            return False
        at = {t.i for t in syntax.topics(doc, span)}
        rivals = self._rival_spans(names, doc, at, self._cue_owners(i, doc))
        return bool(rivals) and not _parties(names, doc, at, set())

    def _aside(self, i: int, mention: tuple[int, int], value: tuple[int, int]) -> bool:
        """The tracked name is only part of a relative clause describing something else, or
        of a subjectless clause setting the scene, which the value is outside ("outbreaks in
        Chiwaya and Mondo districts, which border Lomara, after 380 cases", "Having missed
        out on Brovasco, Kelsworth City have bid £40m"): it does not make the sentence ours."""
        doc = self.docs.get(i)
        if doc is None:
            return False
        m, v = syntax.head_of(doc, *mention), syntax.head_of(doc, *value)
        if m is None or v is None:
            return False
        clause = next((t for t in m.ancestors if t.dep_ == "relcl" or _participle(t)), None)
        if clause is not None and v not in clause.subtree:
            return True
        # a participle describing another noun ("3 deaths in districts bordering Lomara"),
        # unless that noun is what the value counts ("96 cases reported in Lomara")
        described = next((t.head for t in m.ancestors if t.dep_ == "acl" and t.tag_ == "VBG"), None)
        return described is not None and v not in described.subtree

    def _walk(self, names: Sequence[re.Pattern[str]]) -> list[bool | None]:
        """The focus each sentence inherits from the sentences before it in its paragraph."""
        state: list[bool | None] = []
        default = self._article(names)
        section = default  # what the last heading says ("Pellory Health (2026)")
        current: bool | None = default
        paragraph = -1
        heads = set(headings(self.sentences, self.context))
        if not any(self._named(names, h) for h in heads):
            heads = set()  # sections matter when one of them is ours: a roundup
        for i, s in enumerate(self.sentences):
            if i in heads:
                said = self._heading(names, i)
                section = default if said is None else said
            if s.paragraph != paragraph:
                if not PRONOUN_START.match(s.text):
                    current = section
                paragraph = s.paragraph
            state.append(current)
            # what the sentence hands on to the next: a place named after the verb is a
            # detail of this one ("had been in intensive care at Saltmere General Hospital")
            ours = self._named(names, i)
            theirs = self._others(names, i, fronted_places=True, story=True)
            if ours and not theirs:
                current = True
            elif theirs and not (ours and self._ours_a_topic(names, i)):
                # another entity is what the sentence is about; ours only named in passing
                # ("Fred LaRue, ... rumoured to be Deep Throat, has died")
                current = False
        return state

    def _heading(self, names: Sequence[re.Pattern[str]], i: int) -> bool | None:
        """What a section heading names: ours (True), another name (False), or nothing
        (None). A heading has no clause: a name in it is what its section is about."""
        if self._named(names, i):
            return True
        if self._kind_spans(names, self.sentences[i].text, story=True):
            return False
        doc = self.docs.get(i)
        if doc is None:
            return None
        short = _short_forms(names)
        others = [
            t
            for t in doc
            if (t.ent_type_ in syntax.NAMED or (t.pos_ == "PROPN" and not t.ent_type_))
            and t.lower_ not in short
            and not self._story_token(names, t)
        ]
        return False if others else None

    def _ours_a_topic(self, names: Sequence[re.Pattern[str]], i: int) -> bool:
        """A tracked name is among what sentence i is about (its subject and the like), or
        the sentence was not parsed and cannot say."""
        doc = self.docs.get(i)
        if doc is None:
            return True
        return any(any(p.search(t.text) for p in names) for t in syntax.topics(doc))
