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
        ("open a 1,000-step episode", "n/a", "<= 0.3 s", "needs the episode store"),
        ("per-key stepping through an episode", "n/a", "<= 50 ms", "needs the episode engine"),
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
        result = asyncio.run(_child(float(sys.argv[2]), sys.argv[3] == "keys"))
        print(json.dumps(result))
    else:
        main()
