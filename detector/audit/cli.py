"""Arguments of `promo-detector audit` (kept free of heavy imports: the parser is built on every CLI call)."""
import os
import sys

SCHEDULER_HELP = ("where chunks run: 'processes' (default: a local process pool, --workers processes), "
                  "'local' (this process only), or dask://HOST:PORT (a Dask scheduler)")


def add_arguments(parser):
    from ..cli import default_model

    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="directories, globs or files: .html(.gz), .jsonl(.gz), .csv(.gz), .parquet, .warc(.gz)")
    parser.add_argument("--out", required=True, metavar="DIR", help="output directory (created)")
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: all cores)")
    parser.add_argument("--scheduler", default="processes", help=SCHEDULER_HELP)
    parser.add_argument("--resume", action="store_true", help="continue an interrupted audit in DIR")
    parser.add_argument("--model", default=default_model())
    parser.add_argument("--chunk-size", type=int, default=32, help="pages per unit of work (default 32)")
    parser.add_argument("--max-bytes", type=int, default=20 * 1024 * 1024, help="largest page accepted")
    parser.add_argument("--keep-parts", action="store_true", help="keep DIR/.audit/parts after finishing")
    parser.add_argument("--no-count", action="store_true", help="skip counting records first (no ETA)")
    parser.add_argument("--quiet", action="store_true", help="no progress line")
    for field, default in (("html", "html"), ("id", "id"), ("url", "url"), ("date", None), ("section", None),
                           ("author", None)):
        auto = "" if default else " (default: the first of the usual names present)"
        parser.add_argument(f"--{field}-column", default=default, help=f"{field} column in JSONL/CSV/Parquet{auto}")


def columns_of(args):
    from .sources import Columns

    return Columns(html=args.html_column, id=args.id_column, url=args.url_column, date=args.date_column,
                   section=args.section_column, author=args.author_column)


def run_audit(args):
    from .audit import AuditOptions, audit
    from .checkpoint import ResumeMismatch
    from .runner import AuditAborted

    options = AuditOptions(inputs=list(args.inputs), out=args.out, model=args.model, workers=args.workers,
                           scheduler=args.scheduler, resume=args.resume, chunk_size=args.chunk_size,
                           max_bytes=args.max_bytes, columns=columns_of(args), keep_parts=args.keep_parts,
                           count=not args.no_count, progress=False if args.quiet else None)
    try:
        summary = audit(options)
    except (ResumeMismatch, AuditAborted, OSError, ValueError) as exc:
        print(f"promo-detector audit: {exc}", file=sys.stderr)
        return 1
    print(f"audited {summary['articles']:,} articles ({summary['errors']:,} errors), {summary['inserts']:,} inserts "
          f"({summary['undisclosed_inserts']:,} undisclosed) → {os.path.join(args.out, 'report.html')}")
    return 0
