"""report.html: self-contained (no script, no external resource) and rendered by headless Chromium without errors."""
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html as lxml_html

from detector.audit.audit import AuditOptions, audit
from detector.audit.report import render_report
from test_audit_helpers import MODEL, ROOT, authored_pages, page_rows, write_jsonl

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or (
    "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-extensions", "--no-first-run", "--enable-logging=stderr", "--v=0"]
SCREENSHOT = os.environ.get("AUDIT_REPORT_SCREENSHOT")  # e.g. docs/audit-report.png to refresh the docs' picture


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    write_jsonl(root / "archive.jsonl", page_rows(authored_pages(16) * 2))  # repeated pages: recurring inserts
    audit(AuditOptions(inputs=[str(root / "archive.jsonl")], out=str(root / "out"), model=str(MODEL),
                       scheduler="local", progress=False))
    return root / "out" / "report.html"


def test_report_is_self_contained(report):
    text = report.read_text(encoding="utf-8")
    assert "<script" not in text.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//[^"']*\.(js|css|png|svg|woff2?)""", text, re.I)
    assert not re.search(r"<link\b|@import|url\(", text, re.I)
    tree = lxml_html.fromstring(text)
    assert len(tree.xpath("//svg")) >= 4
    headings = [h.text_content() for h in tree.xpath("//h2")]
    for wanted in ("Promotional content over time", "Recurring inserts (templates)", "Inserts without a disclosure",
                   "Advertisers and affiliate networks", "By section", "By author", "Pages that could not be read"):
        assert wanted in headings


def test_report_escapes_page_text():
    from detector.audit.summary import Aggregate

    summary = Aggregate().to_dict([])
    summary["undisclosed_examples"] = [{"article_id": "a", "url": "javascript:alert(1)\"><script>", "date": None,
                                        "text": "<script>alert(1)</script>", "score": 0.9, "link_domains": [],
                                        "networks": [], "template_id": "T1"}]
    page = render_report(summary)
    assert "<script" not in page and "&lt;script&gt;alert(1)" in page


def run_chromium(*args, timeout=60):
    return subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, *args], capture_output=True, text=True, timeout=timeout)


@pytest.mark.skipif(not CHROMIUM, reason="chromium is not installed (apt-get install -y chromium)")
def test_report_renders_in_headless_chromium(report, tmp_path):
    url = report.resolve().as_uri()
    dom = run_chromium("--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert dom.stdout.count("<svg") >= 4 and "Promotional content audit" in dom.stdout
    console = [line for line in dom.stderr.splitlines()
               if "CONSOLE" in line or "Uncaught" in line or "Failed to load resource" in line or "ERR_" in line]
    assert console == [], "console errors while rendering report.html:\n" + "\n".join(console)
    shot = Path(SCREENSHOT) if SCREENSHOT else tmp_path / "report.png"
    shot = shot if shot.is_absolute() else ROOT / shot
    done = run_chromium("--hide-scrollbars", "--window-size=1100,3400", f"--screenshot={shot}", url)
    assert done.returncode == 0 and shot.exists(), done.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
