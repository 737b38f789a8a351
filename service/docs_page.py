"""The OpenAPI description rendered as one self-contained HTML page (no script, no CDN, inline CSS only)."""
import json
from html import escape

STYLE = """body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h2{margin-top:2rem;border-bottom:1px solid #ddd}.op{margin:1rem 0;padding:.5rem 1rem;border-left:4px solid #36c;
background:#f7f9fc}.method{font-weight:700;text-transform:uppercase;color:#36c}code,pre{background:#eee;padding:0 .2rem}
pre{padding:.5rem;overflow:auto;font-size:13px}table{border-collapse:collapse}td,th{border:1px solid #ccc;
padding:.2rem .5rem;text-align:left;vertical-align:top}"""


def render_parameters(parameters):
    if not parameters:
        return ""
    rows = "".join(f"<tr><td><code>{escape(p['name'])}</code></td><td>{escape(p['in'])}</td>"
                   f"<td>{escape(', '.join(p['schema'].get('enum', [])) or p['schema'].get('type', ''))}</td>"
                   f"<td>{escape(p.get('description', ''))}</td></tr>" for p in parameters)
    return f"<table><tr><th>parameter</th><th>in</th><th>values</th><th>description</th></tr>{rows}</table>"


def render_operation(path, method, op):
    body = op.get("requestBody", {}).get("content", {})
    media = f"<p>Request body: {', '.join(f'<code>{escape(m)}</code>' for m in body)}</p>" if body else ""
    responses = "".join(f"<li><b>{escape(code)}</b> {escape(r.get('description', ''))}</li>"
                        for code, r in op.get("responses", {}).items())
    auth = "<p>Requires <code>Authorization: Bearer &lt;key&gt;</code>.</p>" if op.get("security") else ""
    return (f"<div class='op' id='{escape(op.get('operationId', ''))}'><p><span class='method'>{escape(method)}"
            f"</span> <code>{escape(path)}</code> — {escape(op.get('summary', ''))}</p>"
            f"<p>{escape(op.get('description', ''))}</p>{auth}{render_parameters(op.get('parameters'))}{media}"
            f"<ul>{responses}</ul></div>")


def render_docs(spec):
    info = spec["info"]
    operations = "".join(render_operation(path, method, op)
                         for path, item in spec["paths"].items() for method, op in item.items())
    raw = escape(json.dumps(spec, indent=1, ensure_ascii=False))
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{escape(info['title'])} API</title>"
            f"<style>{STYLE}</style></head><body><h1>{escape(info['title'])} API {escape(info['version'])}</h1>"
            f"<p>{escape(info.get('description', ''))} Machine-readable: <a href='/openapi.json'>/openapi.json</a>"
            f" (OpenAPI {escape(spec['openapi'])}).</p><h2>Routes</h2>{operations}"
            f"<h2>Schemas</h2><details><summary>The full description (JSON)</summary><pre>{raw}</pre></details>"
            f"</body></html>")
