"""`crmtui org build|info`: output, exit codes, and one clear line for bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from crmtui.cli import main


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    monkeypatch.setenv("CRMTUI_HOME", str(tmp_path / "home"))


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_build_then_info(tmp_path, capsys):
    path = tmp_path / "orig.db"
    code, out, _err = run(capsys, "org", "build", "--kind", "original", "--seed", "3", "--out", str(path))
    assert code == 0 and "Built original org (seed 3" in out and path.exists()
    code, out, _err = run(capsys, "org", "info", str(path))
    assert code == 0
    assert "now: 2025-06-30T18:00:00.000+0000" in out
    for obj in ("Case", "CaseHistory__c", "PricebookEntry", "Knowledge__kav"):
        assert obj in out
    code, out, _err = run(capsys, "org", "info", str(path), "--format", "json")
    data = json.loads(out)
    assert data["meta"]["kind"] == "original" and data["meta"]["seed"] == "3"
    assert len(data["counts"]) == 16 and data["total"] == sum(data["counts"].values())


@pytest.mark.parametrize(("argv", "message"), [
    (["org", "build", "--kind", "b2x"], "unknown org kind 'b2x'"),
    (["org", "build", "--kind", "b2b", "--now", "June 1st"], "invalid date/time 'June 1st'"),
    (["org", "build", "--kind", "b2b", "--out", "/nonexistent-dir/x.db"], "does not exist"),
    (["org", "info", "/nonexistent-dir/x.db"], "no such org dump"),
    (["org", "info", "--org", "embedded"], "invalid --org"),
])
def test_bad_input_is_one_clear_line(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1 and message in err and err.startswith("crmtui: error: ")


def test_existing_file_refused_then_forced(tmp_path, capsys):
    path = tmp_path / "o.db"
    path.write_text("x")
    code, _out, err = run(capsys, "org", "build", "--kind", "original", "--out", str(path))
    assert code == 1 and "file exists" in err and path.read_text() == "x"
    code, _out, _err = run(capsys, "org", "build", "--kind", "original", "--out", str(path), "--force")
    assert code == 0 and path.stat().st_size > 1_000_000


def test_not_an_org_dump(tmp_path, capsys):
    path = tmp_path / "junk.db"
    path.write_bytes(b"definitely not sqlite" * 100)
    code, _out, err = run(capsys, "org", "info", str(path))
    assert code == 1 and "not an SQLite org dump" in err


def test_bad_usage_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["org", "build"])
    assert exc.value.code == 2


def test_default_org_is_built_on_first_use(tmp_path, capsys):
    code, out, _err = run(capsys, "org", "info", "--org", "embedded:original")
    assert code == 0 and "kind: original" in out
    built = list((tmp_path / "home" / "orgs").glob("original-*.db"))
    assert len(built) == 1


def test_help_does_not_import_heavy_modules():
    probe = ("import sys, crmtui.cli\n"
             "crmtui.cli._parser()\n"
             "print(sorted(m for m in ('litellm', 'textual', 'rich', 'crmtui.org.generate') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
