"""Decides whether a story is new: exact repeat (content hash), syndicated copy (MinHash
near-duplicate) or rewrite of a known story (IDF-weighted salient-term similarity). Pure: the
store keeps the persisted LSH bands, term index and document frequencies and hands them in.

Two separate tests, on purpose. A near-duplicate is the same body under other boilerplate:
estimated Jaccard of word 3-shingles >= NEAR_DUP_THRESHOLD, strict. A same-story rewrite is
judged by `story_similarity`: cosine of IDF-weighted salient terms, discounted when both texts
carry key numbers (decimals, years) and share none (the other M4.6 quake, the other season),
plus a bonus for shared phrasing (3-shingle Jaccard). Thresholds were set on ECB+ (see
bench/dedup_eval.py and bench/RESULTS.md) for precision first: a wrong merge hides a real
change, a missed merge only costs a duplicate source.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

import numpy as np

NUM_PERM = 128
BANDS = 32  # 32 bands x 4 rows: pairs above ~0.42 Jaccard collide in at least one band
ROWS = NUM_PERM // BANDS
SHINGLE = 3
NEAR_DUP_THRESHOLD = 0.5  # estimated Jaccard of word 3-shingles
# Same story: score >= STORY_THRESHOLD. On ECB+ this keeps pairwise precision >= 0.9; the
# seed rewrite (000 -> 001) scores ~0.87 and unrelated seeds on one topic stay <= 0.29.
STORY_THRESHOLD = 0.33
NUMBER_PENALTY = 0.7  # both texts have key numbers, none shared: likely another event
SHINGLE_WEIGHT = 2.0  # shared phrasing is strong evidence of a rewrite
STORY_MAX_DAYS = 7  # two dated articles further apart than this are not one story
INDEX_TERMS = 20  # per article, the terms the same-story index keeps and a lookup asks for
# A lookup reads only the newest this-many articles' index entries: rewrites follow within
# days, and the bound keeps the cost per article flat however large the store grows.
STORY_RECENT_ARTICLES = 50_000
STORY_CANDIDATES = 10  # best-ranked candidates scored in full

_WORD = re.compile(r"\w+", re.UNICODE)
# Numbers stay whole ("4.6", "1,200") so that magnitudes and amounts compare as values.
_TERM = re.compile(r"\d+(?:[.,]\d+)*|\w+", re.UNICODE)
_YEAR = re.compile(r"(?:19|20)\d\d")
# Function words carry no story identity; a small fixed list keeps this language-light.
_STOP = frozenset(
    """a an and are as at be been but by for from had has have he her his i in is it its
    of on or said says she that the their them they this to was were will with would which
    who what when where while not no than then there these those our we you your about after
    also more most over into up out new one two can could may might should than so if all any
    some such only other just like very""".split()
)


@dataclass(frozen=True)
class Signature:
    """A document's MinHash signature and its LSH band keys."""

    hashvalues: bytes
    bands: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class TextFeatures:
    """What dedup reads from an article's text alone, derived in one pass over it. The
    extraction worker derives them next to the page's text, so this CPU work runs on every
    core rather than in the one process that stores; `ingest` uses them only for this `text`.
    """

    text: str
    content_hash: str
    signature: Signature
    terms: Counter[str]  # salient terms of the text; the title's are added per use
    numbers: frozenset[str]  # key numbers of the text


@dataclass(frozen=True)
class StoryProfile:
    """What same-story comparison looks at: salient term counts and key numbers."""

    terms: Counter[str]
    numbers: frozenset[str]


def tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def content_hash(text: str) -> str:
    """Same words in the same order (case, punctuation and spacing ignored) -> same hash."""
    return _words_hash(tokens(text))


def _words_hash(words: list[str]) -> str:
    return hashlib.sha256(" ".join(words).encode()).hexdigest()


def _shingles(words: list[str]) -> Iterable[bytes]:
    if len(words) < SHINGLE:
        return [w.encode() for w in words]
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


# MinHash exactly as datasketch (>= 2.0, scheme "affine32", seed 1) computes it, so the
# signatures stored by earlier versions compare with new ones; tests/test_dedup.py checks it
# against datasketch itself. datasketch is not imported at run time: its package imports
# scipy (143 MB in the image, 0.4 s of start-up) for LSH parameter tuning this service
# never uses. Each shingle's 32-bit SHA-1 prefix goes through MurmurHash3's finaliser and
# NUM_PERM affine maps modulo 2**32; a signature keeps each map's minimum.
_FMIX = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)
_EMPTY = np.uint32(0xFFFFFFFF)


@functools.cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The affine maps datasketch's MinHash(num_perm=NUM_PERM, seed=1) draws: odd `a`s."""
    gen = np.random.RandomState(1)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def _hash32(shingle: bytes) -> int:
    return int.from_bytes(hashlib.sha1(shingle).digest()[:4], "little")


def minhash(shingles: Iterable[bytes]) -> np.ndarray:
    """The NUM_PERM minima (uint32) of the shingles under the affine maps; all 2**32 - 1
    for no shingles."""
    hv = np.array([_hash32(s) for s in shingles], dtype=np.uint32).reshape(-1, 1)
    if not hv.size:
        return np.full(NUM_PERM, _EMPTY, dtype=np.uint32)
    s1, m1, s2, m2, s3 = (np.uint32(c) for c in _FMIX)
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    hv = hv ^ (hv >> s3)
    a, b = _permutations()
    result: np.ndarray = (hv * a + b).min(axis=0)
    return result


