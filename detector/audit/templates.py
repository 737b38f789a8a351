"""Near-duplicate grouping of insert texts into templates (the same ad or affiliate box across articles).

Each insert's text is normalised (case, accents kept, digits → '0', URLs and punctuation dropped) and cut into
word 3-shingles; a 32-value MinHash signature estimates the Jaccard similarity of two shingle sets. Identical
normalised texts share a template directly; otherwise locality-sensitive hashing (8 bands of 4 values) finds
candidates and an insert joins the first template whose signature agrees on at least SIMILARITY of the values.
Signatures are computed in the workers; grouping runs in the driver in archive order, so template ids (a hash
of the first member's normalised text) are the same for a local and a distributed run of the same inputs.
Memory: one signature and a few counters per template (not per insert).
"""
import hashlib
import re
import unicodedata
import zlib
from collections import Counter

import numpy as np

PERMUTATIONS = 32
BANDS = 8
ROWS = PERMUTATIONS // BANDS
SIMILARITY = 0.5
SHINGLE = 3
_PRIME = np.uint64((1 << 31) - 1)
_RNG = np.random.RandomState(20240601)
_A = _RNG.randint(1, (1 << 31) - 1, size=PERMUTATIONS).astype(np.uint64)
_B = _RNG.randint(0, (1 << 31) - 1, size=PERMUTATIONS).astype(np.uint64)
_URL = re.compile(r"https?://\S+|www\.\S+")
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"\w+")
TOP_DOMAINS = 5


def normalise(text):
    text = unicodedata.normalize("NFKC", text or "").lower()
    return " ".join(_WORD.findall(_DIGITS.sub("0", _URL.sub(" ", text))))


def template_key(normalised):
    return hashlib.sha1(normalised.encode("utf-8")).hexdigest()


def shingles(normalised):
    words = normalised.split()
    if len(words) < SHINGLE:
        return {" ".join(words)}
    return {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def signature(normalised):
    """MinHash signature (PERMUTATIONS uint32 values) of the text's shingle set, as bytes."""
    hashes = np.fromiter((zlib.crc32(s.encode("utf-8")) for s in shingles(normalised)), dtype=np.uint64)
    values = (np.outer(hashes % _PRIME, _A) + _B) % _PRIME
    return values.min(axis=0).astype(np.uint32).tobytes()


def fingerprint(text):
    """(template key, signature) of one insert text; computed in the workers."""
    norm = normalise(text)
    return template_key(norm), signature(norm)


def similarity(sig_a, sig_b):
    a, b = np.frombuffer(sig_a, dtype=np.uint32), np.frombuffer(sig_b, dtype=np.uint32)
    return float((a == b).mean())


class Template:
    __slots__ = ("id", "signature", "count", "articles", "last_article", "first_date", "last_date", "example",
                 "domains", "networks", "disclosed", "score_sum")

    def __init__(self, template_id, sig, example):
        self.id, self.signature, self.example = template_id, sig, example
        self.count = self.articles = self.disclosed = 0
        self.score_sum = 0.0
        self.last_article = self.first_date = self.last_date = None
        self.domains, self.networks = Counter(), Counter()

    def add(self, article_id, date, disclosed, score, domains, networks):
        self.count += 1
        if article_id != self.last_article:   # inserts arrive grouped by article
            self.articles += 1
            self.last_article = article_id
        if date is not None:
            self.first_date = min(self.first_date or date, date)
            self.last_date = max(self.last_date or date, date)
        self.disclosed += bool(disclosed)
        self.score_sum += score or 0.0
        self.domains.update(domains or ())
        self.networks.update(networks or ())

    def row(self):
        return {"template_id": self.id, "count": self.count, "articles": self.articles, "recurring": self.articles > 1,
                "first_date": self.first_date, "last_date": self.last_date, "example": self.example,
                "link_domains": [d for d, _ in self.domains.most_common(TOP_DOMAINS)],
                "networks": [n for n, _ in self.networks.most_common()], "disclosed": self.disclosed,
                "disclosure_rate": self.disclosed / self.count if self.count else 0.0,
                "mean_score": self.score_sum / self.count if self.count else 0.0}


class TemplateIndex:
    """Assigns template ids to inserts in archive order and keeps per-template statistics."""

    def __init__(self, similarity_threshold=SIMILARITY):
        self.threshold = similarity_threshold
        self.by_key, self.bands, self.templates = {}, {}, []

    def assign(self, key, sig, text):
        """The template of one insert (a new one if nothing similar was seen)."""
        found = self.by_key.get(key)
        if found is None:
            found = self._similar(sig)
            if found is None:
                found = Template(f"T{key[:12]}", sig, text)
                self.templates.append(found)
                self._index(found)
            self.by_key[key] = found
        return found

    def _band_keys(self, sig):
        return [(band, sig[band * ROWS * 4:(band + 1) * ROWS * 4]) for band in range(BANDS)]

    def _similar(self, sig):
        seen = set()
        for band_key in self._band_keys(sig):
            for template in self.bands.get(band_key, ()):
                if id(template) not in seen:
                    seen.add(id(template))
                    if similarity(sig, template.signature) >= self.threshold:
                        return template
        return None

    def _index(self, template):
        for band_key in self._band_keys(template.signature):
            self.bands.setdefault(band_key, []).append(template)

    def rows(self):
        """Template rows, most frequent first (ties by first appearance)."""
        order = sorted(range(len(self.templates)), key=lambda i: (-self.templates[i].count, i))
        return [self.templates[i].row() for i in order]
