"""Command line: `promo-detector score|train|evaluate|audit|serve`. Argument parsing only; the work is elsewhere."""
import argparse
import json
import logging
import os
import sys
from pathlib import Path

from .encoding import DEFAULT_MAX_BYTES
from .errors import InputError, ModelError

PROJECT = Path(__file__).resolve().parents[1]
DEFAULT_MODEL = PROJECT / "models" / "promo-detector-v1"


def default_model():
    return os.environ.get("PROMO_DETECTOR_MODEL") or str(DEFAULT_MODEL)


def cmd_score(args):
    from .model import Detector
    from .output import error_record, text_view, verdict_record
    from .progress import Progress
    from .sources import read_source

    detector = Detector.load(args.model)
    failures, records = 0, []
    progress = Progress(total=len(args.files), label="files", enabled=None if len(args.files) > 1 else False)
    colour = sys.stdout.isatty()
    for source in args.files:
        try:
            verdict = detector.score(read_source(source, args.max_bytes))
        except InputError as exc:
            failures += 1
            print(f"promo-detector: {source}: {exc}", file=sys.stderr)
            records.append(error_record(source, exc)) if args.format == "json" else None
            progress.update()
            continue
        if args.format == "jsonl":
            print(json.dumps(verdict_record(source, verdict), ensure_ascii=False), flush=True)
        elif args.format == "json":
            records.append(verdict_record(source, verdict))
        else:
            print(text_view(source, verdict, colour))
        progress.update()
    progress.close()
    if args.format == "json":
        print(json.dumps(records, ensure_ascii=False, indent=2))
    return 1 if failures else 0


def cmd_train(args):
    from .train import train

    manifest, metrics = train(authored=args.authored, real_labels=args.real_labels, corpus=args.corpus,
                              shared=args.shared, out=args.out, seed=args.seed, evaluate=not args.no_evaluate)
    summary = metrics.get("dev", {}).get("groups", {}).get("all", {})
    print(f"model written to {args.out} (sha256 {manifest['sha256'][:12]}…); dev: {json.dumps(summary)}")
    return 0


def cmd_evaluate(args):
    if args.folds:
        return cmd_cross_validate(args)
    from .evaluate import gate
    from .train import evaluate_only

    metrics = evaluate_only(authored=args.authored, real_labels=args.real_labels, corpus=args.corpus,
                            shared=args.shared, seed=args.seed)
    print(json.dumps({"dev": metrics["dev"]["groups"].get("all"), "snippets": metrics.get("snippets")},
                     ensure_ascii=False, indent=1))
    baseline_path = Path(args.model) / "metrics.json"
    if args.gate:
        failures = gate(metrics, json.loads(baseline_path.read_text(encoding="utf-8")))
        for failure in failures:
            print(f"gate: FAIL {failure}", file=sys.stderr)
        print("gate: " + ("failed" if failures else f"passed against {baseline_path}"), file=sys.stderr)
        return 1 if failures else 0
    return 0


def cmd_cross_validate(args):
    from .model_card import record_cross_validation
    from .train import cross_validate

    if args.folds < 2:
        raise SystemExit("promo-detector evaluate: --folds needs at least 2 folds")
    result = cross_validate(args.folds, authored=args.authored, real_labels=args.real_labels, corpus=args.corpus,
                            seed=args.seed)
    print(json.dumps({"folds": result["folds"], "promo_f1_per_fold": result["promo_f1_per_fold"],
                      "pooled": result["groups"].get("all")}, ensure_ascii=False, indent=1))
    if args.record:
        record_cross_validation(Path(args.model), result)
        print(f"recorded in {Path(args.model) / 'metrics.json'} and the model card", file=sys.stderr)
    return 0


def cmd_serve(args):
    from service.server import serve

    return serve(host=args.host, port=args.port, workers=args.workers, model=args.model)


def cmd_audit(args):
    from .audit.cli import run_audit

    return run_audit(args)


def data_options(parser):
    from .train import DEFAULTS

    parser.add_argument("--authored", default=str(DEFAULTS["authored"]), help="authored pages directory")
    parser.add_argument("--real-labels", default=str(DEFAULTS["real_labels"]), help="real-page labels directory")
    parser.add_argument("--corpus", default=str(DEFAULTS["corpus"]), help="corpus root (../shared/corpora)")
    parser.add_argument("--shared", default=str(DEFAULTS["shared"]), help="shared/ folder with eval and gold")
    parser.add_argument("--seed", type=int, default=0)


def build_parser():
    parser = argparse.ArgumentParser(prog="promo-detector", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command", required=True)

    score = sub.add_parser("score", help="score HTML files (or - for stdin)")
    score.add_argument("files", nargs="+", metavar="FILE")
    score.add_argument("--format", choices=("json", "jsonl", "text"), default="text")
    score.add_argument("--model", default=default_model())
    score.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES)
    score.set_defaults(func=cmd_score)

    train = sub.add_parser("train", help="train the model from training_data/")
    data_options(train)
    train.add_argument("--out", default=str(DEFAULT_MODEL))
    train.add_argument("--no-evaluate", action="store_true")
    train.set_defaults(func=cmd_train)

    evaluate = sub.add_parser("evaluate", help="site-disjoint evaluation; --gate compares with the committed metrics")
    data_options(evaluate)
    evaluate.add_argument("--model", default=default_model())
    evaluate.add_argument("--gate", action="store_true")
    evaluate.add_argument("--folds", type=int, default=0,
                          help="site-disjoint cross-validation over this many site folds instead of the dev split")
    evaluate.add_argument("--record", action="store_true",
                          help="with --folds: add the pooled figures to the model's metrics.json and model card")
    evaluate.set_defaults(func=cmd_evaluate)

    serve = sub.add_parser("serve", help="run the scoring service under gunicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=None)
    serve.add_argument("--model", default=default_model())
    serve.set_defaults(func=cmd_serve)

    from .audit.cli import add_arguments as add_audit_arguments

    audit = sub.add_parser("audit", help="audit an archive of articles (see README)")
    add_audit_arguments(audit)
    audit.set_defaults(func=cmd_audit)
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose or args.command in ("train", "evaluate") else
                        logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args)
    except ModelError as exc:
        print(f"promo-detector: model error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
