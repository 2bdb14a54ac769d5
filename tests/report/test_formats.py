"""CSV and HTML renderings of the fixture report; the HTML file opened by a headless Chromium."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess

import pytest

from crmtui.report import make_report
from crmtui.report.html import render_html
from crmtui.report.render_csv import COLUMNS, write_csv
from crmtui.report.render_rich import bar, renderables


@pytest.fixture(scope="module")
def report(report_db):
    return make_report(report_db.store)


def test_csv_rows(report):
    out = io.StringIO()
    count = write_csv(report, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == COLUMNS and len(rows) == count
    ana = [r for r in rows if r["section"] == "outcomes" and r["group"] == "human:ana" and r["level"] == "all"]
    assert ana == [{"section": "outcomes", "group": "human:ana", "kind": "human", "dimension": "skill",
                    "level": "all", "statistic": "success_rate", "value": "0.6667", "n": "3", "ci_low": "0.2077",
                    "ci_high": "0.9385"}]
    index = {(r["section"], r["group"], r["level"], r["statistic"]): r for r in rows}
    assert index[("judges", "llm:fake", "", "kappa")]["value"] == "0.4"
    assert index[("judges", "sealed", "", "people_pass_judge_pass")]["value"] == "2"
    assert index[("agreement", "outcome_verdicts", "ana|bob", "cohen_kappa")]["n"] == "4"
    assert index[("gold", "", "all", "validated")]["value"] == "1"
    assert index[("pass_k", "humans (pooled)", "2", "pass^k")]["value"] == "0.0"
    assert index[("user_simulator", "", "", "fault_rate")]["value"] == "1.0"
    assert index[("confidentiality", "human:ana", "private_customer_information", "refusal_rate")]["n"] == "1"


def test_terminal_bar():
    assert bar(0.5, [0.25, 0.75], width=8).plain == "██▓▓░░··"
    assert bar(None, None, width=4).plain == "····"
    assert bar(1.0, [0.5, 1.0], width=4).plain == "██▓▓"


def test_rich_sections(report):
    from rich.console import Console

    console = Console(width=160, record=True, file=io.StringIO(), color_system=None)
    for item in renderables(report):
        console.print(item)
    text = console.export_text()
    for title in ("Outcomes by skill", "pass^k", "Effort per episode", "Confidentiality", "Gold validation",
                  "Agreement between people", "Judges vs people", "User simulator fault rate: 100%"):
        assert title in text
    assert "67% [21%–94%] 2/3" in text and "ana–bob 0.50 (4)" in text


def test_html_is_self_contained(report):
    page = render_html(report)
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)  # nothing fetched
    assert "<script src" not in page and "@import" not in page and "url(" not in page
    assert page.count('class="bar"') == sum(1 for o in report["outcomes"] if o["success"]["n"] or o["f1"]["n"])
    assert "human:ana" in page and "&lt;" not in report["groups"][0]["group"]


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(_chromium() is None, reason="Chromium is not installed (apt-get install chromium)")
def test_html_renders_in_headless_chromium(report, tmp_path):
    path = tmp_path / "report.html"
    path.write_text(render_html(report), encoding="utf-8")
    result = subprocess.run(
        [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
         f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", path.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    for chart in ("chart-outcomes", "chart-pass-k", "chart-times"):
        assert re.search(rf'<svg[^>]*class="chart {chart}"', dom), chart
    bars = sum(1 for o in report["outcomes"] if o["success"]["n"] or o["f1"]["n"])
    assert len(re.findall(r'<rect class="bar"', dom)) == bars
    assert len(re.findall(r'<polyline class="curve"', dom)) == len(report["pass_k"])
    assert len(re.findall(r'<g class="box"', dom)) == sum(1 for e in report["effort"] if e["active_s"]["n"])
    assert "<title>crmtui report</title>" in dom and 'id="report-data"' in dom