def signature(text: str, words: list[str] | None = None) -> Signature:
    """MinHash of the text's word 3-shingles and its LSH band keys; `words` is
    `tokens(text)` when the caller has it already."""
    values = minhash(_shingles(tokens(text) if words is None else words)).astype(np.uint64)
    bands = []
    for band in range(BANDS):
        chunk = values[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8).digest()
        bands.append((band, int.from_bytes(digest, "big", signed=True)))
    return Signature(values.tobytes(), tuple(bands))


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two stored signatures."""
    va = np.frombuffer(a, dtype=np.uint64)
    vb = np.frombuffer(b, dtype=np.uint64)
    if va.shape != vb.shape or not len(va):
        return 0.0
    return float(np.count_nonzero(va == vb)) / len(va)


def text_features(text: str) -> TextFeatures:
    """Content hash, MinHash signature, salient terms and key numbers of a text."""
    words = tokens(text)
    return TextFeatures(
        text, _words_hash(words), signature(text, words), text_terms(text), key_numbers(text)
    )


def salient_terms(title: str, text: str) -> Counter[str]:
    """Content words weighted towards what identifies a story: names and numbers count double,
    title words once more."""
    return with_title(text_terms(text), title)


def text_terms(text: str) -> Counter[str]:
    """`salient_terms` of the text alone."""
    counts: Counter[str] = Counter()
    # Count distinct spellings first: a word's weight depends only on its spelling.
    for word, n in Counter(_TERM.findall(text)).items():
        low = word.lower()
        if low in _STOP or len(low) < 3 and not low[0].isdigit():
            continue
        counts[low] += n * 2 if (word[0].isupper() or word[0].isdigit()) else n
    return counts


def with_title(terms: Counter[str], title: str) -> Counter[str]:
    """A text's salient terms with its title's words added (a new Counter)."""
    counts = Counter(terms)
    for word in _TERM.findall(title.lower()):
        if word not in _STOP and len(word) > 2:
            counts[word] += 1
    return counts


def key_numbers(text: str) -> frozenset[str]:
    """Numbers that pin an event: decimals (magnitudes, amounts) and years."""
    found = set()
    for number in re.findall(r"\d+(?:[.,]\d+)*", text):
        plain = number.replace(",", "")
        if "." in plain or _YEAR.fullmatch(plain):
            found.add(plain)
    return frozenset(found)


def story_profile(title: str, text: str, features: TextFeatures | None = None) -> StoryProfile:
    """`features` (of this `text`) saves deriving the text's terms and numbers again."""
    if features is None or features.text != text:
        return StoryProfile(salient_terms(title, text), key_numbers(f"{title}\n{text}"))
    # a number never spans the line break, so the title's and the text's numbers are apart
    return StoryProfile(with_title(features.terms, title), key_numbers(title) | features.numbers)


def idf(df: int, n_docs: int) -> float:
    """Smoothed inverse document frequency: never zero, so a young store still compares."""
    return math.log((n_docs + 1) / (df + 1)) + 1.0


def _weights(terms: Mapping[str, int], df: Mapping[str, int], n_docs: int) -> dict[str, float]:
    # Dampen frequency so a long article does not drown a short one.
    return {k: (1 + math.log(c)) * idf(df.get(k, 0), n_docs) for k, c in terms.items()}


def index_terms(
    terms: Mapping[str, int], df: Mapping[str, int], n_docs: int, k: int = INDEX_TERMS
) -> list[str]:
    """The k most distinctive terms (tf-idf), for the same-story candidate index."""
    weights = _weights(terms, df, n_docs)
    return sorted(weights, key=lambda t: (-weights[t], t))[:k]


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b.get(k, 0.0) for k, w in a.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb)


class StoryScorer:
    """Scores known articles against one incoming article; its IDF weights computed once."""

    def __init__(self, profile: StoryProfile, df: Mapping[str, int], n_docs: int) -> None:
        self.profile = profile
        self.df = df
        self.n_docs = n_docs
        self.weights = _weights(profile.terms, df, n_docs)

    def score(self, other: StoryProfile, shingle_jaccard: float = 0.0) -> float:
        """Same-story score; compare with STORY_THRESHOLD."""
        score = cosine(self.weights, _weights(other.terms, self.df, self.n_docs))
        if self.profile.numbers and other.numbers and not self.profile.numbers & other.numbers:
            score *= NUMBER_PENALTY
        return score + SHINGLE_WEIGHT * shingle_jaccard


def story_similarity(
    a: StoryProfile,
    b: StoryProfile,
    df: Mapping[str, int],
    n_docs: int,
    shingle_jaccard: float = 0.0,
) -> float:
    """Same-story score of two articles; compare with STORY_THRESHOLD."""
    return StoryScorer(a, df, n_docs).score(b, shingle_jaccard)


def too_far_apart(a: datetime | str | None, b: datetime | str | None) -> bool:
    """Both dated and more than STORY_MAX_DAYS apart: a later development, not a rewrite."""
    if not a or not b:
        return False
    da = datetime.fromisoformat(a) if isinstance(a, str) else a
    db = datetime.fromisoformat(b) if isinstance(b, str) else b
    if (da.tzinfo is None) != (db.tzinfo is None):
        da, db = da.replace(tzinfo=None), db.replace(tzinfo=None)
    return abs((da - db).total_seconds()) > STORY_MAX_DAYS * 86400
