"""Transcript store benchmark (issue 6).

1. append 10,000 steps with one commit each through `Store.append_step` (hash chain, redaction, JSON), next to a
   plain-sqlite3 baseline that inserts the same rows into a bare table with a commit each (same WAL and
   synchronous settings); goal <= 3 s;
2. load a 1,000-step episode with all its steps (`Store.get_episode`); goal <= 50 ms (median of 20);
3. import a synthetic 5,000-record CRMArena result file (ReAct and function-calling records, ~10 KB each):
   episodes/s, and the importing process's peak memory (measured in a child process, against the file size,
   to show the import streams);
4. verify the resulting DB (steps/s).

    python bench/store.py            # the table
    python bench/store.py --json     # machine-readable
    python bench/store.py --records 500   # a smaller import

Goals are measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crmtui.store import Step, open_store
from crmtui.store.hashing import to_storage


def make_step(i: int) -> Step:
    return Step("agent", "query", content=f"<thought> step {i} </thought>\n<execute> SELECT Id, Subject FROM Case "
                f"WHERE OwnerId = '005Wt000003N{i:06d}' </execute>", tool="soql",
                arguments={"query": f"SELECT Id, Subject FROM Case WHERE OwnerId = '005Wt000003N{i:06d}'"},
                observation=[{"Id": f"500Wt00000{i:08d}", "Subject": "Battery drains overnight"}] * 3,
                duration_ms=12.5, prompt_tokens=2400 + i, completion_tokens=40, cost=0.0031)


def bench_append(tmp: Path, n: int) -> dict[str, float]:
    store = open_store(tmp / "append.db")
    ep = store.start_episode(agent_kind="llm", episode_id="bench")
    steps = [make_step(i) for i in range(n)]
    start = time.perf_counter()
    for step in steps:
        store.append_step(ep.id, step)
    seconds = time.perf_counter() - start
    store.close()

    conn = sqlite3.connect(tmp / "baseline.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("CREATE TABLE steps (id INTEGER PRIMARY KEY, episode_id TEXT, idx INTEGER, actor TEXT, kind TEXT, "
                 "content TEXT, tool TEXT, arguments TEXT, observation TEXT, duration_ms REAL, prompt_tokens INTEGER, "
                 "completion_tokens INTEGER, cost REAL)")
    rows = [("bench", i, s.actor, s.kind, s.content, s.tool, to_storage(s.arguments), to_storage(s.observation),
             s.duration_ms, s.prompt_tokens, s.completion_tokens, s.cost) for i, s in enumerate(steps)]
    start = time.perf_counter()
    for row in rows:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO steps (episode_id, idx, actor, kind, content, tool, arguments, observation, "
                     "duration_ms, prompt_tokens, completion_tokens, cost) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", row)
        conn.execute("COMMIT")
    baseline = time.perf_counter() - start
    conn.close()
    return {"steps": n, "seconds": seconds, "steps_per_s": n / seconds, "baseline_seconds": baseline}


def bench_load(tmp: Path, n: int = 1000, runs: int = 20) -> dict[str, float]:
    store = open_store(tmp / "load.db")
    ep = store.start_episode(agent_kind="llm", episode_id="long")
    store.append_steps(ep.id, [make_step(i) for i in range(n)])
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        loaded = store.get_episode(ep.id)
        times.append(time.perf_counter() - start)
        assert len(loaded.steps) == n
    store.close()
    return {"steps": n, "median_ms": statistics.median(times) * 1000, "max_ms": max(times) * 1000}


SYSTEM = ("You are an expert in Salesforce and you have access to a Salesforce instance.\n\n# Instructions\n"
          + "- Think step by step and build SOQL or SOSL queries to answer the question.\n" * 20)


def synthetic_record(i: int, rng: random.Random) -> dict:
    """A CRMArena result record: ReAct (2 in 3) or function calling, 3-8 agent turns, ~10 KB."""
    rows = [{"Id": f"500Wt00000{rng.randrange(10**8):08d}", "Subject": "Order arrived damaged",
             "CreatedDate": f"2024-03-0{rng.randrange(1, 10)}T10:00:00.000+0000"}
            for _ in range(rng.randrange(3, 12))]
    turns = rng.randrange(3, 9)
    traj = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": f"Question {i}: who handled it?"}]
    if i % 3:
        for t in range(turns - 1):
            traj.append({"role": "assistant", "content": f"<thought> t{t} </thought>\n<execute> SELECT Id, Subject, "
                         f"CreatedDate FROM Case WHERE AccountId = '001Wt{i:013d}' LIMIT {t + 5} </execute>"})
            traj.append({"role": "user", "content": "Salesforce instance output: " + repr(rows)})
        traj.append({"role": "assistant",
                     "content": "<thought> done </thought>\n<respond> 005Wt000003NaBcIAO </respond>"})
    else:
        for t in range(turns - 1):
            cid = f"call_{i}_{t}"
            traj.append({"content": None, "role": "assistant", "tool_calls": [{"function": {
                "arguments": json.dumps({"case_ids": [r["Id"] for r in rows]}, separators=(",", ":")),
                "name": "get_cases"}, "id": cid, "type": "function"}], "function_call": None,
                "provider_specific_fields": {"refusal": None}, "annotations": []})
            traj.append({"role": "tool", "tool_call_id": cid, "name": "get_cases", "content": repr(rows)})
        traj.append({"content": None, "role": "assistant", "tool_calls": [{"function": {
            "arguments": '{"content":"005Wt000003NaBcIAO"}', "name": "respond"}, "id": f"call_{i}_end",
            "type": "function"}]})
    usage = {"cost": [0.003] * turns, "completion_tokens": [40] * turns, "prompt_tokens": [2500] * turns,
             "total_tokens": [2540] * turns}
    return {"task_id": i, "task_type": "handle_time", "gt_answer": ["005Wt000003NaBcIAO"], "reward": i % 2,
            "agent_info": {"observation_sizes": [], "end_reason": {"source": "agent", "message": "Submit action",
                                                                   "content": "005Wt000003NaBcIAO"},
                           "usage": usage, "total_cost": 0.003 * turns, "num_turns": [0, turns]},
            "traj": traj}


def write_results(path: Path, n: int) -> int:
    rng = random.Random(6)
    with path.open("w") as out:
        out.write("[")
        for i in range(n):
            out.write(("," if i else "") + "\n" + json.dumps(synthetic_record(i, rng)))
        out.write("\n]\n")
    return path.stat().st_size


CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[3])
from crmtui.store import open_store
from crmtui.store.importer import import_file
store = open_store(sys.argv[1])
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
result = import_file(store, sys.argv[2])
seconds = time.perf_counter() - start
start = time.perf_counter()
report = store.verify()
verify_s = time.perf_counter() - start
print(json.dumps({"episodes": result.episodes_added, "seconds": seconds, "base_rss_kb": base,
                  "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "verify_seconds": verify_s,
                  "verify_ok": report.ok, "steps": report.steps}))
"""


