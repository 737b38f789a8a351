"""A scored page with its promo inserts removed (reader mode) or marked for review (highlight mode).

Flask-free; used by the service's /v1/clean. The page is parsed with `detector.segment.parse`, the same parser
the verdict came from, so each block's `path` (the lxml getpath() XPath of the block's owner element) resolves
to the element it was read from. An element is removed (or marked) whole only when every block it holds is
promo; a promo block that is a text run inside a container that also holds editorial text is removed (or
wrapped in a marked <span>) alone, so the editorial parent is never lost.
"""
import re
from collections import defaultdict
from dataclasses import dataclass, field

from lxml import etree

from .segment import INLINE_TAGS, INVISIBLE_TAGS, is_hidden, parse

MODES = ("remove", "highlight")
HAS_DOCTYPE = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<!doctype", re.I | re.S)
PROMO_ATTR = "data-promo"
REASONS_ATTR = "data-promo-reasons"
OUTLINE = "outline: 3px solid #d93025 !important; outline-offset: 2px;"
STYLE_RULE = ("[data-promo]{outline:3px solid #d93025 !important;outline-offset:2px;"
              "background:rgba(217,48,37,.07) !important}")


@dataclass
class Run:
    """One text run of an owner element: its leading text (owner.text or a block child's tail) + inline children."""

    anchor: object = None          # (element, "text" | "tail") whose string starts the run, or None
    children: list = field(default_factory=list)
    pieces: list = field(default_factory=list)

    @property
    def text(self):
        return " ".join("".join(self.pieces).split())


def clean_html(html_text, verdict, mode="remove", root=None):
    """The page's HTML with the verdict's promo blocks removed (mode="remove") or marked (mode="highlight").
    `root`, when given, is the tree the verdict was scored on (`Detector.score_with_tree`); it is edited in place."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    root = parse(html_text) if root is None else root
    tree = root.getroottree()
    wholes, partials = plan(tree, verdict.blocks)       # resolve every path before the tree changes
    changed = 0
    for element, blocks in wholes:
        changed += remove_element(element) if mode == "remove" else mark_element(element, blocks)
    for element, blocks in partials:
        changed += edit_runs(element, blocks, mode)
    if mode == "highlight" and changed:
        add_style(root)
    return serialize(tree, html_text)


def serialize(tree, html_text):
    """HTML text of the tree, with the page's own doctype (lxml would add an HTML 4.0 one to a page without)."""
    if HAS_DOCTYPE.match(html_text[:4096]):
        return etree.tostring(tree, method="html", encoding="unicode")
    return etree.tostring(tree.getroot(), method="html", encoding="unicode")


def ancestor_paths(path):
    """'/html/body/div[2]/p' → '/html', '/html/body', '/html/body/div[2]', '/html/body/div[2]/p'."""
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(2, len(parts) + 1)]


def resolve(tree, path):
    try:
        found = tree.xpath(path)
    except etree.XPathError:
        return None
    return found[0] if found and isinstance(found[0], etree._Element) else None


def plan(tree, blocks):
    """([(element, its promo blocks)] to remove whole, [(element, its own promo blocks)] to edit run by run)."""
    by_path = defaultdict(list)
    not_promo_under = set()
    for block in blocks:
        by_path[block.path].append(block)
        if block.label != "promo":
            not_promo_under.update(ancestor_paths(block.path))
    promo_paths = sorted((p for p, bs in by_path.items() if any(b.label == "promo" for b in bs)), key=len)
    whole_paths, wholes, partials = [], [], []
    for path in promo_paths:
        if any(path.startswith(w + "/") for w in whole_paths):
            continue                                      # inside an element already taken whole
        element = resolve(tree, path)
        if element is None:
            continue
        promo = [b for b in by_path[path] if b.label == "promo"]
        if path in not_promo_under:
            partials.append((element, by_path[path]))
        else:
            whole_paths.append(path)
            wholes.append((element, promo))
    return wholes, partials


def remove_element(element):
    """Remove an element but keep its tail text (which belongs to the parent's next run)."""
    parent = element.getparent()
    if parent is None:
        for child in list(element):
            element.remove(child)
        element.text = None
        return 1
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)
    return 1


