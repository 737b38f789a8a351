"""Group consecutive promo blocks into inserts; recognise repeats; find disclosures; explain promo labels."""
import re

from . import signals
from .types import Insert

REPEAT_SIMILARITY = 0.8        # word-set Jaccard above which two inserts are the same insert repeated
MAX_REASONS = 4
_WORD = re.compile(r"\w+")


def promo_runs(labels):
    """Index lists of maximal runs of consecutive 'promo' labels."""
    runs, current = [], []
    for i, label in enumerate(labels):
        if label == "promo":
            current.append(i)
        elif current:
            runs.append(current)
            current = []
    return runs + ([current] if current else [])


def is_disclosure(block):
    return bool(signals.DISCLOSURE.search(block.text[:500]) or signals.AD_LABEL.match(block.text[:60]))


def is_disclosed(blocks, run):
    """A disclosure label in the insert or in the block right before/after it, or a rel="sponsored" link."""
    lo, hi = max(run[0] - 1, 0), min(run[-1] + 2, len(blocks))
    return any(is_disclosure(blocks[i]) for i in range(lo, hi)) or any(
        "sponsored" in link.rel for i in run for link in blocks[i].links)


def _words(text):
    return frozenset(w.lower() for w in _WORD.findall(text))


def _similar(a, b):
    return bool(a or b) and len(a & b) / max(len(a | b), 1) >= REPEAT_SIMILARITY


def find_inserts(blocks, labels, scores):
    """Inserts (runs of promo blocks) with score, disclosure, link hosts, networks and repeat_of."""
    inserts, seen = [], []
    for run in promo_runs(labels):
        text = " ".join(blocks[i].text for i in run)
        words = _words(text)
        repeat_of = next((k for k, other in enumerate(seen) if _similar(words, other)), None)
        seen.append(words)
        hosts = sorted({signals.link_host(link.href) for i in run for link in blocks[i].links} - {""})
        networks = sorted({n for n in map(signals.affiliate_network, hosts) if n})
        inserts.append(Insert(blocks=tuple(run), text=text, score=max(scores[i] for i in run),
                              disclosed=is_disclosed(blocks, run), repeat_of=repeat_of,
                              link_hosts=tuple(hosts), networks=tuple(networks)))
    return inserts


def reasons_for(block):
    """Short, human-readable signals behind a promo label, strongest first."""
    reasons = []
    for link in block.links[:10]:
        reasons += signals.affiliate_reasons(link, block.page_host)
    if block.repeats > 1:
        reasons.append(f"repeated {block.repeats}× in page")
    if is_disclosure(block):
        reasons.append("disclosure label")
    if signals.CALL_TO_ACTION.search(block.text[:2000]):
        reasons.append("call to action")
    if signals.MONEY.search(block.text[:2000]) or signals.PERCENT.search(block.text[:2000]):
        reasons.append("price or bonus amount")
    if signals.BONUS_WORDS.search(block.text[:2000]):
        reasons.append("offer wording")
    if signals.EMOJI.search(block.text[:2000]):
        reasons.append("emoji")
    return list(dict.fromkeys(reasons))[:MAX_REASONS] or ["text and layout like known inserts"]
