"""The curated signals of every block of a page, as one matrix, computed a page at a time.

Each word list of signals.py is matched once over the page (the blocks' texts joined by a separator no pattern can
cross) and the matches are counted per block by their offsets; character shares (upper case, digits, emoji) are
counted with numpy over the page's code points. Per block this is what `block_signals` used to do with ~20 regex
calls, at a tenth of the cost. The word lists are scanned with RE2 (google-re2): its automaton matches a long
alternation of words in one pass, about ten times faster than Python's backtracking `re` on these lists. Its word
boundary is ASCII-only, so a list word glued to an accented letter can match where `re` would not; training and
scoring both count with RE2.
"""
import functools
import re

import numpy as np
import re2

from . import signals
from .types import Link

MAX_SCAN_CHARS = 500          # curated word signals look at most this far into a block
MAX_SHAPE_CHARS = 300         # character-shape shares (upper case, digits, emoji) from this prefix
MAX_LABEL_CHARS = 60          # an ad label ("Anzeige", "Sponsored") is a short block of its own
MAX_LINKS = 20                # links looked at per block
COUNT_CAP = 5.0               # counts are capped so a long list of links does not dominate
SEPARATOR = " \x00 "          # between blocks: no pattern of signals.py matches across a NUL
BLOCK_TAG_GROUPS = {
    "p": "p", "li": "li", "td": "cell", "th": "cell", "dt": "li", "dd": "li", "blockquote": "quote",
    "figcaption": "caption", "caption": "caption", "h1": "heading", "h2": "heading", "h3": "heading",
    "h4": "heading", "h5": "heading", "h6": "heading", "button": "button", "pre": "code",
}
TAG_GROUPS = ("p", "li", "cell", "quote", "caption", "heading", "button", "code", "container")
BOILERPLATE_TOKENS = frozenset("nav navbar menu footer header sidebar aside breadcrumb breadcrumbs related share "
                               "sharing social comment comments widget cookie newsletter subscribe tags author bio "
                               "copyright pagination".split())
PROMO_TOKENS = frozenset("ad ads advert advertisement advertorial sponsor sponsored promo promotion affiliate partner "
                         "deal deals offer coupon voucher product shop cta button btn teaser native taboola outbrain "
                         "zergnet mgid revcontent plista ligatus trc commercial anzeige werbung publicite banner "
                         "bonus".split())


def scanner(pattern):
    """The pattern compiled by RE2 (the word lists use no construct RE2 lacks)."""
    return re2.compile(pattern.pattern)


WORD_COUNTS = {             # signal name → pattern matched on lower-cased text (counted, capped)
    "cta": scanner(signals.CALL_TO_ACTION_LC), "bonus": scanner(signals.BONUS_WORDS_LC),
    "money": scanner(signals.MONEY_LC), "percent": scanner(signals.PERCENT),
}
WORD_FLAGS = {"disclosure": scanner(signals.DISCLOSURE_LC), "fine_print": scanner(signals.FINE_PRINT_LC),
              "own_appeal": scanner(signals.OWN_APPEAL_LC)}
SENTENCE_ENDS = frozenset(".!?»\"”:")
SIGNAL_NAMES = (
    "log_chars", "log_words", "link_density", "links", "affiliate", "external", "sponsored_rel", "cta", "disclosure",
    "own_appeal", "ad_label", "fine_print", "bonus", "money", "percent", "emoji", "exclamation", "upper_share",
    "digit_share", "log_repeats", "in_main", "position", "depth", "short", "sentence_end", "quoted_share", "boilerplate_tokens",
    "promo_tokens", *(f"tag_{name}" for name in TAG_GROUPS),
)
# Quoted speech ("… read: “Sign up today and claim $50”"): journalism quoting an ad is editorial, so the share of a
# block's text inside quotation marks tells reported offers from offers made to the reader.
# A straight double quote right after a digit is an inch mark (65" TV), not an opening quotation mark.
QUOTED = re.compile("“[^”\x00]{1,400}”|(?<!\\d)\"[^\"\x00]{1,400}\"|"
                    "«[^»\x00]{1,400}»|„[^“”\x00]{1,400}[“”]")
