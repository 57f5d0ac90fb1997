"""Decides whether a story is new: exact repeat (content hash), syndicated copy (MinHash
near-duplicate) or rewrite of a known story (salient-term similarity). Pure: the store keeps
the persisted LSH bands and hands candidates in."""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
BANDS = 32  # 32 bands x 4 rows: pairs above ~0.42 Jaccard collide in at least one band
ROWS = NUM_PERM // BANDS
SHINGLE = 3
NEAR_DUP_THRESHOLD = 0.5  # estimated Jaccard of word 3-shingles
STORY_THRESHOLD = 0.55  # cosine of salient-term vectors (rewrites of one story)

_WORD = re.compile(r"\w+", re.UNICODE)
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


def tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def content_hash(text: str) -> str:
    """Same words in the same order (case, punctuation and spacing ignored) -> same hash."""
    return hashlib.sha256(" ".join(tokens(text)).encode()).hexdigest()


def _shingles(words: list[str]) -> Iterable[bytes]:
    if len(words) < SHINGLE:
        return [w.encode() for w in words]
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> Signature:
    mh = MinHash(num_perm=NUM_PERM, seed=1)
    mh.update_batch(list(_shingles(tokens(text))))
    values = mh.hashvalues.astype(np.uint64)
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


def salient_terms(title: str, text: str) -> Counter[str]:
    """Content words weighted towards what identifies a story: names and numbers count double,
    title words triple."""
    counts: Counter[str] = Counter()
    for word in _WORD.findall(text):
        low = word.lower()
        if low in _STOP or len(low) < 3 and not low.isdigit():
            continue
        counts[low] += 2 if (word[0].isupper() or word[0].isdigit()) else 1
    for word in tokens(title):
        if word not in _STOP and len(word) > 2:
            counts[word] += 3
    return counts


def cosine(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    # Dampen frequency so a long article does not drown a short one.
    wa = {k: 1 + math.log(v) for k, v in a.items()}
    wb = {k: 1 + math.log(v) for k, v in b.items()}
    dot = sum(wa[k] * wb[k] for k in wa.keys() & wb.keys())
    na = math.sqrt(sum(v * v for v in wa.values()))
    nb = math.sqrt(sum(v * v for v in wb.values()))
    return dot / (na * nb)


def fts_query(terms: Counter[str], limit: int = 12) -> str:
    """An FTS5 OR-query of a document's most salient terms, for candidate retrieval."""
    best = [t for t, _ in terms.most_common(limit * 2) if t.isalnum()][:limit]
    return " OR ".join(f'"{t}"' for t in best)
