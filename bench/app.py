"""App responsiveness: process start to the Tasks screen accepting input, and per-key latencies.

Each run is a fresh `python` process that runs the app headlessly (`App.run_test`) on the real task catalog
and reports wall-clock times measured from just before the process was spawned:
- input ready: the Tasks screen is mounted and its table has the focus (keys are handled from here on);
- tasks shown: the catalog is loaded (in a worker) and every task is in the table;
and whether litellm was imported (it must not be). Then, in one process, per-key latencies (pilot.press, which
also waits for the screen to settle, so these are upper bounds) of moving the task cursor and of typing a filter.
Per-key figures are the CPU time the process spends per key (the app's own cost); the wall time printed next to
them adds pilot's wait for the screen to settle (about 40 ms even for an empty app), an upper bound.
Goals: input ready <= 1 s; per key <= 50 ms. Also `crmtui --help` (goal <= 0.3 s, no Textual).
Episodes (another process, on a temporary transcript DB holding one synthetic 1,000-step episode): the time from
asking for the Episode screen (its module not imported yet) to the replay being on screen (every step in the
trace, the conversation and the inspector filled; goal <= 0.3 s), then per-key CPU time of stepping forward and
back through it (goal <= 50 ms).

    python bench/app.py [--runs N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time

CHILD = "--child"


async def _child(spawned: float, keys: bool) -> dict:
    from crmtui.app.app import CrmtuiApp
    from crmtui.app.screens.tasks import TasksScreen
    from crmtui.app.widgets.grid import Grid

    app = CrmtuiApp(keymap={})
    out: dict = {}
    async with app.run_test(size=(120, 40)) as pilot:
        while not (isinstance(app.screen, TasksScreen) and isinstance(app.focused, Grid)):
            await asyncio.sleep(0.002)
        out["input_ready"] = time.time() - spawned
        screen = app.screen
        while not screen.ready:
            await asyncio.sleep(0.002)
        await pilot.pause()
        out["tasks_shown"] = time.time() - spawned
        out["tasks"] = screen.query_one(Grid).row_count
        out["litellm"] = "litellm" in sys.modules
        out["modules"] = len(sys.modules)
        if keys:
            async def per_key(name: str, presses: list[str]) -> None:
                wall, cpu = time.perf_counter(), time.process_time()
                await pilot.press(*presses)
                out[name] = ((time.perf_counter() - wall) / len(presses), (time.process_time() - cpu) / len(presses))

            await per_key("key_down", ["down"] * 50)
            await pilot.press("slash")
            await per_key("key_filter", list("org=b2b,task=handle_time"))
            await pilot.press("escape")
            await per_key("key_blind", ["b"] * 10)
            await per_key("key_page", ["pagedown"] * 20)
    return out


EPISODE_STEPS = 1000


def _synthetic_episode(store) -> str:
    """A stored 1,000-step episode: the system prompt, the question, then queries returning 20 rows, a reply."""
    from crmtui.store.model import Step

    t = "2026-01-01T10:00:00.000Z"
    rows = [{"Id": f"500Wt00000{n:08d}AQ", "Subject": f"Case {n}", "Status": "Closed", "OwnerId": "005Wt000070000MIAQ"}
            for n in range(20)]
    steps = [Step("system", "message", content="You are an assistant. " * 200, ended_at=t),
             Step("user", "message", content="Which agent closed the most cases last month?", ended_at=t)]
    for n in range(EPISODE_STEPS - 3):
        steps.append(Step("agent", "query", content=f"<execute> SELECT Id FROM Case LIMIT {n} </execute>",
                          tool="soql", arguments={"query": f"SELECT Id, Subject, Status, OwnerId FROM Case LIMIT {n}"},
                          observation=rows, duration_ms=3.0, ended_at=t, meta={"types": {"type": "Case"}}))
    steps.append(Step("agent", "respond", content="005Wt000070000MIAQ", arguments={"content": "005Wt000070000MIAQ"},
                      ended_at=t))
    ep = store.start_episode(task="b2b/handle_time/0000", agent_kind="llm", agent_model="bench", toolset="react")
    store.append_steps(ep.id, steps)
    store.finish_episode(ep.id, end_reason="Submit action", reward=1.0)
    return ep.id


async def _episode_child() -> dict:
    import tempfile
    from pathlib import Path

    from crmtui.app.app import CrmtuiApp
    from crmtui.store import open_store

    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        with open_store(db) as store:
            episode_id = _synthetic_episode(store)
        app = CrmtuiApp(keymap={}, db_path=db, loader=lambda: [])
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.pause()
            _ = app.store  # opened by the app on first use (not part of opening the episode)
            start = time.perf_counter()
            from crmtui.episode.live import EpisodeRequest  # imported by the Tasks screen when it opens one

            app.open_episode(EpisodeRequest("replay", episode_id=episode_id))
            while True:
                screen = app.screen
                trace = list(screen.query("#ep-trace"))
                if getattr(screen, "live", None) is not None and trace and trace[0].row_count == EPISODE_STEPS:
                    break
                await asyncio.sleep(0.001)
            out["episode_open"] = time.perf_counter() - start  # the next frame paints it
            await pilot.pause()
            while screen.schema is None:  # the schema loads in the background; measure keys once it is in
                await asyncio.sleep(0.01)
            await pilot.pause()

            async def per_key(name: str, presses: list[str]) -> None:
                wall, cpu = time.perf_counter(), time.process_time()
                await pilot.press(*presses)
                out[name] = ((time.perf_counter() - wall) / len(presses), (time.process_time() - cpu) / len(presses))

            await pilot.press("greater_than_sign")
            await per_key("key_step_back", ["comma"] * 60)
            await per_key("key_step_forward", ["full_stop"] * 60)
            out["cursor"] = screen.live.cursor
    return out


def _spawn_episode() -> dict:
    done = subprocess.run([sys.executable, __file__, CHILD, "0", "episode"], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _spawn(keys: bool) -> dict:
    spawned = time.time()
    done = subprocess.run([sys.executable, __file__, CHILD, repr(spawned), "keys" if keys else "-"],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _help_seconds() -> tuple[float, bool]:
    code = ("import sys,time; t=time.time(); from crmtui.cli import main\n"
            "import contextlib, io\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    try: main(['--help'])\n"
            "    except SystemExit: pass\n"
            "print('textual' in sys.modules)")
    spawned = time.time()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return time.time() - spawned, done.stdout.strip().endswith("True")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    runs = [_spawn(keys=False) for _ in range(args.runs)]
    keys = _spawn(keys=True)
    helps = [_help_seconds() for _ in range(args.runs)]
    episodes = [_spawn_episode() for _ in range(max(1, args.runs // 2))]
    opened = statistics.median(e["episode_open"] for e in episodes)
    ep_keys = episodes[0]

    def med(key: str) -> float:
        return statistics.median(r[key] for r in runs)

    rows = [
        ("process start -> Tasks input ready", f"{med('input_ready'):.3f} s", "<= 1 s",
         "ok" if med("input_ready") <= 1 else "SLOW"),
        (f"process start -> all {runs[0]['tasks']:,} tasks shown", f"{med('tasks_shown'):.3f} s", "-", ""),
        ("litellm imported by the app", str(any(r["litellm"] for r in runs)), "False",
         "ok" if not any(r["litellm"] for r in runs) else "FAIL"),
        ("modules loaded at ready", f"{statistics.median(r['modules'] for r in runs):.0f}", "-", ""),
        *[(f"key: {what}", f"{keys[key][1] * 1000:.1f} ms", "<= 50 ms",
           ("ok" if keys[key][1] <= 0.05 else "SLOW") + f" (wall {keys[key][0] * 1000:.0f} ms)")
          for key, what in (("key_down", "move the task cursor"), ("key_page", "page down the tasks"),
                            ("key_filter", "type into the filter (re-filters all)"),
                            ("key_blind", "toggle blind mode"))],
        ("crmtui --help", f"{statistics.median(h[0] for h in helps):.3f} s", "<= 0.3 s",
         "ok" if statistics.median(h[0] for h in helps) <= 0.3 else "SLOW"),
        ("Textual imported by --help", str(any(h[1] for h in helps)), "False",
         "ok" if not any(h[1] for h in helps) else "FAIL"),
        (f"open a {EPISODE_STEPS:,}-step episode (replay shown)", f"{opened:.3f} s", "<= 0.3 s",
         "ok" if opened <= 0.3 else "SLOW"),
        *[(f"key: {what}", f"{ep_keys[key][1] * 1000:.1f} ms", "<= 50 ms",
           ("ok" if ep_keys[key][1] <= 0.05 else "SLOW") + f" (wall {ep_keys[key][0] * 1000:.0f} ms)")
          for key, what in (("key_step_forward", "replay: step forward (1,000 steps)"),
                            ("key_step_back", "replay: step back"))],
    ]
    widths = [max(len(r[i]) for r in [("measure", "median", "goal", ""), *rows]) for i in range(4)]
    print(f"crmtui app benchmark ({args.runs} runs; per key: CPU time, and wall time including pilot's settling)")
    header = ("measure", "median", "goal", "")
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(str(c).ljust(w) if i != 1 else str(c).rjust(w) for i, (c, w) in enumerate(zip(row, widths,
                                                                                                        strict=True))))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == CHILD:
        os.environ.setdefault("TEXTUAL", "")
        if sys.argv[3] == "episode":
            result = asyncio.run(_episode_child())
        else:
            result = asyncio.run(_child(float(sys.argv[2]), sys.argv[3] == "keys"))
        print(json.dumps(result))
    else:
        main()
