"""End to end: the reader-mode browser extension (clients/browser-extension/) in Debian's Chromium (headless, driven
by Playwright), against the real service (gunicorn on loopback) and article pages served over loopback.

Checked in the live DOM, for the seed page and the authored variants (seven languages; promo as plain <p>, boxes,
lists, tables, asides, blockquotes): every block the service labels promo is hidden, every other block and every
gold editorial snippet stays visible; for the seed page, the gold promo snippets are hidden and the badge's
"show them" toggle works. The service unreachable, slow, refusing the key or the extension's origin: a clear
message and an untouched page. The service refuses a web page's origin. Screenshots before/after go to docs/ when
PROMO_DETECTOR_SCREENSHOTS=1 (or when they are missing).
"""
import base64
import hashlib
import http.server
import json
import os
import shutil
import socket
import threading
from functools import partial
from pathlib import Path

import pytest
import requests

from conftest import SEED
from live_server import free_port, running_service

sync_api = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[1]
EXTENSION_DIR = ROOT / "clients" / "browser-extension"
VARIANTS = ROOT / "tests" / "data" / "variants"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
KEY = "extension-test-key"
DOCS = ROOT / "docs"

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


def extension_id(manifest):
    """Chromium's id for an extension with a "key": the first 128 bits of sha256(public key), as a-p digits."""
    digest = hashlib.sha256(base64.b64decode(manifest["key"])).hexdigest()[:32]
    return "".join(chr(ord("a") + int(c, 16)) for c in digest)


MANIFEST = json.loads((EXTENSION_DIR / "manifest.json").read_text(encoding="utf-8"))
EXTENSION_ID = extension_id(MANIFEST)
EXTENSION_ORIGIN = f"chrome-extension://{EXTENSION_ID}"



def norm(text):
    return " ".join(text.split()).lower()


def gold_records():
    records = [json.loads(line) for line in (VARIANTS / "gold.jsonl").read_text(encoding="utf-8").splitlines()
               if line.strip()]
    seed = SEED / "gold.jsonl"
    if seed.exists():
        records.insert(0, json.loads(seed.read_text(encoding="utf-8").splitlines()[0]))
    return {record["file"]: record for record in records}


GOLD = gold_records()


