"""The Detector: html → blocks → features → classify → revise with neighbours → inserts → Verdict."""
from sklearn.pipeline import Pipeline

from .context import add_context
from .encoding import read_document
from .errors import map_in_place
from .features import ContextSignals, ancestor_path, build_features, refs_of
from .inserts import find_inserts, reasons_for
from .page_signals import block_signals
from .persist import load_model
from .segment import parse, segment_root
from .stacking import StackedBlockClassifier
from .types import LABELS, BlockVerdict, Verdict

PROMO_THRESHOLD = 0.7          # P(promo) at which a block is labelled promo (chosen by pooled site-fold CV and
                               # the dev split's per-language recall; see README, "Results")
NEIGHBOUR_RESCUE = 0.25        # a block between two promo blocks joins them from this P(promo) on
MAX_RESCUE_CHARS = 200         # ... if it is short (a label, an emoji line, a button)
BOX_LEVELS = (1, 2)            # enclosing elements looked at for box revision
MAX_BOX_BLOCKS = 12            # a "box" holds at most this many blocks (an article body holds more)
BOX_PROMO_SHARE = 0.5          # a box whose blocks are at least this share promo is an insert as a whole
BOX_RESCUE = 0.25              # ... and its blocks join from this P(promo) on
BATCH_PAGES = 8                # score_many classifies this many pages per pipeline call: 8 saves as much per page
                               # as 32 (benchmarks: 11.0 → 8.3 ms/page) and holds a quarter of the feature matrices
EVIDENCE_SIGNALS = ("links", "affiliate", "sponsored_rel", "cta", "disclosure", "ad_label", "fine_print", "bonus",
                    "money", "percent", "emoji", "log_repeats", "promo_tokens")


def build_pipeline(random_state=0, **classifier_params):
    """A plain sklearn Pipeline: FeatureUnion of block features → two-stage classifier (linear, then boosted
    over the linear model's probabilities and the dense curated signals)."""
    features = build_features()
    dense_columns = len(ContextSignals().get_feature_names_out())
    return Pipeline([
        ("features", features),
        ("classifier", StackedBlockClassifier(dense_columns=dense_columns, random_state=random_state,
                                              **classifier_params)),
    ])


def best_other_labels(proba, classes):
    """Per block, the likelier of the labels other than promo (editorial or boilerplate)."""
    promo = list(classes).index("promo")
    others = [i for i in range(len(classes)) if i != promo]
    return [classes[max(others, key=lambda i: row[i])] for row in proba]


def decide(promo_scores, other_labels, threshold=PROMO_THRESHOLD):
    """Per-block labels: promo when P(promo) ≥ threshold, else the likelier other label."""
    return ["promo" if score >= threshold else other for score, other in zip(promo_scores, other_labels)]


def rescue_sandwiched(blocks, labels, promo_scores):
    """A short block between two promo blocks, itself promo-leaning, joins them (an emoji line, a label)."""
    revised = list(labels)
    for i in range(1, len(blocks) - 1):
        if (labels[i] != "promo" and labels[i - 1] == "promo" and labels[i + 1] == "promo"
                and promo_scores[i] >= NEIGHBOUR_RESCUE and len(blocks[i].text) <= MAX_RESCUE_CHARS):
            revised[i] = "promo"
    return revised


def rescue_boxes(blocks, labels, promo_scores):
    """A promo-leaning block inside a small box (an enclosing element of at most MAX_BOX_BLOCKS blocks, 1 or 2
    levels up) in which most blocks are promo joins them: the perks list and the price line of an offer box."""
    revised = list(labels)
    for level in BOX_LEVELS:
        members = {}
        for i, b in enumerate(blocks):
            members.setdefault(ancestor_path(b.path, level), []).append(i)
        for box, idx in members.items():
            promo_share = sum(revised[i] == "promo" for i in idx) / len(idx)
            if box and len(idx) <= MAX_BOX_BLOCKS and promo_share >= BOX_PROMO_SHARE:
                for i in idx:
                    if promo_scores[i] >= BOX_RESCUE and len(blocks[i].text) <= MAX_RESCUE_CHARS:
                        revised[i] = "promo"
    return revised


def is_plain_prose(block):
    """Whether the block is a prose sentence with no commercial signal of its own: it ends like a sentence, and has
    no link, call to action, amount, bonus or offer word, disclosure or ad label, fine print, emoji, ad-like markup
    or repetition within the page. (Labels, buttons and teaser headlines are not prose and are left alone.)"""
    values = block_signals(block)
    return values["sentence_end"] > 0 and not any(values[name] > 0 for name in EVIDENCE_SIGNALS)


def demote_unsupported(blocks, labels, fallback):
    """A promo block alone between non-promo neighbours that is plain prose (no commercial signal of its own) is a
    sentence the neighbours' features pulled over the threshold (the short sentence after an insert): it takes its
    likelier other label."""
    revised = list(labels)
    for i, label in enumerate(labels):
        alone = (i == 0 or labels[i - 1] != "promo") and (i == len(labels) - 1 or labels[i + 1] != "promo")
        if label == "promo" and alone and is_plain_prose(blocks[i]):
            revised[i] = fallback[i]
    return revised


