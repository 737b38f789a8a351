"""Arguments of `promo-detector audit` (kept free of heavy imports: the parser is built on every CLI call)."""


def add_arguments(parser):
    parser.add_argument("inputs", nargs="+", metavar="INPUT")
    parser.add_argument("--out", required=True)


def run_audit(args):
    raise NotImplementedError("audit is not built yet")
