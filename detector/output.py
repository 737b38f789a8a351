"""Verdicts as the CLI's records: the jsonl contract and the human text view."""

PROMO_MARK_START, PROMO_MARK_END = "\x1b[7m", "\x1b[0m"


def verdict_record(source, verdict, blocks="all"):
    """The `--format jsonl` object for one page: {"source", "model", "has_promo", "promo_share", "blocks", "inserts"}."""
    return {"source": source, **verdict.to_dict(blocks)}


def error_record(source, error):
    return {"source": source, "error": {"code": getattr(error, "code", "error"), "message": str(error)}}


def text_view(source, verdict, colour=False):
    """The article with promo inserts marked: editorial text plain, promo blocks bracketed, boilerplate omitted."""
    lines = [f"== {source}: {len(verdict.inserts)} insert(s), promo share {verdict.promo_share:.1%}"]
    for b in verdict.blocks:
        if b.label == "promo":
            mark = f"[PROMO {b.score:.2f}: {', '.join(b.reasons)}] {b.text}"
            lines.append(f"{PROMO_MARK_START}{mark}{PROMO_MARK_END}" if colour else mark)
        elif b.label == "editorial":
            lines.append(b.text)
    return "\n".join(lines)