def revise_with_neighbours(blocks, labels, promo_scores, fallback=None):
    """jusText's second pass, on labels: isolated promo blocks without evidence revert (when `fallback` labels are
    given), then sandwiched blocks join their neighbours, then blocks of mostly-promo boxes join the box."""
    if fallback is not None:
        labels = demote_unsupported(blocks, labels, fallback)
    return rescue_boxes(blocks, rescue_sandwiched(blocks, labels, promo_scores), promo_scores)


class Detector:
    """A trained pipeline plus its manifest. `Detector.load(path).score(html)` is the whole product."""

    def __init__(self, pipeline, manifest=None, threshold=PROMO_THRESHOLD):
        self.pipeline = pipeline
        self.manifest = manifest or {}
        self.threshold = threshold

    @classmethod
    def load(cls, path):
        pipeline, manifest = load_model(path)
        return cls(pipeline, manifest, threshold=manifest.get("promo_threshold", PROMO_THRESHOLD))

    @property
    def model_info(self):
        return {"name": self.manifest.get("name", "unnamed"), "version": self.manifest.get("version", "0")}

    def blocks_of(self, html, url=None, content_type=None):
        return self._parsed(html, url, content_type)[0]

    def _parsed(self, html, url, content_type):
        """(blocks with context, the parsed tree) of one document."""
        text = read_document(html, content_type)
        root = parse(text)
        return add_context(segment_root(root), text, url), root

    def classify(self, blocks):
        """(labels, P(promo)) for the blocks of one page."""
        return self.classify_pages([blocks])[0]

    def classify_pages(self, pages):
        """(labels, P(promo)) per page, with the pipeline called once for all the pages' blocks: its fixed cost
        per call (transformer dispatch, input checks, a pass per boosted tree) is shared by the batch. Each block's
        probabilities are the same as when its page is classified alone (features are computed page by page)."""
        filled = [blocks for blocks in pages if blocks]
        if not filled:
            return [([], []) for _ in pages]
        proba = self.pipeline.predict_proba([ref for blocks in filled for ref in refs_of(blocks)])
        results, start = [], 0
        for blocks in pages:
            results.append(self._labels(blocks, proba[start:start + len(blocks)]) if blocks else ([], []))
            start += len(blocks)
        return results

    def _labels(self, blocks, proba):
        classes = list(self.pipeline.classes_)
        promo_scores = proba[:, classes.index("promo")].tolist()
        others = best_other_labels(proba, classes)
        labels = decide(promo_scores, others, self.threshold)
        return revise_with_neighbours(blocks, labels, promo_scores, fallback=others), promo_scores

    def score(self, html, url=None, content_type=None):
        """HTML (bytes or str) → Verdict. Raises detector.errors.InputError on input that is not a page."""
        return self.score_with_tree(html, url, content_type)[0]

    def score_with_tree(self, html, url=None, content_type=None):
        """(Verdict, the parsed tree whose element paths the verdict's blocks name): for callers that edit the page
        they scored (reader mode's /v1/clean) without parsing it again."""
        blocks, root = self._parsed(html, url, content_type)
        return self._verdict(blocks, *self.classify(blocks)), root

    def score_many(self, documents, batch_pages=BATCH_PAGES):
        """Verdicts for many (html, url, content_type) documents, classified `batch_pages` at a time (see
        classify_pages): for archives and benchmarks, where the per-call cost matters. A document that cannot be
        scored gets its exception in its place (an InputError for input that is not a page); the others are still
        scored."""
        documents = list(documents)
        return [verdict for k in range(0, len(documents), batch_pages)
                for verdict in self._score_batch(documents[k:k + batch_pages])]

    def _score_batch(self, documents):
        parsed = [self._blocks_or_error(*document) for document in documents]
        try:
            return map_in_place(self._verdicts, parsed)
        except Exception:   # keep one page's failure its own: classify them one at a time
            return [self._verdict_or_error(blocks) for blocks in parsed]

    def _verdicts(self, pages):
        return [self._verdict(blocks, *classified) for blocks, classified in zip(pages, self.classify_pages(pages))]

    def _blocks_or_error(self, html, url=None, content_type=None):
        try:
            return self.blocks_of(html, url, content_type)
        except Exception as exc:   # returned in the document's place by score_many
            return exc

    def _verdict_or_error(self, blocks):
        if isinstance(blocks, Exception):
            return blocks
        try:
            return self._verdict(blocks, *self.classify(blocks))
        except Exception as exc:   # returned in the document's place by score_many
            return exc

    def _verdict(self, blocks, labels, promo_scores):
        verdicts = tuple(
            BlockVerdict(index=b.index, text=b.text, label=label, score=float(score), tag=b.tag, path=b.path,
                         reasons=tuple(reasons_for(b)) if label == "promo" else ())
            for b, label, score in zip(blocks, labels, promo_scores))
        return Verdict(model=self.model_info, blocks=verdicts,
                       inserts=tuple(find_inserts(blocks, labels, promo_scores)))


__all__ = ["Detector", "LABELS", "build_pipeline", "decide", "revise_with_neighbours"]
