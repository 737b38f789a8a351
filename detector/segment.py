"""HTML text → blocks: the visible text of each paragraph-level element, in document order.

A block boundary is any element that is not inline (p, li, h1-h6, td, div, section, ...). Text directly inside a
container (a `<div>` holding text and inline elements) becomes a block of its own between the container's child
blocks, so every visible text lands in exactly one block. Invisible content (script, style, template, hidden
elements, comments) lands in none. The parser (lxml's libxml2 HTML parser) stays behind this module.
"""
import re

from lxml import etree

from .errors import InputError
from .types import Block, Link

INLINE_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "img", "ins",
    "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
    "strike", "big", "nobr", "label", "output", "meter", "progress", "picture", "source", "ruby", "rt", "rp",
})
INVISIBLE_TAGS = frozenset({
    "script", "style", "template", "noscript", "head", "title", "meta", "link", "svg", "math", "iframe",
    "object", "embed", "canvas", "audio", "video", "map", "select", "datalist", "input", "textarea", "frameset",
    "noframes", "param", "track",
})
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
MAX_TOKENS_PER_ELEMENT = 12
MAX_TOKEN_LENGTH = 30
MAX_ANCESTOR_TOKENS = 40
MAX_NESTING = 2000             # libxml2 stops nesting at 2048 (huge_tree) and drops deeper text: refuse such pages


EMPTY_PAGE = "<html><body></body></html>"


def parse(text):
    """Parse an HTML string into a plain lxml root element (never None, never raises on bad markup)."""
    parser = etree.HTMLParser(remove_comments=False, no_network=True, huge_tree=True)
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text, count=1)  # lxml refuses str input with an XML declaration
    root = etree.fromstring(text or EMPTY_PAGE, parser)
    return root if root is not None else etree.fromstring(EMPTY_PAGE, parser)


def is_hidden(el):
    return (el.get("hidden") is not None or el.get("aria-hidden") == "true"
            or bool(HIDDEN_STYLE.search(el.get("style") or "")))


def hidden_elements(root):
    """The hidden elements of the tree, found by one XPath query over the few that carry a hiding attribute (the
    set holds the element proxies, so lxml hands the walk the same objects and membership is by identity)."""
    return {el for el in root.xpath("//*[@hidden or @aria-hidden or @style]") if is_hidden(el)}


def element_tokens(el):
    """Lower-case class and id tokens of one element (split on non-alphanumerics)."""
    classes, element_id = el.get("class"), el.get("id")
    if not classes and not element_id:
        return []
    raw = f"{classes or ''} {element_id or ''}".lower()
    return [t for t in TOKEN_SPLIT.split(raw) if 1 < len(t) <= MAX_TOKEN_LENGTH][:MAX_TOKENS_PER_ELEMENT]


class _Segmenter:
    """One pass over the tree with lxml's iterwalk; collects text runs into blocks."""

    def __init__(self, root, label_attr):
        self.tree = root.getroottree()
        self.label_attr = label_attr
        self.owners = [root]
        self.pieces, self.links = [], []
        self.blocks = []
        self.last_was_br = False
        self._token_cache = {}

    def run(self, root):
        walker = etree.iterwalk(root, events=("start", "end"))
        depth = 0
        hidden = hidden_elements(root)
        for event, el in walker:
            if event == "start":
                depth += 1
                if depth >= MAX_NESTING:
                    raise InputError(f"HTML nested more than {MAX_NESTING} elements deep; refusing a page whose "
                                     "deepest text the parser would drop", code="too_deeply_nested")
                tag = el.tag
                if not isinstance(tag, str) or tag in INVISIBLE_TAGS or el in hidden:
                    walker.skip_subtree()
                    continue
                self.start(el, tag)
            else:
                depth -= 1
                if self.owners[-1] is el:
                    self.flush()
                    self.owners.pop()
                self.add_text(el.tail)
        self.flush()
        return self.blocks

    def start(self, el, tag):
        if tag == "br":
            if self.last_was_br:
                self.flush()
            self.last_was_br = True
            self.pieces.append("\n")
            return
        if tag not in INLINE_TAGS:
            self.flush()
            self.owners.append(el)
        elif tag == "a" and el.get("href") is not None:
            self.links.append(Link(href=el.get("href").strip(), text=" ".join("".join(el.itertext()).split()),
                                   rel=(el.get("rel") or "").lower()))
        self.add_text(el.text)

    def add_text(self, text):
        if text:
            self.pieces.append(text)
            if not text.isspace():
                self.last_was_br = False

    def flush(self):
        if self.pieces or self.links:  # most boundaries close nothing: skip the join
            text = " ".join("".join(self.pieces).split())
            if text:
                self.blocks.append(self.make_block(text))
            self.pieces, self.links = [], []
        self.last_was_br = False

    def make_block(self, text):
        owner = self.owners[-1]
        path = self.tree.getpath(owner)
        return Block(index=len(self.blocks), text=text, tag=owner.tag, path=path,
                     tokens=self.tokens(owner), links=tuple(self.links), depth=len(self.owners),
                     container=path.rsplit("/", 1)[0], annotation=self.annotation(owner))

    def tokens(self, el):
        """Class/id tokens of el and its ancestors, nearest first (cached per element, computed iteratively)."""
        chain = []
        node = el
        while node is not None and node not in self._token_cache:  # the dict keeps proxies alive: stable keys
            chain.append(node)
            node = node.getparent()
        inherited = self._token_cache.get(node, ()) if node is not None else ()
        for node in reversed(chain):
            inherited = (tuple(element_tokens(node)) + inherited)[:MAX_ANCESTOR_TOKENS]
            self._token_cache[node] = inherited
        return self._token_cache[el]

    def annotation(self, el):
        if not self.label_attr:
            return None
        for node in (el, *el.iterancestors()):
            value = node.get(self.label_attr)
            if value:
                return value
        return None


def segment(text, label_attr=None):
    """HTML (str) → list of Blocks in document order.

    `label_attr`, when given (training only), copies the nearest ancestor-or-self value of that attribute into
    each block's `annotation`; features never read it.
    """
    return segment_root(parse(text), label_attr)


def segment_root(root, label_attr=None):
    """The blocks of an already parsed page (a root from `parse`); the tree is only read."""
    return _Segmenter(root, label_attr).run(root)
