"""Two writer processes on one DB (a batch runner and an annotator): nothing is lost, every chain verifies."""

from __future__ import annotations

import subprocess
import sys
import time

from crmtui.store import open_store

from .conftest import ROOT

WRITER = r"""
import sys, time
from crmtui.store import Step, open_store
path, name, n, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
store = open_store(path)
while time.time() < go:
    time.sleep(0.001)
own = store.start_episode(agent_kind="llm", episode_id=f"own-{name}")
for i in range(n):
    store.append_step("shared", Step("agent", "message", content=f"{name}-{i}"))
    store.append_step(own.id, Step("agent", "message", content=f"{name}-{i}"))
    if i % 10 == 0:
        store.annotate("shared", author=name, note=f"{name} at {i}")
store.finish_episode(own.id)
print("done", flush=True)
"""


def test_two_writer_processes_lose_nothing(tmp_path):
    path = tmp_path / "t.db"
    n = 150
    with open_store(path) as store:
        store.start_episode(agent_kind="llm", episode_id="shared")
    go = f"{time.time() + 0.5:.3f}"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, str(n), go], cwd=str(ROOT),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for name in ("a", "b")]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert (proc.returncode, out, err) == (0, "done\n", "")
    with open_store(path) as store:
        shared = store.steps("shared")
        assert [s.index for s in shared] == list(range(2 * n))
        assert sorted(s.content for s in shared) == sorted(f"{w}-{i}" for w in "ab" for i in range(n))
        for w in "ab":  # each writer's steps are in its own order
            mine = [int(s.content.split("-")[1]) for s in shared if s.content.startswith(w)]
            assert mine == list(range(n))
            own = store.get_episode(f"own-{w}")
            assert (own.status, [s.content for s in own.steps]) == ("finished", [f"{w}-{i}" for i in range(n)])
        assert len(store.annotations("shared")) == 2 * len(range(0, n, 10))
        report = store.verify()
        assert report.ok and (report.episodes, report.steps) == (3, 4 * n)
