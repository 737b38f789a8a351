"""Quick checker for authored pages: counts the labelled elements' text per label.

    python3 training_data/check_authored.py training_data/authored/<site>/*.html
"""
import sys
from lxml import html

BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "th", "figcaption", "dt", "dd"}


def label_of(el):
    for node in [el, *el.iterancestors()]:
        value = node.get("data-pd")
        if value:
            return value
    return "boilerplate"


def main(paths):
    for path in paths:
        root = html.parse(path).getroot()
        lang = root.get("lang")
        counts = {}
        for el in root.iter(*BLOCK_TAGS):
            text = " ".join(el.text_content().split())
            if text:
                lab = label_of(el)
                counts[lab] = counts.get(lab, 0) + 1
        bad = {v for v in (e.get("data-pd") for e in root.iter()) if v} - {"editorial", "promo", "boilerplate"}
        print(f"{path}: lang={lang} {counts}" + (f" BAD LABELS {bad}" if bad else ""))


if __name__ == "__main__":
    main(sys.argv[1:])