_EMOJI_RANGES = ((0x1F300, 0x1FAFF), (0x2600, 0x27BF), (0x2B50, 0x2B50), (0x2B55, 0x2B55), (0x203C, 0x203C),
                 (0x2049, 0x2049), (0x2122, 0x2122), (0x2139, 0x2139), (0x2194, 0x21AA))
_UPPER_RANGES = ((ord("A"), ord("Z")), (0xC0, 0xD6), (0xD8, 0xDE))
_DIGIT_RANGES = ((ord("0"), ord("9")),)


@functools.lru_cache(maxsize=4096)
def link_facts(href, rel, page_host):
    """(affiliate?, external?) of one link; cached because navigation links repeat on every page of a site."""
    link = Link(href=href, text="", rel=rel)
    return bool(signals.affiliate_reasons(link, page_host)), signals.is_external(link, page_host)


def _joined(texts):
    """The texts joined by SEPARATOR, and each text's start offset in the joined string (plus the end)."""
    lengths = np.fromiter((len(t) + len(SEPARATOR) for t in texts), dtype=np.int64, count=len(texts))
    starts = np.concatenate([[0], np.cumsum(lengths)])
    return SEPARATOR.join(texts), starts


def per_text(positions, starts, n, weights=None):
    """Sums over the joined string's positions (of 1, or of `weights`) per text, by which text holds each one."""
    if not positions:
        return np.zeros(n)
    owners = np.searchsorted(starts, positions, side="right") - 1
    return np.bincount(owners, weights=weights, minlength=n)[:n].astype(np.float64)


def count_matches(pattern, joined, starts, n, excluded=None):
    """Matches of `pattern` per text, by where each match starts (matches starting inside `excluded` spans, given
    as (span starts, span ends), are not counted)."""
    positions = np.array([m.start() for m in pattern.finditer(joined)], dtype=np.int64)
    if excluded is not None and len(positions) and len(excluded[0]):
        span = np.searchsorted(excluded[0], positions, side="right") - 1
        inside = (span >= 0) & (positions < excluded[1][np.maximum(span, 0)])
        positions = positions[~inside]
    return per_text(positions.tolist(), starts, n)


def quoted_spans(joined):
    """(starts, ends) of the quotations in a joined text, in order."""
    spans = [m.span() for m in QUOTED.finditer(joined)]
    return (np.array([a for a, _ in spans], dtype=np.int64), np.array([b for _, b in spans], dtype=np.int64))


def _in_ranges(codes, ranges):
    hit = np.zeros(codes.shape, dtype=bool)
    for lo, hi in ranges:
        hit |= (codes >= lo) & (codes <= hi)
    return hit


def char_class_counts(heads):
    """Per text: (upper-case letters, digits, emoji) counted with numpy over the code points."""
    joined, starts = _joined(heads)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    counts = []
    for ranges in (_UPPER_RANGES, _DIGIT_RANGES, _EMOJI_RANGES):
        cumulative = np.concatenate([[0], np.cumsum(_in_ranges(codes, ranges))])
        counts.append((cumulative[starts[1:] - len(SEPARATOR)] - cumulative[starts[:-1]]).astype(np.float64))
    return counts


def link_columns(page):
    affiliate, external, sponsored = [], [], []
    for b in page:
        facts = [link_facts(link.href, link.rel, b.page_host) for link in b.links[:MAX_LINKS]]
        affiliate.append(sum(f[0] for f in facts))
        external.append(sum(f[1] for f in facts))
        sponsored.append(any("sponsored" in link.rel for link in b.links[:MAX_LINKS]))
    return np.minimum(affiliate, COUNT_CAP), np.minimum(external, COUNT_CAP), np.asarray(sponsored, dtype=np.float64)


def scanned_text(scanned):
    """(the texts joined, each text's start offset, the quotations' (starts, ends)) of the scanned texts."""
    joined, starts = _joined(scanned)
    return joined, starts, quoted_spans(joined)