def mark_element(element, blocks):
    element.set(PROMO_ATTR, f"{max(b.score for b in blocks):.2f}")
    reasons = sorted({r for b in blocks for r in b.reasons})
    if reasons:
        element.set(REASONS_ATTR, "; ".join(reasons))
    style = (element.get("style") or "").strip()
    element.set("style", f"{style}{';' if style and not style.endswith(';') else ''} {OUTLINE}".strip())
    return 1


def is_opaque(child):
    """Content the segmenter skips (comments, invisible or hidden elements): it joins the run, adds no text."""
    return not isinstance(child.tag, str) or child.tag in INVISIBLE_TAGS or is_hidden(child)


def visible_text(element):
    """The text the segmenter reads from an inline element (its tail excluded)."""
    if is_opaque(element):
        return ""
    pieces = [element.text or ""]
    for child in element:
        pieces.append(visible_text(child))
        pieces.append(child.tail or "")
    return "".join(pieces)


def has_block_inside(element):
    return any(isinstance(el.tag, str) and el.tag not in INLINE_TAGS and not is_opaque(el)
               for el in element.iterdescendants())


def runs_of(owner):
    """The owner's own text runs in document order, split where the segmenter splits them."""
    runs = [Run(anchor=(owner, "text"), pieces=[owner.text or ""])]
    last_was_br = False
    for child in owner:
        current = runs[-1]
        if is_opaque(child):
            current.children.append(child)
        elif child.tag == "br":
            if last_was_br:
                runs.append(Run())
                current = runs[-1]
            current.children.append(child)
            current.pieces.append("\n")
            last_was_br = True
        elif child.tag in INLINE_TAGS and not has_block_inside(child):
            text = visible_text(child)
            current.children.append(child)
            current.pieces.append(text)
            last_was_br = last_was_br and not text.strip()
        else:                                             # a block child ends the run; its tail starts the next
            runs.append(Run(anchor=(child, "tail"), pieces=[child.tail or ""]))
            last_was_br = False
            continue
        if child.tail:
            runs[-1].pieces.append(child.tail)
            last_was_br = last_was_br and not child.tail.strip()
    return [run for run in runs if run.text]


def match_runs(runs, blocks):
    """Pairs (run, block): by position when the runs line up with the blocks, else by equal text in order."""
    if len(runs) == len(blocks) and all(r.text == b.text for r, b in zip(runs, blocks)):
        return list(zip(runs, blocks))
    pairs, start = [], 0
    for block in blocks:
        for i in range(start, len(runs)):
            if runs[i].text == block.text:
                pairs.append((runs[i], block))
                start = i + 1
                break
    return pairs


def edit_runs(owner, blocks, mode):
    """Remove or wrap the owner's promo text runs, leaving its editorial runs and children in place."""
    changed = 0
    for run, block in match_runs(runs_of(owner), sorted(blocks, key=lambda b: b.index)):
        if block.label == "promo":
            (remove_run if mode == "remove" else wrap_run)(owner, run, block)
            changed += 1
    return changed


def take_anchor_text(run):
    if run.anchor is None:
        return ""
    element, attr = run.anchor
    text = getattr(element, attr) or ""
    setattr(element, attr, None)
    return text


def remove_run(owner, run, block):
    take_anchor_text(run)
    for child in run.children:
        if child.getparent() is owner:
            owner.remove(child)                           # lxml removes the child's tail with it


def wrap_run(owner, run, block):
    wrapper = etree.Element("span")
    if run.children:
        position = owner.index(run.children[0])
    elif run.anchor and run.anchor[1] == "tail":
        position = owner.index(run.anchor[0]) + 1
    else:
        position = 0
    wrapper.text = take_anchor_text(run)
    for child in run.children:
        wrapper.append(child)                             # moves the child with its tail
    mark_element(wrapper, [block])
    owner.insert(position, wrapper)


def add_style(root):
    head = root.find("head")
    if head is None:
        head = etree.Element("head")
        root.insert(0, head)
    style = etree.SubElement(head, "style")
    style.set("data-promo-style", "")
    style.text = STYLE_RULE


__all__ = ["MODES", "clean_html"]
