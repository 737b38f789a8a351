"""Training and evaluation data: authored pages (labels in `data-pd` attributes) and real corpus pages
(labels stored as hashes of block text, resolved against ../shared/corpora at load time).

A `Page` is the unit of splitting: one site's page, its blocks and one label per block (None = unlabelled).
"""
import gzip
import hashlib
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path


from .context import add_context, normalise
from .encoding import decode_html
from .segment import parse, segment

LABEL_ATTR = "data-pd"
DEFAULT_AUTHORED_LABEL = "boilerplate"
MIN_EDITORIAL_MATCH_CHARS = 20   # shorter blocks found in the main text are ambiguous ("Share", a date): unlabelled
HASH_CHARS = 16


@dataclass
class Page:
    page_id: str
    site: str
    lang: str
    source: str
    blocks: list
    labels: list
    html: str = ""


_TYPOGRAPHY = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
                             "\u00ab": '"', "\u00bb": '"', "\u2013": "-", "\u2014": "-", "\u00a0": " ",
                             "\u2026": "...", "\u00b4": "'", "\u2032": "'"})


def fold(text):
    """Normalised text with typographic quotes, dashes and spaces folded, for matching against ground truth."""
    return normalise(text.translate(_TYPOGRAPHY))


def text_hash(text):
    """The locator of a block in a real page: a hash of its normalised text (no third-party text is stored)."""
    return hashlib.sha1(normalise(text).encode("utf-8")).hexdigest()[:HASH_CHARS]


def page_lang(html_text):
    match = re.search(r"<html[^>]*\slang=[\"']?([a-zA-Z]{2})", html_text[:5000], re.I)
    return match.group(1).lower() if match else "?"


def load_authored(directory):
    """Authored pages: training_data/authored/<site>/<page>.html, labels from data-pd attributes."""
    pages = []
    for path in sorted(Path(directory).glob("*/*.html")):
        html = path.read_text(encoding="utf-8")
        raw = segment(html, label_attr=LABEL_ATTR)
        blocks = add_context([_without_annotation(b) for b in raw], html)
        labels = [b.annotation or DEFAULT_AUTHORED_LABEL for b in raw]
        pages.append(Page(page_id=f"authored/{path.parent.name}/{path.stem}", site=path.parent.name,
                          lang=page_lang(html), source="authored", blocks=blocks, labels=labels, html=html))
    return pages


def _without_annotation(block):
    return replace(block, annotation=None)


# --- real pages -------------------------------------------------------------------------------------------------

def _read_gz(path):
    return decode_html(gzip.open(path).read())


def _html_text(html):
    root = parse(html)
    return " ".join(root.xpath("string(//body)").split()) if root is not None else ""


