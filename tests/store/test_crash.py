"""A writer killed with SIGKILL loses no committed step and leaves a DB that passes integrity_check and verify."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from crmtui.cli import main
from crmtui.store import open_store

from .conftest import REACT_FILE, ROOT, raw

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")

WRITER = r"""
import sys, time
from crmtui.store import Step, open_store
path, mode = sys.argv[1], sys.argv[2]
store = open_store(path)
ep = store.start_episode(agent_kind="llm", episode_id="E")
for i in range(30):
    store.append_step("E", Step("agent", "query", content=f"q{i}", arguments={"query": "SELECT Id FROM Case"},
                                observation=[{"Id": str(i)}]))
    print(f"committed {i}", flush=True)
if mode == "mid-transaction":
    with store.transaction():
        store.append_steps("E", [Step("agent", "message", content=f"uncommitted {j}") for j in range(5)])
        store.annotate("E", author="ann", note="uncommitted")
        print("in-transaction", flush=True)
        time.sleep(120)
else:  # a tight loop, killed at whatever point it has reached
    i = 30
    while True:
        store.append_step("E", Step("agent", "message", content=f"m{i}", observation={"big": "x" * 5000}))
        print(f"committed {i}", flush=True)
        i += 1
"""

IMPORTER = r"""
import sys, time
from crmtui.store import open_store
from crmtui.store import importer
path, source = sys.argv[1], sys.argv[2]
store = open_store(path)
real_add = importer._Session.add
def add(self, index, record, line):
    real_add(self, index, record, line)
    if index == 1:
        print("two records written", flush=True)
        time.sleep(120)
importer._Session.add = add
importer.import_file(store, source)
"""


def spawn(code: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True, cwd=str(ROOT))


def kill_after(proc: subprocess.Popen, marker: str) -> list[str]:
    lines = []
    for line in proc.stdout:
        lines.append(line.strip())
        if line.startswith(marker):
            break
    os.kill(proc.pid, signal.SIGKILL)
    lines += [line.strip() for line in proc.stdout]  # whatever it printed before dying
    proc.wait(timeout=30)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    return lines


def check_sound(path: Path) -> None:
    conn = raw(path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
    with open_store(path) as store:
        assert store.verify().ok


def test_killed_in_the_middle_of_a_transaction(tmp_path, capsys):
    path = tmp_path / "t.db"
    proc = spawn(WRITER, str(path), "mid-transaction")
    lines = kill_after(proc, "in-transaction")
    assert lines[-2:] == ["committed 29", "in-transaction"]
    assert Path(str(path) + "-wal").exists()  # the killed writer left its WAL behind
    check_sound(path)
    with open_store(path) as store:
        (ep,) = store.resumable()
        assert (ep.id, ep.step_count, [s.content for s in ep.steps]) == ("E", 30, [f"q{i}" for i in range(30)])
        assert store.counts()["annotations"] == 0 and store.counts()["annotators"] == 0
        assert store.append_step("E", ep.steps[0]).index == 30  # resumes where it stopped
    assert main(["verify", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: 1 episodes, 31 steps: every hash chain verifies\n"


def test_killed_at_an_arbitrary_point_of_a_write_loop(tmp_path):
    path = tmp_path / "t.db"
    proc = spawn(WRITER, str(path), "loop")
    lines = kill_after(proc, "committed 120")
    check_sound(path)
    reported = int(lines[-1].split()[1])
    with open_store(path) as store:
        count = store.get_episode("E").step_count
        # every step reported committed is there; at most the one being written when killed is added
        assert reported + 1 <= count <= reported + 2
        assert [s.index for s in store.steps("E")] == list(range(count))


def test_killed_during_a_file_import_leaves_nothing_of_that_file(tmp_path):
    path = tmp_path / "t.db"
    with open_store(path) as store:
        store.start_episode(agent_kind="human", episode_id="before")
    proc = spawn(IMPORTER, str(path), str(REACT_FILE))
    assert kill_after(proc, "two records written") == ["two records written"]
    check_sound(path)
    with open_store(path) as store:
        counts = store.counts()
        assert (counts["episodes"], counts["steps"], counts["imports"]) == (1, 0, 0)
        assert json.loads(json.dumps([e.id for e in store.episodes()])) == ["before"]
