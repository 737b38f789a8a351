"""Annotation helper for real corpus pages (prints third-party text to the terminal only; stores nothing).

    python3 training_data/annotate.py candidates CORPUS [--start N --limit N]   pages with promo-like signals
    python3 training_data/annotate.py show PAGE_ID [--all]                      blocks with hash and ground truth
    python3 training_data/annotate.py review LABELS.jsonl [--start N --limit N]  every block with commercial
        vocabulary and every block labelled promo, with its current label (override or ground truth), for a
        consistency pass over labelled pages

Labels go to training_data/real/<file>.jsonl, one page per line:
    {"page": "wcxb-dev/0001", "site": "example.com", "lang": "en", "url": "...",
     "promo": [hash, ...], "editorial": [hash, ...], "boilerplate": [hash, ...], "note": "own words"}
Only the hashes of blocks whose label differs from the ground truth (or that ground truth leaves open) are needed.
"""
import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from detector import signals  # noqa: E402
from detector.context import add_context  # noqa: E402
from detector.corpus import CorpusReader, ground_truth_label, text_hash  # noqa: E402
from detector.segment import segment  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def flags(block):
    out = []
    if any(signals.affiliate_reasons(link, block.page_host) for link in block.links):
        out.append("AFF")
    if signals.DISCLOSURE.search(block.text) or signals.AD_LABEL.match(block.text[:60]):
        out.append("DISC")
    if signals.CALL_TO_ACTION.search(block.text):
        out.append("CTA")
    if signals.MONEY.search(block.text):
        out.append("MONEY")
    if block.repeats > 1:
        out.append(f"REP{block.repeats}")
    return out


def page_blocks(reader, page_id):
    html = reader.html(page_id)
    blocks = add_context(segment(html), html, reader.url(page_id) or None)
    main = reader.main_text(page_id)
    with_s, without_s = reader.snippets(page_id)
    return [(b, ground_truth_label(b.text, main, with_s, without_s)) for b in blocks]


def show(reader, page_id, show_all):
    print(f"# {page_id} {reader.url(page_id)}")
    for b, gt in page_blocks(reader, page_id):
        f = flags(b)
        if show_all or f or gt == "editorial":
            print(f"{b.index:4d} {text_hash(b.text)} gt={gt or '-':11s} {','.join(f):16s} <{b.tag}> {b.text[:220]}")


def candidates(reader, corpus, start, limit):
    for page_id in reader.page_ids(corpus)[start:start + limit]:
        try:
            rows = [(b, gt, flags(b)) for b, gt in page_blocks(reader, page_id)]
        except Exception as exc:  # a page the tool cannot read is reported, not hidden
            print(f"# {page_id} ERROR {exc}")
            continue
        hits = [(b, gt, f) for b, gt, f in rows if {"AFF", "DISC"} & set(f) or len(f) >= 2]
        print(f"# {page_id} {reader.url(page_id)} blocks={len(rows)} candidates={len(hits)}")
        for b, gt, f in hits[:25]:
            print(f"  {b.index:4d} {text_hash(b.text)} gt={gt or '-':11s} {','.join(f):16s} <{b.tag}> {b.text[:160]}")


COMMERCIAL = re.compile(
    r"trial|demo\b|sign[- ]?up|get started|start (now|for free|free)|\bbuy|\bshop|\bdeals?\b|discount|% off|coupon|"
    r"\bcode\b|\bfree\b|\bprices?\b|[$€£]\s?\d|\border\b|download|install|\bquote|\boffer|\bsave\b|sponsor|\bads?\b|"
    r"advert|affiliat|partner|commission|associate|promo|bonus|cashback|subscri|regist|apply now|join|book a|"
    r"schedule|try |visit (site|website|store)|check (price|availability)|amazon|paid", re.I)
MAX_REVIEW_BLOCK_CHARS = 400   # long paragraphs are article text; the consistency pass looks at short blocks


def review(reader, labels_file, start, limit):
    entries = [json.loads(line) for line in Path(labels_file).read_text(encoding="utf-8").splitlines() if line.strip()]
    for entry in entries[start:start + limit]:
        overrides = {h: label for label in ("promo", "editorial", "boilerplate") for h in entry.get(label, [])}
        try:
            rows = page_blocks(reader, entry["page"])
        except Exception as exc:  # a page the tool cannot read is reported, not hidden
            print(f"# {entry['page']} ERROR {exc}")
            continue
        print(f"# {entry['page']} {entry.get('url', '')} note={entry.get('note', '')!r}")
        for b, gt in rows:
            h = text_hash(b.text)
            label = overrides.get(h) or gt or "-"
            block_flags = flags(b)
            commercial = {"AFF", "DISC"} & set(block_flags) or COMMERCIAL.search(b.text[:300])
            if label == "promo" or (commercial and len(b.text) <= MAX_REVIEW_BLOCK_CHARS):
                source = "set" if h in overrides else "gt"
                print(f"  {b.index:4d} {h} {label:11s}({source}) {','.join(block_flags):12s} <{b.tag}> {b.text[:170]}")


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("candidates")
    c.add_argument("corpus")
    c.add_argument("--start", type=int, default=0)
    c.add_argument("--limit", type=int, default=50)
    s = sub.add_parser("show")
    s.add_argument("page_id")
    s.add_argument("--all", action="store_true")
    r = sub.add_parser("review")
    r.add_argument("labels_file")
    r.add_argument("--start", type=int, default=0)
    r.add_argument("--limit", type=int, default=50)
    parser.add_argument("--corpus-root", default=str(CORPUS))
    args = parser.parse_args()
    reader = CorpusReader(args.corpus_root)
    if args.cmd == "show":
        show(reader, args.page_id, args.all)
    elif args.cmd == "review":
        review(reader, args.labels_file, args.start, args.limit)
    else:
        candidates(reader, args.corpus, args.start, args.limit)


if __name__ == "__main__":
    main()