class CorpusReader:
    """Finds a real page's HTML and its main-content ground truth under a corpus directory."""

    def __init__(self, root):
        self.root = Path(root)
        self._aeb = self._tra = None

    def html_path(self, page_id):
        corpus, name = page_id.split("/", 1)
        return {
            "wcxb-dev": self.root / "wcxb-dev" / "html" / f"{name}.html.gz",
            "article-extraction-benchmark": self.root / corpus / "html" / f"{name}.html.gz",
            "readability-testpages": self.root / corpus / name / "source.html.gz",
            "trafilatura-eval": self.root / corpus / "pages" / f"{name}.gz",
            "affiliate-signals": self.root / corpus / "postlight-parser" / f"{name}.gz",
        }[corpus]

    def html(self, page_id):
        return _read_gz(self.html_path(page_id))

    def main_text(self, page_id):
        """Normalised main text of the page, or None when the corpus gives only snippets."""
        corpus, name = page_id.split("/", 1)
        if corpus == "wcxb-dev":
            data = json.loads((self.root / corpus / "ground-truth" / f"{name}.json").read_text(encoding="utf-8"))
            return fold((data.get("ground_truth") or {}).get("main_content") or "")   # none given: no main text
        if corpus == "article-extraction-benchmark":
            if self._aeb is None:
                self._aeb = json.loads((self.root / corpus / "ground-truth.json").read_text(encoding="utf-8"))
            return fold(self._aeb[name]["articleBody"])
        if corpus == "readability-testpages":
            return fold(_html_text(_read_gz(self.root / corpus / name / "expected.html.gz")))
        return None

    def url(self, page_id):
        """The page's original URL where the corpus records one ("" otherwise)."""
        corpus, name = page_id.split("/", 1)
        if corpus == "wcxb-dev":
            data = json.loads((self.root / corpus / "ground-truth" / f"{name}.json").read_text(encoding="utf-8"))
            return data.get("url") or ""
        if corpus == "article-extraction-benchmark":
            self.main_text(page_id)
            return self._aeb[name].get("url") or ""
        if corpus == "trafilatura-eval":
            self.snippets(page_id)
            return self._tra.get(name, {}).get("url", "")
        return ""

    def page_ids(self, corpus):
        """All page ids of one corpus folder."""
        base = self.root / corpus
        if corpus == "readability-testpages":
            return sorted(f"{corpus}/{p.parent.name}" for p in base.glob("*/source.html.gz"))
        folder = {"wcxb-dev": "html", "article-extraction-benchmark": "html", "trafilatura-eval": "pages",
                  "affiliate-signals": "postlight-parser"}[corpus]
        suffix = ".html.gz" if corpus in ("wcxb-dev", "article-extraction-benchmark") else ".gz"
        return sorted(f"{corpus}/{p.name[:-len(suffix)]}" for p in (base / folder).glob(f"*{suffix}"))

    def snippets(self, page_id):
        """(with, without) snippets for trafilatura-eval pages."""
        corpus, name = page_id.split("/", 1)
        if corpus != "trafilatura-eval":
            return [], []
        if self._tra is None:
            data = json.loads((self.root / corpus / "evaldata.json").read_text(encoding="utf-8"))
            self._tra = {v["file"]: {**v, "url": url} for url, v in data.items()}
        entry = self._tra.get(name, {})
        return [fold(s) for s in entry.get("with", [])], [fold(s) for s in entry.get("without", [])]


def ground_truth_label(block_text, main_text, with_snippets, without_snippets):
    """editorial / boilerplate / None from main-content ground truth alone."""
    text = fold(block_text)
    if main_text is not None:
        if text in main_text:
            return "editorial" if len(text) >= MIN_EDITORIAL_MATCH_CHARS else None
        return "boilerplate"
    if any(s in text for s in with_snippets if s):
        return "editorial"
    if any(s in text for s in without_snippets if s):
        return "boilerplate"
    return None


def load_real_page(reader, entry):
    """One annotated real page: ground truth gives editorial/boilerplate, the entry's hashes override it."""
    page_id = entry["page"]
    html = reader.html(page_id)
    blocks = add_context(segment(html), html, entry.get("url") or None)
    main_text = reader.main_text(page_id)
    with_s, without_s = reader.snippets(page_id)
    overrides = {h: label for label in ("promo", "editorial", "boilerplate") for h in entry.get(label, [])}
    labels = []
    for b in blocks:
        label = overrides.get(text_hash(b.text))
        labels.append(label or ground_truth_label(b.text, main_text, with_s, without_s))
    resolved = {text_hash(b.text) for b in blocks} & set(overrides)
    page = Page(page_id=page_id, site=entry.get("site") or page_id, lang=entry.get("lang", "?"),
                source=page_id.split("/", 1)[0], blocks=blocks, labels=labels, html=html)
    return page, len(overrides) - len(resolved)


def load_real(labels_file, corpus_root):
    """(pages, unresolved label count); ([], 0) with a note when the corpus is absent."""
    corpus_root = Path(corpus_root)
    if not corpus_root.is_dir() or not Path(labels_file).is_file():
        return [], 0
    reader = CorpusReader(corpus_root)
    pages, unresolved = [], 0
    for line in Path(labels_file).read_text(encoding="utf-8").splitlines():
        if line.strip():
            page, missing = load_real_page(reader, json.loads(line))
            pages.append(page)
            unresolved += missing
    return pages, unresolved


__all__ = ["Page", "CorpusReader", "load_authored", "load_real", "text_hash", "ground_truth_label"]