def bench_import(tmp: Path, n: int) -> dict[str, float]:
    source = tmp / "results_bench-model_react_handle_time_interactive-False.json"
    size = write_results(source, n)
    root = str(Path(__file__).resolve().parent.parent)
    out = subprocess.run([sys.executable, "-c", CHILD, str(tmp / "import.db"), str(source), root],
                         capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)
    data.update({"records": n, "file_mb": size / 1e6, "episodes_per_s": data["episodes"] / data["seconds"],
                 "db_mb": (tmp / "import.db").stat().st_size / 1e6})
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--steps", type=int, default=10_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        results = {"append": bench_append(tmp, args.steps), "load": bench_load(tmp),
                   "import": bench_import(tmp, args.records)}
    if args.json:
        print(json.dumps(results, indent=2))
        return
    a, ld, im = results["append"], results["load"], results["import"]
    rows = [
        (f"append {a['steps']:,} steps, one commit each", f"{a['seconds']:.2f} s", "<= 3 s"),
        ("  plain sqlite3 baseline (same rows)", f"{a['baseline_seconds']:.2f} s",
         f"x{a['seconds'] / a['baseline_seconds']:.1f}"),
        ("  steps/s", f"{a['steps_per_s']:,.0f}", ""),
        (f"load a {ld['steps']:,}-step episode (median of 20)", f"{ld['median_ms']:.1f} ms", "<= 50 ms"),
        (f"import {im['records']:,} CRMArena records ({im['file_mb']:.0f} MB)", f"{im['seconds']:.2f} s", ""),
        ("  episodes/s", f"{im['episodes_per_s']:,.0f}", ""),
        ("  peak RSS of the importer (before import)",
         f"{im['peak_rss_kb'] / 1024:.0f} MB ({im['base_rss_kb'] / 1024:.0f} MB)", ""),
        ("  DB size", f"{im['db_mb']:.0f} MB", ""),
        (f"verify the imported DB ({im['steps']:,} steps)", f"{im['verify_seconds']:.2f} s",
         "ok" if im["verify_ok"] else "BROKEN"),
    ]
    print(f"{'benchmark':<46}{'result':>20}{'goal':>12}")
    for label, value, goal in rows:
        print(f"{label:<46}{value:>20}{goal:>12}")

if __name__ == "__main__":
    main()
