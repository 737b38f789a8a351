"""Streaming aggregation of the article and insert tables into summary.json (memory: counters, not rows)."""
import heapq
from collections import Counter, defaultdict

MAX_ERROR_EXAMPLES = 5
MAX_UNDISCLOSED = 100
TOP = 20
MAX_GROUPS = 30


class Aggregate:
    def __init__(self):
        self.articles = self.ok = self.with_promo = self.inserts = self.undisclosed = 0
        self.promo_share_sum = 0.0
        self.errors, self.error_examples = Counter(), defaultdict(list)
        self.months = defaultdict(lambda: [0, 0.0, 0, 0])   # articles, promo share sum, with promo, undisclosed
        self.groups = {"section": defaultdict(lambda: [0, 0, 0, 0.0]), "author": defaultdict(lambda: [0, 0, 0, 0.0])}
        self.domains, self.undisclosed_domains, self.networks = Counter(), Counter(), Counter()
        self.undisclosed_heap, self.models = [], Counter()
        self._seq = 0

    def add_articles(self, table):
        """One part of articles.parquet (a pyarrow Table)."""
        rows = table.to_pylist()
        self.articles += len(rows)
        ok = [r for r in rows if r["status"] == "ok"]
        self.ok += len(ok)
        self.with_promo += sum(bool(r["has_promo"]) for r in ok)
        self.promo_share_sum += sum(r["promo_share"] or 0.0 for r in ok)
        self.models.update(f"{r['model_name']} {r['model_version']}" for r in rows)
        self._add_errors([r for r in rows if r["status"] != "ok"])
        self._add_months(ok)
        for field, groups in self.groups.items():
            for r in ok:
                value, promo, undisclosed, share = r[field], r["has_promo"], r["undisclosed_inserts"], r["promo_share"]
                if value:
                    g = groups[value]
                    g[0], g[1], g[2], g[3] = g[0] + 1, g[1] + bool(promo), g[2] + int(undisclosed), g[3] + share

    def _add_errors(self, errors):
        for code, source, message in ((r["error_code"], r["source"], r["error"]) for r in errors):
            self.errors[code] += 1
            if len(self.error_examples[code]) < MAX_ERROR_EXAMPLES:
                self.error_examples[code].append({"source": source, "error": message})

    def _add_months(self, ok):
        for date, share, promo, undisclosed in ((r["date"], r["promo_share"], r["has_promo"],
                                                  r["undisclosed_inserts"]) for r in ok):
            if date is not None:
                m = self.months[f"{date.year:04d}-{date.month:02d}"]
                m[0], m[1], m[2], m[3] = m[0] + 1, m[1] + share, m[2] + bool(promo), m[3] + int(undisclosed)

    def add_inserts(self, table):
        """One part of inserts.parquet with template ids (a pyarrow Table)."""
        self.inserts += table.num_rows
        for row in table.to_pylist():
            self.domains.update(row["link_domains"] or ())
            self.networks.update(row["networks"] or ())
            if not row["disclosed"]:
                self.undisclosed += 1
                self.undisclosed_domains.update(row["link_domains"] or ())
                self._keep_undisclosed(row)

    def _keep_undisclosed(self, row):
        self._seq += 1
        item = (row["score"], -self._seq, {
            "article_id": row["article_id"], "url": row["url"],
            "date": row["date"].isoformat() if row["date"] else None,
            "text": row["text"][:400], "score": round(row["score"], 3), "link_domains": list(row["link_domains"] or ()),
            "networks": list(row["networks"] or ()), "template_id": row["template_id"]})
        if len(self.undisclosed_heap) < MAX_UNDISCLOSED:
            heapq.heappush(self.undisclosed_heap, item)
        else:
            heapq.heappushpop(self.undisclosed_heap, item)

    def to_dict(self, templates):
        recurring = [t for t in templates if t["recurring"]]
        return {
            "articles": self.articles, "scored": self.ok, "errors": sum(self.errors.values()),
            "articles_with_promo": self.with_promo,
            "share_of_articles_with_promo": round(self.with_promo / self.ok, 4) if self.ok else 0.0,
            "mean_promo_share": round(self.promo_share_sum / self.ok, 4) if self.ok else 0.0,
            "inserts": self.inserts, "undisclosed_inserts": self.undisclosed,
            "disclosure_rate": round(1 - self.undisclosed / self.inserts, 4) if self.inserts else None,
            "templates": len(templates), "recurring_templates": len(recurring),
            "models": dict(self.models),
            "errors_by_code": dict(self.errors.most_common()), "error_examples": dict(self.error_examples),
            "by_month": [{"month": k, "articles": v[0], "mean_promo_share": round(v[1] / v[0], 4),
                          "articles_with_promo": v[2], "undisclosed_inserts": v[3]}
                         for k, v in sorted(self.months.items())],
            "by_section": _groups(self.groups["section"]), "by_author": _groups(self.groups["author"]),
            "top_link_domains": _top(self.domains), "top_undisclosed_domains": _top(self.undisclosed_domains),
            "top_networks": _top(self.networks),
            "top_templates": [_template_summary(t) for t in recurring[:TOP]],
            "undisclosed_examples": [item for _, _, item in sorted(self.undisclosed_heap, reverse=True)],
        }


def _top(counter):
    return [{"name": name, "inserts": n} for name, n in counter.most_common(TOP)]


def _groups(groups):
    ranked = sorted(groups.items(), key=lambda kv: (-kv[1][0], kv[0]))[:MAX_GROUPS]
    return [{"name": name, "articles": g[0], "articles_with_promo": g[1], "undisclosed_inserts": g[2],
             "mean_promo_share": round(g[3] / g[0], 4) if g[0] else 0.0} for name, g in ranked]


def _template_summary(t):
    return {"template_id": t["template_id"], "count": t["count"], "articles": t["articles"],
            "first_date": t["first_date"].isoformat() if t["first_date"] else None,
            "last_date": t["last_date"].isoformat() if t["last_date"] else None, "example": t["example"][:300],
            "link_domains": t["link_domains"], "networks": t["networks"],
            "disclosure_rate": round(t["disclosure_rate"], 4)}
