"""`crmtui report` on the fixture DB: every format, filters, files, the validated gold export, errors."""

from __future__ import annotations

import csv
import io
import json

import pytest

from crmtui.cli import main


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    monkeypatch.setenv("CRMTUI_HOME", str(tmp_path / "home"))


def test_report_table(report_db, capsys):
    assert main(["report", "--db", str(report_db.path)]) == 0
    out = capsys.readouterr().out
    assert "Outcomes by skill" in out and "human:ana" in out and "oracle · react · crmtui-1" in out
    assert "Gold validation per task type" in out and "Judges vs people" in out


def test_report_sections_and_filters(report_db, capsys):
    assert main(["report", "--db", str(report_db.path), "--section", "gold", "--org", "embedded:b2b",
                 "--task", "handle_time"]) == 0
    out = capsys.readouterr().out
    assert "Gold validation" in out and "Outcomes" not in out and "filters: org=b2b, task=handle_time" in out
    # the whole B2B catalog's handle-time instances count as generated
    assert "handle_time" in out and "100" in out


def test_report_json(report_db, capsys):
    assert main(["report", "--db", str(report_db.path), "--format", "json", "--by", "type", "--kind", "human"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["by"] == "type" and report["filters"] == {"kind": "human"}
    assert {g["kind"] for g in report["groups"]} == {"human", "humans"}


def test_report_csv_and_html_files(report_db, tmp_path, capsys):
    target = tmp_path / "r.csv"
    assert main(["report", "--db", str(report_db.path), "--format", "csv", "-o", str(target)]) == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows and rows[0]["section"] == "outcomes"
    page = tmp_path / "r.html"
    assert main(["report", "--db", str(report_db.path), "--format", "html", "-o", str(page)]) == 0
    assert "wrote the report (html)" in capsys.readouterr().err
    assert page.read_text(encoding="utf-8").count('class="chart ') == 3
    assert not list(tmp_path.glob(".*.tmp"))


def test_export_gold(report_db, tmp_path, capsys):
    target = tmp_path / "validated.json"
    assert main(["report", "--db", str(report_db.path), "--export-gold", str(target)]) == 0
    records = json.loads(target.read_text(encoding="utf-8"))
    assert sorted(r["validation"]["status"] for r in records) == ["corrected", "validated"]
    assert "exported 2 validated tasks" in capsys.readouterr().err


def test_report_errors(report_db, tmp_path, capsys):
    assert main(["report", "--db", str(tmp_path / "none.db")]) == 1
    assert "no transcript DB" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()
    with pytest.raises(SystemExit) as exc:
        main(["report", "--by", "colour"])
    assert exc.value.code == 2
    assert main(["report", "--db", str(report_db.path), "--format", "html", "-o",
                 str(tmp_path / "missing" / "r.html")]) == 1
    assert "directory" in capsys.readouterr().err


def test_report_after_an_oracle_run(tmp_path, capsys):
    db = str(tmp_path / "run.db")
    assert main(["run", "--agent", "oracle", "--tasks", "org=b2b,task=handle_time", "--limit", "2", "--trials", "2",
                 "--db", db, "--format", "json"]) == 0
    capsys.readouterr()
    assert main(["report", "--db", db, "--format", "json", "--org", "b2b"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [(g["group"], g["finished"]) for g in report["groups"]] == [("oracle · react · crmtui-1", 4)]
    curve = report["pass_k"][0]["curve"]
    assert [(p["k"], p["value"], p["tasks"]) for p in curve] == [(1, 1.0, 2), (2, 1.0, 2)]
    page = tmp_path / "r.html"
    assert main(["report", "--db", db, "--format", "html", "-o", str(page)]) == 0
    assert '<polyline class="curve"' in page.read_text(encoding="utf-8")
