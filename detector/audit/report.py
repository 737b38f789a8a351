"""report.html: one self-contained page (inline CSS and SVG, no script, no external resource) from summary.json."""
from html import escape

WIDTH = 760
LABEL_W = 270
ROW_H = 24
MAX_LISTED = 40
COLOURS = {"main": "#3b6ea8", "alert": "#c0392b", "soft": "#9fb8d6", "grid": "#dddddd", "text": "#222222"}
CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;margin:0;color:#222;background:#f6f7f9}
main{max-width:960px;margin:0 auto;padding:24px 28px 60px;background:#fff}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:34px 0 6px;border-bottom:2px solid #e3e6ea;padding-bottom:4px}
p.lead,p.note{color:#555;margin:4px 0 12px;font-size:14px;line-height:1.45}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:18px 0}
.card{flex:1 1 150px;border:1px solid #e3e6ea;border-radius:8px;padding:10px 14px;background:#fafbfc}
.card b{display:block;font-size:24px}.card span{font-size:13px;color:#555}.card.alert b{color:#c0392b}
table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}
th,td{border-bottom:1px solid #e6e6e6;padding:5px 6px;text-align:left;vertical-align:top}
th{background:#f1f3f5}td.num,th.num{text-align:right;white-space:nowrap}
.excerpt{color:#333;max-width:520px}.tag{display:inline-block;background:#eef2f7;border-radius:4px;padding:0 5px;
margin:1px;font-size:12px}.bad{color:#c0392b;font-weight:600}.good{color:#2e7d32}
svg text{font-family:inherit}footer{margin-top:40px;font-size:12px;color:#777}
"""


def pct(value, digits=1):
    return "–" if value is None else f"{100 * value:.{digits}f}%"


def short(text, n):
    text = " ".join(str(text or "").split())
    return text if len(text) <= n else text[:n - 1] + "…"


def hbar_chart(items, title, value_label, highlight_label=None):
    """Horizontal bars. items: [(label, value, highlighted part of value or None, tooltip)]."""
    if not items:
        return '<p class="note">Nothing to show.</p>'
    top = max(v for _, v, _, _ in items) or 1
    span = WIDTH - LABEL_W - 70
    height = ROW_H * len(items) + 30
    parts = [f'<svg role="img" aria-label="{escape(title)}" width="{WIDTH}" height="{height}" '
             f'viewBox="0 0 {WIDTH} {height}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for i, (label, value, highlighted, tip) in enumerate(items):
        y = 6 + i * ROW_H
        w = max(span * value / top, 1)
        parts.append(f'<g><title>{escape(tip)}</title>'
                     f'<text x="{LABEL_W - 8}" y="{y + 15}" text-anchor="end" font-size="12">{escape(short(label, 36))}</text>'
                     f'<rect x="{LABEL_W}" y="{y + 3}" width="{w:.1f}" height="{ROW_H - 8}" fill="{COLOURS["soft"] if highlighted is not None else COLOURS["main"]}"/>')
        if highlighted:
            parts.append(f'<rect x="{LABEL_W}" y="{y + 3}" width="{max(span * highlighted / top, 1):.1f}" '
                         f'height="{ROW_H - 8}" fill="{COLOURS["alert"]}"/>')
        parts.append(f'<text x="{LABEL_W + w + 6:.1f}" y="{y + 15}" font-size="12">{value:,}</text></g>')
    legend_y = height - 8
    parts.append(f'<text x="{LABEL_W}" y="{legend_y}" font-size="11" fill="#555">{escape(value_label)}</text>')
    if highlight_label:
        parts.append(f'<rect x="{LABEL_W + 260}" y="{legend_y - 9}" width="10" height="10" fill="{COLOURS["alert"]}"/>'
                     f'<text x="{LABEL_W + 275}" y="{legend_y}" font-size="11" fill="#555">{escape(highlight_label)}</text>')
    return "".join(parts) + "</svg>"


def line_chart(labels, series, title, y_max=1.0):
    """Lines over categorical x labels (months). series: [(name, colour, values in 0..y_max)]."""
    if not labels:
        return '<p class="note">The input has no publication dates, so there is no timeline.</p>'
    left, right, top, bottom, height = 56, 20, 16, 56, 280
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    step = plot_w / max(len(labels) - 1, 1)

    def xy(i, v):
        return left + (i * step if len(labels) > 1 else plot_w / 2), top + plot_h * (1 - min(v / y_max, 1))

    parts = [f'<svg role="img" aria-label="{escape(title)}" width="{WIDTH}" height="{height}" '
             f'viewBox="0 0 {WIDTH} {height}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>']
    for k in range(5):
        y = top + plot_h * (1 - k / 4)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" stroke="{COLOURS["grid"]}"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{pct(y_max * k / 4, 0)}</text>')
    every = max(1, -(-len(labels) // 12))
    for i, label in enumerate(labels):
        if i % every == 0:
            x, _ = xy(i, 0)
            parts.append(f'<text x="{x:.1f}" y="{top + plot_h + 16}" text-anchor="middle" font-size="11">{escape(label)}</text>')
    for n, (name, colour, values) in enumerate(series):
        points = " ".join("%.1f,%.1f" % xy(i, v) for i, v in enumerate(values))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" points="{points}"/>')
        for i, v in enumerate(values):
            x, y = xy(i, v)
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"><title>{escape(labels[i])}: '
                         f'{escape(name)} {pct(v)}</title></circle>')
        lx = left + n * 330
        parts.append(f'<rect x="{lx}" y="{height - 20}" width="12" height="12" fill="{colour}"/>'
                     f'<text x="{lx + 18}" y="{height - 10}" font-size="12">{escape(name)}</text>')
    return "".join(parts) + "</svg>"


def cards(s):
    items = [("articles audited", f"{s['articles']:,}", ""),
             ("articles with promotional inserts", f"{s['articles_with_promo']:,}", pct(s["share_of_articles_with_promo"])),
             ("promotional inserts found", f"{s['inserts']:,}", f"{s['recurring_templates']:,} recurring templates"),
             ("inserts without a disclosure", f"{s['undisclosed_inserts']:,}",
              "" if s["disclosure_rate"] is None else f"{pct(1 - s['disclosure_rate'])} of inserts"),
             ("pages that could not be read", f"{s['errors']:,}", "listed at the end")]
    html = []
    for i, (label, value, extra) in enumerate(items):
        alert = " alert" if i == 3 and s["undisclosed_inserts"] else ""
        html.append(f'<div class="card{alert}"><b>{value}</b><span>{escape(label)}'
                    f'{"<br>" + escape(extra) if extra else ""}</span></div>')
    return '<div class="cards">' + "".join(html) + "</div>"


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
    merged = [{**y, "mean_promo_share": y["share_sum"] / y["articles"]} for y in years.values()]
    return merged, "year"


def timeline_section(s):
    months, unit = periods(s["by_month"])
    labels = [m["month"] for m in months]
    chart = line_chart(labels, [("articles with a promotional insert", COLOURS["main"],
                                 [m["articles_with_promo"] / m["articles"] for m in months]),
                                ("share of article text that is promotional", COLOURS["alert"],
                                 [m["mean_promo_share"] for m in months])],
                       f"Promotional content per {unit}")
    return ("<h2>Promotional content over time</h2><p class=\"lead\">For each " + unit + " of publication: how many articles "
            "carry at least one promotional insert, and how much of an average article's text is promotional.</p>"
            + chart)


def template_section(s):
    items = [(f"{t['template_id']} · {t['example']}", t["count"], round(t["count"] * (1 - t["disclosure_rate"])),
              f"{t['count']} inserts in {t['articles']} articles; disclosed {pct(t['disclosure_rate'], 0)}: {t['example']}")
             for t in s["top_templates"]]
    rows = "".join(
        f"<tr><td>{escape(t['template_id'])}</td><td class=\"num\">{t['count']:,}</td><td class=\"num\">{t['articles']:,}</td>"
        f"<td>{escape(t['first_date'] or '–')} → {escape(t['last_date'] or '–')}</td>"
        f"<td class=\"num {'bad' if t['disclosure_rate'] < 0.5 else 'good'}\">{pct(t['disclosure_rate'], 0)}</td>"
        f"<td class=\"excerpt\">{escape(short(t['example'], 220))}<br>{_tags(t['link_domains'] + t['networks'])}</td></tr>"
        for t in s["top_templates"])
    table = ("<table><tr><th>template</th><th class=\"num\">inserts</th><th class=\"num\">articles</th><th>seen</th>"
             f"<th class=\"num\">disclosed</th><th>example</th></tr>{rows}</table>") if rows else ""
    return ("<h2>Recurring inserts (templates)</h2><p class=\"lead\">The same promotional box or paragraph appearing in "
            "several articles, grouped by near-identical text. Red: the part of the inserts with no disclosure label.</p>"
            + hbar_chart(items, "Most frequent recurring inserts", "number of inserts", "without disclosure") + table)


def domain_section(s):
    undisclosed = {d["name"]: d["inserts"] for d in s["top_undisclosed_domains"]}
    items = [(d["name"], d["inserts"], undisclosed.get(d["name"], 0),
              f"{d['name']}: {d['inserts']} inserts, {undisclosed.get(d['name'], 0)} without disclosure")
             for d in s["top_link_domains"]]
    networks = [(n["name"], n["inserts"], None, f"{n['name']}: {n['inserts']} inserts") for n in s["top_networks"]]
    return ("<h2>Advertisers and affiliate networks</h2><p class=\"lead\">Web sites that promotional inserts link to "
            "(advertisers, shops, redirectors). Red: links in inserts that carry no disclosure.</p>"
            + hbar_chart(items, "Top linked domains in inserts", "inserts linking to the domain", "without disclosure")
            + "<p class=\"lead\">Affiliate networks recognised from the links (the publisher is paid per click or sale).</p>"
            + hbar_chart(networks, "Affiliate networks", "inserts with links through the network"))


def undisclosed_section(s):
    periods_, unit = periods(s["by_month"], max_months=24)
    months = [(m["month"], m["undisclosed_inserts"], None, f"{m['month']}: {m['undisclosed_inserts']} undisclosed inserts")
              for m in periods_ if m["undisclosed_inserts"]]
    rows = "".join(
        f"<tr><td>{escape(e['date'] or '–')}</td><td>{_link(e)}</td><td class=\"num\">{e['score']:.2f}</td>"
        f"<td class=\"excerpt\">{escape(short(e['text'], 260))}<br>{_tags(e['link_domains'] + e['networks'])}</td></tr>"
        for e in s["undisclosed_examples"][:MAX_LISTED])
    table = ("<table><tr><th>date</th><th>article</th><th class=\"num\">confidence</th><th>insert text</th></tr>"
             f"{rows}</table>") if rows else '<p class="note">No undisclosed inserts were found.</p>'
    return ("<h2>Inserts without a disclosure</h2><p class=\"lead\">Promotional inserts with no label such as "
            "“Anzeige”, “Sponsored” or “Publicité” in or right next to them and no rel=\"sponsored\" links. These are "
            f"the items to review first ({s['undisclosed_inserts']:,} in total; the {len(s['undisclosed_examples'])} "
            "the model is most confident about are listed; all are in inserts.parquet with disclosed = false).</p>"
            + (hbar_chart(months, f"Undisclosed inserts per {unit}", f"undisclosed inserts per {unit}") if months else "") + table)


def group_section(s, field, title):
    groups = s[f"by_{field}"]
    if not groups:
        return ""
    items = [(g["name"], g["articles"], g["articles_with_promo"],
              f"{g['name']}: {g['articles']} articles, {g['articles_with_promo']} with promo") for g in groups[:15]]
    rows = "".join(f"<tr><td>{escape(g['name'])}</td><td class=\"num\">{g['articles']:,}</td>"
                   f"<td class=\"num\">{pct(g['articles_with_promo'] / g['articles'])}</td>"
                   f"<td class=\"num\">{pct(g['mean_promo_share'])}</td><td class=\"num\">{g['undisclosed_inserts']:,}</td></tr>"
                   for g in groups)
    return (f"<h2>By {escape(title)}</h2>" + hbar_chart(items, f"Articles per {title}", "articles", "with promotional inserts")
            + f"<table><tr><th>{escape(title)}</th><th class=\"num\">articles</th><th class=\"num\">with promo</th>"
              f"<th class=\"num\">promo share of text</th><th class=\"num\">undisclosed inserts</th></tr>{rows}</table>")


def error_section(s):
    if not s["errors"]:
        return "<h2>Pages that could not be read</h2><p class=\"note\">None: every page was audited.</p>"
    rows = "".join(f"<tr><td>{escape(code)}</td><td class=\"num\">{n:,}</td><td>"
                   + "<br>".join(f"{escape(short(e['source'], 80))}: {escape(short(e['error'], 160))}"
                                 for e in s["error_examples"].get(code, [])) + "</td></tr>"
                   for code, n in s["errors_by_code"].items())
    return ("<h2>Pages that could not be read</h2><p class=\"lead\">These records were skipped (each is an error row in "
            "articles.parquet with its reason); they are not counted in the figures above.</p>"
            f"<table><tr><th>reason</th><th class=\"num\">pages</th><th>examples</th></tr>{rows}</table>")


def _tags(values):
    return "".join(f'<span class="tag">{escape(v)}</span>' for v in values[:6])


def _link(e):
    label = escape(short(e["url"] or e["article_id"], 70))
    return f'<a href="{escape(e["url"])}">{label}</a>' if e.get("url") else label


def render_report(s):
    run = s.get("run", {})
    models = ", ".join(s["models"]) or "–"
    body = (f"<h1>Promotional content audit</h1><p class=\"lead\">{s['articles']:,} articles from "
            f"{escape(', '.join(run.get('inputs', []))[:300])} · model {escape(models)} · {escape(run.get('finished', ''))}</p>"
            + cards(s) + timeline_section(s) + template_section(s) + undisclosed_section(s) + domain_section(s)
            + group_section(s, "section", "section") + group_section(s, "author", "author") + error_section(s)
            + "<h2>How to read this report</h2><p class=\"note\">Every text block of every article was classified as "
              "editorial, promotional or boilerplate by an automatic model. Consecutive promotional blocks form an "
              "<b>insert</b> (an ad box, an affiliate product box, a sponsored paragraph). An insert is "
              "<b>disclosed</b> when a label such as “Anzeige”, “Werbung”, “Sponsored”, “Publicité” or an affiliate-link "
              "note stands in it or right before or after it, or when its links are marked rel=\"sponsored\". "
              "A <b>template</b> is a group of inserts with nearly the same text. The model makes mistakes: treat the "
              "lists as leads to check, not as findings. The data behind every figure is in articles.parquet, "
              "inserts.parquet, templates.parquet and summary.json next to this file.</p>"
            + f"<footer>Generated by promo-detector audit · {run.get('pages_per_second', '–')} pages/s</footer>")
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Promotional content audit</title>"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><style>{CSS}</style></head>"
            f"<body><main>{body}</main></body></html>")