def lower_cased(scanned, joined, starts, quotes):
    """scanned_text() of the lower-cased texts, reusing the offsets and quotations when lower-casing keeps every
    length (quotation marks, digits and the separator do not change case; a few letters, such as "İ", lengthen)."""
    lowered = joined.lower()
    if len(lowered) == len(joined):
        return lowered, starts, quotes
    return scanned_text([t.lower() for t in scanned])


def word_columns(scanned, joined, starts, quotes):
    lowered, starts, quotes = lower_cased(scanned, joined, starts, quotes)
    n = len(scanned)
    # an offer quoted in reporting ("the ad read: “claim $50”") is not made to the reader: not counted
    columns = {name: np.minimum(count_matches(p, lowered, starts, n, excluded=quotes), COUNT_CAP)
               for name, p in WORD_COUNTS.items()}
    columns.update({name: np.minimum(count_matches(p, lowered, starts, n), 1.0) for name, p in WORD_FLAGS.items()})
    columns["ad_label"] = np.array([float(len(t) <= MAX_LABEL_CHARS and bool(signals.AD_LABEL.match(t)))
                                    for t in scanned])
    return columns


def quoted_chars(quotes, starts, n):
    """Characters inside quotation marks, per text."""
    quote_starts, quote_ends = quotes
    return per_text(quote_starts.tolist(), starts, n, weights=(quote_ends - quote_starts).tolist())


def token_counts(page, vocabulary):
    return np.minimum([len(vocabulary.intersection(b.tokens)) for b in page], COUNT_CAP)


def page_signal_matrix(page):
    """The SIGNAL_NAMES columns for every block of one page (a sequence of Blocks with context filled in)."""
    n = len(page)
    if n == 0:
        return np.zeros((0, len(SIGNAL_NAMES)))
    lengths = np.array([len(b.text) for b in page], dtype=np.float64)
    scanned = [b.text[:MAX_SCAN_CHARS] for b in page]
    joined, starts, quotes = scanned_text(scanned)
    heads = [t[:MAX_SHAPE_CHARS] for t in scanned]
    head_lengths = np.maximum([len(h) for h in heads], 1)
    upper, digits, emoji = char_class_counts(heads)
    affiliate, external, sponsored = link_columns(page)
    groups = [BLOCK_TAG_GROUPS.get(b.tag, "container") for b in page]
    columns = {
        "log_chars": np.log1p(lengths),
        "log_words": np.log1p([t.count(" ") + 1 for t in scanned]),
        "link_density": np.minimum([b.link_chars for b in page] / np.maximum(lengths, 1), 1.0),
        "links": np.minimum([len(b.links) for b in page], COUNT_CAP),
        "affiliate": affiliate, "external": external, "sponsored_rel": sponsored,
        **word_columns(scanned, joined, starts, quotes),
        "emoji": np.minimum(emoji, COUNT_CAP),
        "exclamation": np.minimum([t.count("!") for t in scanned], COUNT_CAP),
        "upper_share": upper / head_lengths, "digit_share": digits / head_lengths,
        "log_repeats": np.log([b.repeats for b in page]),
        "in_main": np.array([b.in_main for b in page], dtype=np.float64),
        "position": np.array([b.position for b in page], dtype=np.float64),
        "depth": np.minimum([b.depth / 30.0 for b in page], 1.0),
        "short": (lengths < 40).astype(np.float64),
        "sentence_end": np.array([t.rstrip()[-1:] in SENTENCE_ENDS and t.strip() != "" for t in scanned],
                                 dtype=np.float64),
        "quoted_share": np.minimum(quoted_chars(quotes, starts, n) / np.maximum([len(t) for t in scanned], 1),
                                   1.0),
        "boilerplate_tokens": token_counts(page, BOILERPLATE_TOKENS),
        "promo_tokens": token_counts(page, PROMO_TOKENS),
        **{f"tag_{name}": np.array([g == name for g in groups], dtype=np.float64) for name in TAG_GROUPS},
    }
    return np.column_stack([np.asarray(columns[name], dtype=np.float64) for name in SIGNAL_NAMES])


def block_signals(block):
    """The curated signals of one block alone, as {name: value} (for tests and explanations)."""
    return dict(zip(SIGNAL_NAMES, page_signal_matrix([block])[0].tolist()))
