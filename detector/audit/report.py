"""report.html: one self-contained page (inline CSS and SVG, no script, no external resource) from summary.json."""
from html import escape

WIDTH = 760
LABEL_W = 270
ROW_H = 24
MAX_LISTED = 40
MAIN, ALERT, SOFT, GRID = "#3b6ea8", "#c0392b", "#9fb8d6", "#dddddd"
CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;margin:0;color:#222;background:#f6f7f9}
main{max-width:960px;margin:0 auto;padding:24px 28px 60px;background:#fff}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:19px;margin:34px 0 6px;border-bottom:2px solid #e3e6ea;padding-bottom:4px}
p.lead,p.note{color:#555;margin:4px 0 12px;font-size:14px;line-height:1.45}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:18px 0}
.card{flex:1 1 150px;border:1px solid #e3e6ea;border-radius:8px;padding:10px 14px;background:#fafbfc}
.card b{display:block;font-size:24px}.card span{font-size:13px;color:#555}.card.alert b{color:#c0392b}
table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}
th,td{border-bottom:1px solid #e6e6e6;padding:5px 6px;text-align:left;vertical-align:top}
th{background:#f1f3f5}td.num,th.num{text-align:right;white-space:nowrap}
.excerpt{color:#333;max-width:520px}
.tag{display:inline-block;background:#eef2f7;border-radius:4px;padding:0 5px;margin:1px;font-size:12px}
.bad{color:#c0392b;font-weight:600}.good{color:#2e7d32}
svg text{font-family:inherit}footer{margin-top:40px;font-size:12px;color:#777}
"""
GUIDE = (
    "Every text block of every article was classified as editorial, promotional or boilerplate by an automatic "
    "model. Consecutive promotional blocks form an <b>insert</b> (an ad box, an affiliate product box, a sponsored "
    "paragraph). An insert is <b>disclosed</b> when a label such as “Anzeige”, “Werbung”, “Sponsored”, “Publicité” "
    "or an affiliate-link note stands in it or right before or after it, or when its links are marked "
    "rel=\"sponsored\". A <b>template</b> is a group of inserts with nearly the same text. The model makes "
    "mistakes: treat the lists as leads to check, not as findings. The data behind every figure is in "
    "articles.parquet, inserts.parquet, templates.parquet and summary.json next to this file.")


def pct(value, digits=1):
    return "–" if value is None else f"{100 * value:.{digits}f}%"


def short(text, n):
    text = " ".join(str(text or "").split())
    return text if len(text) <= n else text[:n - 1] + "…"


def tags(values):
    return "".join(f'<span class="tag">{escape(v)}</span>' for v in values[:6])


def svg_open(title, height):
    return (f'<svg role="img" aria-label="{escape(title)}" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>')


def text_at(x, y, text, size=12, anchor="start", colour="#222"):
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{colour}">'
            f"{escape(str(text))}</text>")


def rect(x, y, w, h, colour):
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{colour}"/>'


def table(headers, rows):
    """headers: [(label, is_numeric)]; rows: lists of already-escaped cell HTML (numeric cells right-aligned)."""
    head = "".join(f'<th{" class=num" if num else ""}>{escape(h)}</th>' for h, num in headers)
    body = "".join("<tr>" + "".join(f'<td{" class=num" if num else ""}>{cell}</td>'
                                    for (_, num), cell in zip(headers, row)) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def hbar_chart(items, title, value_label, highlight_label=None):
    """Horizontal bars. items: [(label, value, highlighted part of the value or None, tooltip)]."""
    if not items:
        return '<p class="note">Nothing to show.</p>'
    top = max(v for _, v, _, _ in items) or 1
    span = WIDTH - LABEL_W - 70
    height = ROW_H * len(items) + 30
    parts = [svg_open(title, height)]
    for i, (label, value, highlighted, tip) in enumerate(items):
        y, w = 6 + i * ROW_H, max(span * value / top, 1)
        parts += [f"<g><title>{escape(tip)}</title>", text_at(LABEL_W - 8, y + 15, short(label, 36), anchor="end"),
                  rect(LABEL_W, y + 3, w, ROW_H - 8, SOFT if highlighted is not None else MAIN)]
        if highlighted:
            parts.append(rect(LABEL_W, y + 3, max(span * highlighted / top, 1), ROW_H - 8, ALERT))
        parts += [text_at(LABEL_W + w + 6, y + 15, f"{value:,}"), "</g>"]
    parts.append(text_at(LABEL_W, height - 8, value_label, 11, colour="#555"))
    if highlight_label:
        parts += [rect(LABEL_W + 260, height - 17, 10, 10, ALERT),
                  text_at(LABEL_W + 275, height - 8, highlight_label, 11, colour="#555")]
    return "".join(parts) + "</svg>"


def line_chart(labels, series, title, y_max=1.0):
    """Lines over categorical x labels (months or years). series: [(name, colour, values in 0..y_max)]."""
    if not labels:
        return '<p class="note">The input has no publication dates, so there is no timeline.</p>'
    left, right, top, bottom, height = 56, 20, 16, 56, 280
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    step = plot_w / max(len(labels) - 1, 1)

    def xy(i, v):
        return left + (i * step if len(labels) > 1 else plot_w / 2), top + plot_h * (1 - min(v / y_max, 1))

    parts = [svg_open(title, height)]
    for k in range(5):
        y = top + plot_h * (1 - k / 4)
        parts += [f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" stroke="{GRID}"/>',
                  text_at(left - 6, y + 4, pct(y_max * k / 4, 0), 11, "end")]
    every = max(1, -(-len(labels) // 12))
    parts += [text_at(xy(i, 0)[0], top + plot_h + 16, label, 11, "middle")
              for i, label in enumerate(labels) if i % every == 0]
    for n, (name, colour, values) in enumerate(series):
        points = " ".join("%.1f,%.1f" % xy(i, v) for i, v in enumerate(values))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" points="{points}"/>')
        parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"><title>'
                  f"{escape(labels[i])}: {escape(name)} {pct(v)}</title></circle>"
                  for i, (v, (x, y)) in enumerate((v, xy(i, v)) for i, v in enumerate(values))]
        parts += [rect(left + n * 330, height - 20, 12, 12, colour), text_at(left + n * 330 + 18, height - 10, name)]
    return "".join(parts) + "</svg>"


def periods(by_month, max_months=36):
    """Monthly figures, merged into years when the archive spans more than max_months months."""
    if len(by_month) <= max_months:
        return by_month, "month"
    years = {}
    for m in by_month:
        y = years.setdefault(m["month"][:4], {"month": m["month"][:4], "articles": 0, "share_sum": 0.0,
                                              "articles_with_promo": 0, "undisclosed_inserts": 0})
        y["articles"] += m["articles"]
        y["share_sum"] += m["mean_promo_share"] * m["articles"]
        y["articles_with_promo"] += m["articles_with_promo"]
        y["undisclosed_inserts"] += m["undisclosed_inserts"]
    return [{**y, "mean_promo_share": y["share_sum"] / y["articles"]} for y in years.values()], "year"


def section(title, lead, *parts):
    return f"<h2>{escape(title)}</h2>" + (f'<p class="lead">{lead}</p>' if lead else "") + "".join(parts)


def cards(s):
    undisclosed = "" if s["disclosure_rate"] is None else f"{pct(1 - s['disclosure_rate'])} of inserts"
    items = [("articles audited", s["articles"], "", ""),
             ("articles with promotional inserts", s["articles_with_promo"],
              pct(s["share_of_articles_with_promo"]), ""),
             ("promotional inserts found", s["inserts"], f"{s['recurring_templates']:,} recurring templates", ""),
             ("inserts without a disclosure", s["undisclosed_inserts"], undisclosed,
              " alert" if s["undisclosed_inserts"] else ""),
             ("pages that could not be read", s["errors"], "listed at the end", "")]
    return '<div class="cards">' + "".join(
        f'<div class="card{alert}"><b>{value:,}</b><span>{escape(label)}{"<br>" + escape(extra) if extra else ""}'
        "</span></div>" for label, value, extra, alert in items) + "</div>"


def timeline_section(s):
    rows, unit = periods(s["by_month"])
    chart = line_chart([m["month"] for m in rows], [
        ("articles with a promotional insert", MAIN, [m["articles_with_promo"] / m["articles"] for m in rows]),
        ("share of article text that is promotional", ALERT, [m["mean_promo_share"] for m in rows])],
        f"Promotional content per {unit}")
    return section("Promotional content over time",
                   f"For each {unit} of publication: how many articles carry at least one promotional insert, "
                   "and how much of an average article's text is promotional.", chart)


def template_section(s):
    top = s["top_templates"]
    items = [(f"{t['template_id']} · {t['example']}", t["count"], round(t["count"] * (1 - t["disclosure_rate"])),
              f"{t['count']} inserts in {t['articles']} articles; disclosed {pct(t['disclosure_rate'], 0)}: "
              f"{t['example']}") for t in top]
    rows = [[escape(t["template_id"]), f"{t['count']:,}", f"{t['articles']:,}",
             f"{escape(t['first_date'] or '–')} → {escape(t['last_date'] or '–')}",
             f'<span class="{"bad" if t["disclosure_rate"] < 0.5 else "good"}">{pct(t["disclosure_rate"], 0)}</span>',
             f'<div class="excerpt">{escape(short(t["example"], 220))}<br>{tags(t["link_domains"] + t["networks"])}'
             "</div>"] for t in top]
    headers = [("template", False), ("inserts", True), ("articles", True), ("seen", False), ("disclosed", True),
               ("example", False)]
    return section("Recurring inserts (templates)",
                   "The same promotional box or paragraph appearing in several articles, grouped by near-identical "
                   "text. Red: the part of the inserts with no disclosure label.",
                   hbar_chart(items, "Most frequent recurring inserts", "number of inserts", "without disclosure"),
                   table(headers, rows) if rows else "")


def article_link(e):
    label = escape(short(e["url"] or e["article_id"], 70))
    return f'<a href="{escape(e["url"])}">{label}</a>' if e.get("url") else label


def undisclosed_section(s):
    rows_, unit = periods(s["by_month"], max_months=24)
    bars = [(m["month"], m["undisclosed_inserts"], None, f"{m['month']}: {m['undisclosed_inserts']} undisclosed")
            for m in rows_ if m["undisclosed_inserts"]]
    listed = s["undisclosed_examples"][:MAX_LISTED]
    rows = [[escape(e["date"] or "–"), article_link(e), f"{e['score']:.2f}",
             f'<div class="excerpt">{escape(short(e["text"], 260))}<br>{tags(e["link_domains"] + e["networks"])}</div>']
            for e in listed]
    headers = [("date", False), ("article", False), ("confidence", True), ("insert text", False)]
    lead = ("Promotional inserts with no label such as “Anzeige”, “Sponsored” or “Publicité” in or right next to them "
            f"and no rel=\"sponsored\" links. These are the items to review first ({s['undisclosed_inserts']:,} in "
            f"total; the {len(listed)} the model is most confident about are listed; all are in inserts.parquet with "
            "disclosed = false).")
    chart = hbar_chart(bars, f"Undisclosed inserts per {unit}", f"undisclosed inserts per {unit}") if bars else ""
    return section("Inserts without a disclosure", lead, chart, table(headers, rows) if rows else
                   '<p class="note">No undisclosed inserts were found.</p>')


def domain_section(s):
    undisclosed = {d["name"]: d["inserts"] for d in s["top_undisclosed_domains"]}
    items = [(d["name"], d["inserts"], undisclosed.get(d["name"], 0),
              f"{d['name']}: {d['inserts']} inserts, {undisclosed.get(d['name'], 0)} without disclosure")
             for d in s["top_link_domains"]]
    networks = [(n["name"], n["inserts"], None, f"{n['name']}: {n['inserts']} inserts") for n in s["top_networks"]]
    return section("Advertisers and affiliate networks",
                   "Web sites that promotional inserts link to (advertisers, shops, redirectors). Red: links in "
                   "inserts that carry no disclosure.",
                   hbar_chart(items, "Top linked domains in inserts", "inserts linking to the domain",
                              "without disclosure"),
                   '<p class="lead">Affiliate networks recognised from the links (the publisher is paid per click '
                   "or sale).</p>",
                   hbar_chart(networks, "Affiliate networks", "inserts with links through the network"))


def group_section(s, field):
    groups = s[f"by_{field}"]
    if not groups:
        return ""
    items = [(g["name"], g["articles"], g["articles_with_promo"],
              f"{g['name']}: {g['articles']} articles, {g['articles_with_promo']} with promo") for g in groups[:15]]
    rows = [[escape(g["name"]), f"{g['articles']:,}", pct(g["articles_with_promo"] / g["articles"]),
             pct(g["mean_promo_share"]), f"{g['undisclosed_inserts']:,}"] for g in groups]
    headers = [(field, False), ("articles", True), ("with promo", True), ("promo share of text", True),
               ("undisclosed inserts", True)]
    chart = hbar_chart(items, f"Articles per {field}", "articles", "with promotional inserts")
    return section(f"By {field}", "", chart, table(headers, rows))


def error_section(s):
    if not s["errors"]:
        return section("Pages that could not be read", "None: every page was audited.")
    rows = [[escape(code), f"{n:,}", "<br>".join(f"{escape(short(e['source'], 80))}: {escape(short(e['error'], 160))}"
                                                 for e in s["error_examples"].get(code, []))]
            for code, n in s["errors_by_code"].items()]
    return section("Pages that could not be read",
                   "These records were skipped (each is an error row in articles.parquet with its reason); they are "
                   "not counted in the figures above.",
                   table([("reason", False), ("pages", True), ("examples", False)], rows))


def render_report(s):
    run = s.get("run", {})
    header = (f"<h1>Promotional content audit</h1><p class=\"lead\">{s['articles']:,} articles from "
              f"{escape(', '.join(run.get('inputs', []))[:300])} · model {escape(', '.join(s['models']) or '–')} · "
              f"{escape(run.get('finished', ''))}</p>")
    body = (header + cards(s) + timeline_section(s) + template_section(s) + undisclosed_section(s)
            + domain_section(s) + group_section(s, "section") + group_section(s, "author") + error_section(s)
            + section("How to read this report", GUIDE)
            + f"<footer>Generated by promo-detector audit · {run.get('pages_per_second', '–')} pages/s</footer>")
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Promotional content audit</title>"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><style>{CSS}</style></head>"
            f"<body><main>{body}</main></body></html>")