# A page where promo text shares its container with editorial text, in a table the browser gives a <tbody>.
MIXED_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Kettles</title></head><body><main><article>
<h1>Ten kettles, one month</h1>
<div id="c">Editorial lead text in the container, before the insert.<br><br>Buy the <b>Kettlemaster 3000</b> now at
the shop and save 20% with code SAVE20!<br><br>Editorial text after the insert, still in the same container.
<p>A normal editorial paragraph about boiling times.</p></div>
<table><tr><td>Editorial cell: boiling time 3 min</td><td>Sponsored: get a 50 EUR bonus at KettleShop</td></tr></table>
<p>Another editorial paragraph with a <a href="/noise">link</a> in it.</p>
<div class="box"><span>Anzeige</span> <a href="https://shop.example/?aff=1">Kettlemaster 3000 kaufen</a></div>
<p>The last editorial paragraph.</p>
</article></main></body></html>
"""
MIXED_PROMO = ["Buy the Kettlemaster 3000 now at the shop and save 20% with code SAVE20!",
               "Sponsored: get a 50 EUR bonus at KettleShop", "Anzeige Kettlemaster 3000 kaufen"]
MIXED_EDITORIAL = ["Ten kettles, one month", "Editorial lead text in the container, before the insert.",
                   "Editorial text after the insert, still in the same container.",
                   "A normal editorial paragraph about boiling times.", "Editorial cell: boiling time 3 min",
                   "Another editorial paragraph with a link in it.", "The last editorial paragraph."]
MIXED_VERDICT = {"model": {"name": "stub"}, "has_promo": True, "promo_share": 0.3, "blocks": [
    {"index": 2, "text": MIXED_PROMO[0], "label": "promo", "score": 0.97, "tag": "div",
     "path": "/html/body/main/article/div[1]", "reasons": []},                        # a run inside the container
    {"index": 6, "text": MIXED_PROMO[1], "label": "promo", "score": 0.91, "tag": "td",
     "path": "/html/body/main/article/table/tr/td[2]", "reasons": []},                # lxml's path: no <tbody>
    {"index": 9, "text": MIXED_PROMO[2], "label": "promo", "score": 0.99, "tag": "div",
     "path": "/html/body/main/article/div[7]", "reasons": []},                        # a wrong path: found by text
    {"index": 11, "text": "A promo text that is not on this page at all", "label": "promo", "score": 0.9,
     "tag": "p", "path": "/html/body/main/article/p[9]", "reasons": []}],
    "inserts": [{"blocks": [2], "text": MIXED_PROMO[0], "score": 0.97, "disclosed": False, "repeat_of": None},
                {"blocks": [6], "text": MIXED_PROMO[1], "score": 0.91, "disclosed": True, "repeat_of": None},
                {"blocks": [9], "text": MIXED_PROMO[2], "score": 0.99, "disclosed": True, "repeat_of": None}]}


# --- servers -----------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def service():
    """The real service, allowing only the extension's origin, with an API key."""
    with running_service({"PROMO_DETECTOR_API_KEYS": KEY, "PROMO_DETECTOR_CORS_ORIGINS": EXTENSION_ORIGIN,
                          "PROMO_DETECTOR_LOG_LEVEL": "WARNING"}) as (base, _):
        yield {"base": base, "port": int(base.rsplit(":", 1)[1])}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The test pages over loopback (a plain static file server on 127.0.0.1)."""
    root = tmp_path_factory.mktemp("pages")
    for name in GOLD:
        source = SEED / name if name == "article_plain.html" else VARIANTS / name
        if source.exists():
            shutil.copy(source, root / name)
    (root / "mixed.html").write_text(MIXED_PAGE, encoding="utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def silent_service():
    """A 'service' that accepts connections and never answers (the slow-service path)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held, stop = [], threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://localhost:{listener.getsockname()[1]}"
    stop.set()
    thread.join(2)
    for connection in held:
        connection.close()
    listener.close()


class RefusingHandler(http.server.BaseHTTPRequestHandler):
    """Answers like the service does for an origin not on its allow-list: 403 JSON, no CORS headers."""

    def refuse(self):
        body = b'{"error": {"code": "origin_not_allowed", "message": "origin is not allowed"}}'
        self.send_response(403)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_OPTIONS = do_POST = refuse

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def refusing_service():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RefusingHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://localhost:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class StubHandler(http.server.BaseHTTPRequestHandler):
    """A stand-in service with a canned verdict (the mapping of awkward blocks), recording what it is sent."""
    verdict = {}
    requests = []

    def do_OPTIONS(self):
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", EXTENSION_ORIGIN)
        self.send_header("Access-Control-Allow-Methods", "POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Authorization, Content-Type")
        self.end_headers()

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        StubHandler.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
        answer = json.dumps(StubHandler.verdict).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Access-Control-Allow-Origin", EXTENSION_ORIGIN)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def stub_service():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), StubHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://localhost:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


# --- the browser -------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Chromium (new headless mode) with the unpacked extension. The copy under test is the committed extension
    with one addition: the host permission for the loopback test site, i.e. what the user grants when adding the
    site to the allow-list in the options page (an optional permission, which a test cannot click through)."""
    work = tmp_path_factory.mktemp("chromium")
    extension = work / "extension"
    shutil.copytree(EXTENSION_DIR, extension)
    manifest = dict(MANIFEST, host_permissions=["http://127.0.0.1/*"])
    (extension / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    args = ["--headless=new", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--no-default-browser-check", f"--disable-extensions-except={extension}",
            f"--load-extension={extension}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(work / "profile"), executable_path=CHROMIUM, headless=False, args=args,
            viewport={"width": 1100, "height": 900}, locale="en-US")
        try:
            worker = context.service_workers[0] if context.service_workers else \
                context.wait_for_event("serviceworker", timeout=15000)
            page = context.pages[0] if context.pages else context.new_page()
            yield {"context": context, "worker": worker, "page": page}
        finally:
            context.close()


VISIBLE_TEXT_JS = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent && parent.checkVisibility({visibilityProperty: true, checkVisibilityCSS: true})) out.push(node.data);
  }
  return out.join("");
}"""

