"""Frozen records passed between the pipeline's stages."""
from dataclasses import dataclass, field

LABELS = ("editorial", "promo", "boilerplate")


@dataclass(frozen=True, slots=True)
class Link:
    href: str
    text: str
    rel: str = ""


@dataclass(frozen=True, slots=True)
class Block:
    """The visible text of one paragraph-level element, with what the features need.

    Blocks of one page are consecutive and numbered from 0 by `index`; page-level context
    (`position`, `repeats`, `in_main`, `page_host`) is filled in by `detector.context`.
    """

    index: int
    text: str
    tag: str
    path: str
    tokens: tuple = ()
    links: tuple = ()
    depth: int = 0
    container: str = ""
    position: float = 0.0
    repeats: int = 1
    in_main: bool = False
    page_host: str = ""
    annotation: str | None = None

    @property
    def link_chars(self):
        return sum(len(link.text) for link in self.links)

    def with_context(self, position, repeats, in_main, page_host):
        """This block with its page-level context (dataclasses.replace, without its per-call introspection)."""
        return Block(self.index, self.text, self.tag, self.path, self.tokens, self.links, self.depth, self.container,
                     position, repeats, in_main, page_host, self.annotation)


@dataclass(frozen=True, slots=True)
class BlockVerdict:
    index: int
    text: str
    label: str
    score: float
    tag: str
    path: str
    reasons: tuple = ()

    def to_dict(self):
        return {"index": self.index, "text": self.text, "label": self.label, "score": round(self.score, 4),
                "tag": self.tag, "path": self.path, "reasons": list(self.reasons)}


@dataclass(frozen=True, slots=True)
class Insert:
    blocks: tuple
    text: str
    score: float
    disclosed: bool
    repeat_of: int | None = None
    link_hosts: tuple = ()
    networks: tuple = ()

    def to_dict(self):
        return {"blocks": list(self.blocks), "text": self.text, "score": round(self.score, 4),
                "disclosed": self.disclosed, "repeat_of": self.repeat_of}


@dataclass(frozen=True, slots=True)
class Verdict:
    model: dict
    blocks: tuple
    inserts: tuple = field(default=())

    @property
    def has_promo(self):
        return bool(self.inserts)

    @property
    def promo_share(self):
        total = sum(len(b.text) for b in self.blocks)
        promo = sum(len(b.text) for b in self.blocks if b.label == "promo")
        return promo / total if total else 0.0

    def to_dict(self, blocks="all"):
        """The JSON contract of `promo-detector score --format jsonl` (without "source")."""
        chosen = {"all": self.blocks, "promo": [b for b in self.blocks if b.label == "promo"], "none": []}[blocks]
        return {"model": dict(self.model), "has_promo": self.has_promo, "promo_share": round(self.promo_share, 4),
                "blocks": [b.to_dict() for b in chosen], "inserts": [i.to_dict() for i in self.inserts]}
