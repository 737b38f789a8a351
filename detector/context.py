"""Page-level context for each block: position, repetition within the page, main-content region, site host.

This is jusText's "context" pass done before classification: facts about a block that only the whole page knows.
"""
import re
from collections import Counter

from .signals import link_host

MIN_REPEAT_CHARS = 15          # shorter texts ("Share", "Menu") repeat on every page; not a signal
MIN_MAIN_BLOCK_CHARS = 80      # blocks this long with few links vote for the main-content region
MAX_MAIN_LINK_DENSITY = 0.3
MAIN_REGION_SHARE = 0.6        # the main region is the deepest element holding this share of the votes
MIN_HOST_LINKS = 5             # without a canonical URL, a host names the site only if this many links point there
_CANONICAL = re.compile(r"""<link[^>]+rel=["']?canonical["']?[^>]*href=["']([^"']+)|"""
                        r"""<meta[^>]+property=["']og:url["'][^>]*content=["']([^"']+)""", re.I)


def normalise(text):
    return " ".join(text.lower().split())


def page_host(blocks, html_text="", url=None):
    """The site's own host: from the URL if given, the canonical/og:url link, else the commonest link host."""
    if url:
        return link_host(url).removeprefix("www.")
    match = _CANONICAL.search(html_text[:200_000])
    if match:
        return link_host(match.group(1) or match.group(2)).removeprefix("www.")
    hosts = Counter(link_host(link.href).removeprefix("www.") for b in blocks for link in b.links)
    relative = hosts.pop("", 0)  # relative links are the site's own
    host, count = hosts.most_common(1)[0] if hosts else ("", 0)
    return host if count > relative and count >= MIN_HOST_LINKS else ""


def ancestors(path):
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(2, len(parts) + 1)]


def main_region(blocks):
    """The path of the deepest element holding MAIN_REGION_SHARE of the long, link-poor blocks' text."""
    votes = Counter()
    for b in blocks:
        if len(b.text) >= MIN_MAIN_BLOCK_CHARS and b.link_chars <= MAX_MAIN_LINK_DENSITY * len(b.text):
            for path in ancestors(b.container):
                votes[path] += len(b.text)
    if not votes:
        return None
    best = max(votes.values())
    return max((p for p, v in votes.items() if v >= MAIN_REGION_SHARE * best), key=lambda p: p.count("/"))


def add_context(blocks, html_text="", url=None):
    """Blocks with position, repeats, in_main and page_host filled in."""
    n = len(blocks)
    keys = [normalise(b.text) if len(b.text) >= MIN_REPEAT_CHARS else None for b in blocks]
    counts = Counter(k for k in keys if k is not None)
    main = main_region(blocks)
    host = page_host(blocks, html_text, url)
    inside = (main + "/") if main is not None else None
    return [b.with_context(b.index / max(n - 1, 1), counts[k] if k is not None else 1,
                           inside is not None and (b.path + "/").startswith(inside), host)
            for b, k in zip(blocks, keys)]