BADGE = "promo-detector-badge"


def configure(browser, **settings):
    defaults = {"serviceUrl": "", "apiKey": KEY, "endpoint": "score", "display": "hide", "timeoutMs": 20000,
                "autoSites": []}
    browser["worker"].evaluate("s => chrome.storage.local.clear().then(() => chrome.storage.local.set(s))",
                               {**defaults, **settings})


def open_page(browser, url):
    page = browser["page"]
    page.goto(url, wait_until="load")
    before_html = page.evaluate(
        "() => (document.doctype ? '<!DOCTYPE html>' : '') + document.documentElement.outerHTML")
    return page, before_html


def user_action(browser):
    """What the toolbar button and the keyboard shortcut do: runInTab(<the active tab>) in the background."""
    return browser["worker"].evaluate("""async () => {
      const [tab] = await chrome.tabs.query({active: true, lastFocusedWindow: true});
      return runInTab(tab.id, "action");
    }""")


def wait_for_badge(page, states=("done", "error")):
    selector = ", ".join(f'{BADGE}[data-state="{state}"]' for state in states)
    page.wait_for_selector(selector, state="attached", timeout=30000)
    return page.locator(BADGE)


def count(haystack, needle):
    return haystack.count(norm(needle))


def verdict_for(service, html):
    response = requests.post(service["base"] + "/v1/score?blocks=all", data=html.encode("utf-8"),
                             headers={"Authorization": f"Bearer {KEY}", "Content-Type": "text/html; charset=utf-8"},
                             timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def check_page(page, verdict, gold, before_visible):
    """The live DOM after the extension ran: promo hidden, everything else (and the gold editorial) visible."""
    after = norm(page.evaluate(VISIBLE_TEXT_JS))
    promo = [b for b in verdict["blocks"] if b["label"] == "promo"]
    other = [b for b in verdict["blocks"] if b["label"] != "promo"]
    problems = []
    for block in promo:
        allowed = sum(norm(b["text"]).count(norm(block["text"])) for b in other)  # the same words, said elsewhere
        if count(after, block["text"]) > allowed:
            problems.append(f"promo block {block['index']} still visible: {block['text'][:80]!r}")
    for block in other:
        text = block["text"]
        if any(norm(text) in norm(p["text"]) for p in promo):
            continue
        expected = min(count(before_visible, text), sum(norm(b["text"]).count(norm(text)) for b in other))
        if count(after, text) < expected:
            problems.append(f"{block['label']} block {block['index']} hidden: {text[:80]!r}")
    model_false_positives = []
    for snippet in gold.get("editorial", []):
        if any(norm(snippet) in norm(p["text"]) or norm(p["text"]) in norm(snippet) for p in promo):
            model_false_positives.append(snippet)        # the service says promo: hiding it is the extension's job
            continue
        if count(after, snippet) < max(1, count(before_visible, snippet)):
            problems.append(f"gold editorial snippet hidden: {snippet[:80]!r}")
    return problems, model_false_positives, after


def hidden_marks(page):
    return page.evaluate("() => document.querySelectorAll('[data-promo-detector], [data-promo-detector-wrap]').length")


# --- the tests ---------------------------------------------------------------------------------------------------

PAGE_FILES = [name for name in GOLD]


def test_extension_id_is_stable_and_permissions_minimal():
    assert EXTENSION_ID == "lanangfaacmimgjghoddkdkhmjneekco"
    assert MANIFEST["manifest_version"] == 3
    assert sorted(MANIFEST["permissions"]) == ["activeTab", "scripting", "storage"]
    assert "host_permissions" not in MANIFEST and "content_scripts" not in MANIFEST
    assert set(MANIFEST["optional_host_permissions"]) == {"http://*/*", "https://*/*"}
    for script in EXTENSION_DIR.glob("*.js"):                   # no remote code, no other destination
        text = script.read_text(encoding="utf-8")
        assert "eval(" not in text and "new Function" not in text and "importScripts" not in text
        assert "https://" not in text.replace("https://news.example", "")
    assert "<script src=\"http" not in (EXTENSION_DIR / "options.html").read_text(encoding="utf-8")


def test_extension_hides_promo_on_every_page(service, pages, browser):
    """Every page, by the user's action (score route), one by the allow-list (auto), two by the clean route."""
    service_url = f"http://localhost:{service['port']}"   # another origin than the pages: a real CORS call
    modes = {name: "action" for name in PAGE_FILES}
    modes["it_crypto_plain_p.html"] = "auto"
    modes["nl_energy_aside.html"] = "auto"
    runs = [(name, modes[name], "score") for name in PAGE_FILES]
    runs += [("article_plain.html", "action", "clean"), ("de_tagesgeld_box.html", "action", "clean")]
    report, failures = [], []
    for name, mode, endpoint in runs:
        if name == "article_plain.html" and not (SEED / name).exists():
            continue
        url = f"{pages}/{name}"
        configure(browser, serviceUrl=service_url, endpoint=endpoint)
        page, before_html = open_page(browser, url)      # the page as the extension will see it
        before_visible = norm(page.evaluate(VISIBLE_TEXT_JS))
        if mode == "auto":                                  # allow-list the site, load the page again: no click
            configure(browser, serviceUrl=service_url, endpoint=endpoint, autoSites=[pages])
            page.goto("about:blank")
            page.goto(url, wait_until="load")
            badge = wait_for_badge(page)
        else:
            result = user_action(browser)
            badge = wait_for_badge(page)
            assert result["status"] == "done", (name, result)
        assert badge.get_attribute("data-state") == "done", (name, badge.get_attribute("data-error"))
        verdict = verdict_for(service, before_html)
        assert int(badge.get_attribute("data-inserts")) == len(verdict["inserts"]), name
        problems, false_positives, after = check_page(page, verdict, GOLD[name], before_visible)
        if name == "article_plain.html":
            for snippet in GOLD[name]["promo"]:
                if count(after, snippet):
                    problems.append(f"gold promo snippet visible: {snippet!r}")
        promo_blocks = sum(b["label"] == "promo" for b in verdict["blocks"])
        report.append(f"{name} [{mode}/{endpoint}]: {promo_blocks} promo blocks, {len(verdict['inserts'])} inserts,"
                      f" {hidden_marks(page)} elements hidden, {len(false_positives)} gold editorial snippets"
                      f" labelled promo by the model")
        failures += [f"{name} [{mode}/{endpoint}]: {p}" for p in problems]
    print("\n".join(report))
    assert not failures, "\n".join(failures)


def test_show_them_toggle_and_screenshots(service, pages, browser, tmp_path):
    name = "article_plain.html" if (SEED / "article_plain.html").exists() else "fr_casino_plain_p.html"
    configure(browser, serviceUrl=f"http://localhost:{service['port']}")
    page, before_html = open_page(browser, f"{pages}/{name}")
    before_visible = norm(page.evaluate(VISIBLE_TEXT_JS))
    verdict = verdict_for(service, before_html)
    promo = [b["text"] for b in verdict["blocks"] if b["label"] == "promo"]
    assert promo
    # the screenshots: the article around its first insert, before and after
    page.set_viewport_size({"width": 1000, "height": 640})
    first = page.locator("p", has_text=promo[0][:40]).first
    page.evaluate("y => window.scrollTo(0, y)", max(0, first.bounding_box()["y"] - 150))
    write_docs = os.environ.get("PROMO_DETECTOR_SCREENSHOTS") == "1" or not (DOCS / "extension-after.png").exists()
    shots = DOCS if write_docs else tmp_path
    page.screenshot(path=str(shots / "extension-before.png"))
    assert user_action(browser)["status"] == "done"
    badge = wait_for_badge(page)
    assert badge.get_attribute("data-hidden") == "true"
    assert "hidden" in badge.locator(".message").inner_text()
    page.screenshot(path=str(shots / "extension-after.png"))
    hidden = norm(page.evaluate(VISIBLE_TEXT_JS))
    assert all(count(hidden, text) == 0 for text in promo)
    toolbar_count = browser["worker"].evaluate("""async () => {
      const [tab] = await chrome.tabs.query({active: true, lastFocusedWindow: true});
      for (let i = 0; i < 40; i++) {             // the count is set by a message that may still be on its way
        const text = await chrome.action.getBadgeText({tabId: tab.id});
        if (text) return text;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return "";
    }""")
    assert toolbar_count == str(len(verdict["inserts"]))
    # "show them": the inserts come back (outlined), the text is the page's again; a second click hides them again
    badge.locator("button.toggle").click()
    assert badge.get_attribute("data-hidden") == "false"
    shown = norm(page.evaluate(VISIBLE_TEXT_JS))
    assert shown == before_visible
    assert page.evaluate("() => getComputedStyle(document.querySelector('[data-promo-detector]')).outlineStyle") \
        == "dashed"
    badge.locator("button.toggle").click()
    assert badge.get_attribute("data-hidden") == "true"
    assert norm(page.evaluate(VISIBLE_TEXT_JS)) == hidden
    # the toolbar button / shortcut on a processed page toggles too
    assert user_action(browser)["hidden"] is False
    assert norm(page.evaluate(VISIBLE_TEXT_JS)) == before_visible
    page.set_viewport_size({"width": 1100, "height": 900})


@pytest.mark.parametrize("case", ["unreachable", "bad_key", "slow", "origin_refused"])
def test_service_failures_leave_the_page_untouched(service, pages, browser, silent_service, refusing_service, case):
    settings = {
        "unreachable": {"serviceUrl": f"http://127.0.0.1:{free_port()}"},
        "bad_key": {"serviceUrl": f"http://localhost:{service['port']}", "apiKey": "not-the-key"},
        "slow": {"serviceUrl": silent_service, "timeoutMs": 1500},
        "origin_refused": {"serviceUrl": refusing_service},
    }[case]
    expected = {"unreachable": ("unreachable", "unreachable"), "bad_key": ("unauthorized", "refused the API key"),
                "slow": ("timeout", "did not answer within 1.5 s"),
                "origin_refused": ("origin", f"add {EXTENSION_ORIGIN} to PROMO_DETECTOR_CORS_ORIGINS")}[case]
    configure(browser, **settings)
    page, _ = open_page(browser, f"{pages}/de_tagesgeld_box.html")
    before_visible = norm(page.evaluate(VISIBLE_TEXT_JS))
    before_body = page.evaluate("() => document.body.outerHTML")
    result = user_action(browser)
    assert result["status"] == "error", result
    badge = wait_for_badge(page, ("error",))
    assert badge.get_attribute("data-error") == expected[0]
    message = badge.locator(".message").inner_text()
    assert expected[1] in message and "The page was not changed." in message
    assert hidden_marks(page) == 0
    assert page.evaluate("() => document.body.outerHTML") == before_body
    assert norm(page.evaluate(VISIBLE_TEXT_JS)) == before_visible


def test_service_cors_allows_only_the_extension(service, pages, browser):
    base = service["base"]
    preflight = {"Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "authorization,content-type"}
    allowed = requests.options(base + "/v1/score", headers={"Origin": EXTENSION_ORIGIN, **preflight})
    assert allowed.status_code == 204 and allowed.headers["Access-Control-Allow-Origin"] == EXTENSION_ORIGIN
    for origin in (pages, "chrome-extension://abcdefghijklmnopabcdefghijklmnop", "https://evil.example"):
        refused = requests.options(base + "/v1/score", headers={"Origin": origin, **preflight})
        assert refused.status_code == 403 and "Access-Control-Allow-Origin" not in refused.headers
    # a web page (the test site's origin) calling the service from the browser is refused
    page, _ = open_page(browser, f"{pages}/de_tagesgeld_box.html")
    outcome = page.evaluate("""async (url) => {
      try {
        const response = await fetch(url, {method: "POST", headers: {"Authorization": "Bearer %s",
                                           "Content-Type": "text/html"}, body: "<p>x</p>"});
        return "answered " + response.status;
      } catch (e) { return "refused"; }
    }""" % KEY, f"http://localhost:{service['port']}/v1/score?blocks=promo")
    assert outcome == "refused"


def test_text_runs_in_editorial_containers_are_hidden_alone(pages, browser, stub_service):
    """Blocks the browser's DOM does not have at the service's path (no <tbody> in lxml, a stale path) and a promo
    text run inside a container that also holds editorial text: only the promo text goes."""
    StubHandler.verdict, StubHandler.requests = MIXED_VERDICT, []
    configure(browser, serviceUrl=stub_service)
    page, before_html = open_page(browser, f"{pages}/mixed.html")
    before_visible = norm(page.evaluate(VISIBLE_TEXT_JS))
    assert all(count(before_visible, text) == 1 for text in MIXED_PROMO + MIXED_EDITORIAL)
    result = user_action(browser)
    assert result["status"] == "done" and result["missed"] == 1 and result["blocks"] == 3, result
    badge = wait_for_badge(page)
    assert badge.get_attribute("data-inserts") == "3"
    assert "3 promo inserts hidden (1 block not found)" in badge.locator(".message").inner_text()
    after = norm(page.evaluate(VISIBLE_TEXT_JS))
    assert [text for text in MIXED_PROMO if count(after, text)] == []
    assert [text for text in MIXED_EDITORIAL if not count(after, text)] == []
    assert page.locator("#c").is_visible() and page.locator("td").first.is_visible()
    assert page.evaluate("() => document.querySelectorAll('[data-promo-detector-wrap]').length") == 1
    assert page.evaluate("() => document.querySelector('td:nth-child(2)').dataset.promoDetector") == "hidden"
    assert page.evaluate("() => document.querySelector('div.box').dataset.promoDetector") == "hidden"
    # what went to the service: one POST of this page's HTML with the key, from the extension's origin
    assert len(StubHandler.requests) == 1
    sent = StubHandler.requests[0]
    assert sent["path"].startswith("/v1/score?blocks=promo&url=")
    assert sent["headers"]["Authorization"] == f"Bearer {KEY}"
    assert sent["headers"]["Origin"] == EXTENSION_ORIGIN
    assert sent["headers"]["Content-Type"].startswith("text/html")
    assert "promo-detector-badge" not in sent["body"].decode("utf-8")
    assert norm(sent["body"].decode("utf-8")) == norm(before_html)
    # shown again: the wrapped run and the cell come back outlined, the text is the page's again
    badge.locator("button.toggle").click()
    assert norm(page.evaluate(VISIBLE_TEXT_JS)) == before_visible


def test_options_page_saves_settings_and_tests_the_connection(service, browser):
    configure(browser, serviceUrl="http://127.0.0.1:1", apiKey="")
    options = browser["context"].new_page()
    try:
        options.goto(f"{EXTENSION_ORIGIN}/options.html")
        assert options.locator("#origin").inner_text() == EXTENSION_ORIGIN
        assert options.locator("#serviceUrl").input_value() == "http://127.0.0.1:1"
        options.fill("#serviceUrl", f"http://localhost:{service['port']}/")
        options.fill("#apiKey", "not-the-key")
        options.click("button[type=submit]")
        options.wait_for_selector("#status.ok")
        stored = browser["worker"].evaluate("() => chrome.storage.local.get(null)")
        assert stored["serviceUrl"] == f"http://localhost:{service['port']}" and stored["apiKey"] == "not-the-key"
        options.click("#test")
        sync_api.expect(options.locator("#status")).to_contain_text("refused the API key")
        options.fill("#apiKey", KEY)
        options.click("button[type=submit]")
        sync_api.expect(options.locator("#status")).to_have_text("Saved.")
        options.click("#test")
        sync_api.expect(options.locator("#status")).to_contain_text("The service answered")
        options.fill("#serviceUrl", "ftp://example.org")
        options.click("button[type=submit]")
        sync_api.expect(options.locator("#status")).to_contain_text("Not saved")
        assert browser["worker"].evaluate("() => chrome.storage.local.get('serviceUrl')")["serviceUrl"] \
            == f"http://localhost:{service['port']}"
    finally:
        options.close()
