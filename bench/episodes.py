"""Episode engine benchmark (issue 7): the oracle agent over every instance of one org, scored and stored.

Plays every generated instance of the org (single-turn, or multi-turn with the scripted user) through the
engine, writing every step to a fresh transcript DB, and reports episodes per second, the total time, and how
that time splits between the engine itself, the tools (SOQL/SOSL), the judge and the store.

    python bench/episodes.py                   # b2b, single-turn
    python bench/episodes.py --org b2c --turns multi
    python bench/episodes.py --json

Goal (DESIGN.md): the oracle over every instance of one org (~2,140 episodes, scored and stored) <= 60 s.
Measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crmtui.episode.actors import OracleActor
from crmtui.episode.engine import EpisodeEngine
from crmtui.episode.users import ScriptedUser
from crmtui.org.backends import open_backend
from crmtui.store import open_store
from crmtui.tasks.instances import load_instances

GOAL_SECONDS = 60.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--org", default="b2b", choices=("original", "b2b", "b2c"))
    parser.add_argument("--turns", default="single", choices=("single", "multi"))
    parser.add_argument("--limit", type=int, help="only the first N instances")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    instances = load_instances(args.org, include_imported=False)[:args.limit]
    t = time.perf_counter()
    backend = open_backend(f"embedded:{args.org}")
    open_s = time.perf_counter() - t
    timing: Counter = Counter()
    rewards = Counter()
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "bench.db") as store:
        started = time.perf_counter()
        for instance in instances:
            engine = EpisodeEngine(instance, backend, OracleActor(), store=store,
                                   user=ScriptedUser() if args.turns == "multi" else None)
            outcome = engine.run()
            rewards[outcome.reward == 1.0] += 1
            timing.update(engine.timing)
        total = time.perf_counter() - started
        steps = store.counts()["steps"]
    # engine.timing["total"] covers apply(); actors (the oracle's derivation) run outside it
    tools, judge, store_s, actors = timing["tools"], timing["judge"], timing["store"], timing["actors"]
    engine_s = max(total - tools - judge - store_s - actors, 0.0)
    result = {
        "org": args.org, "turns": args.turns, "episodes": len(instances), "steps": steps,
        "reward_1": rewards[True], "not_1": rewards[False], "open_org_s": round(open_s, 3),
        "total_s": round(total, 3), "episodes_per_s": round(len(instances) / total, 1) if total else None,
        "split_s": {"engine": round(engine_s, 3), "soql": round(tools, 3), "oracle": round(actors, 3),
                    "judge": round(judge, 3), "store": round(store_s, 3)},
        "goal_s": GOAL_SECONDS, "within_goal": total <= GOAL_SECONDS,
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"oracle over {args.org} ({args.turns}-turn): {len(instances):,} episodes, {steps:,} steps",
                  title_justify="left")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("total time", f"{total:.2f} s (goal <= {GOAL_SECONDS:.0f} s)")
    table.add_row("episodes / s", f"{result['episodes_per_s']}")
    for name, seconds in result["split_s"].items():
        table.add_row(f"  {name}", f"{seconds:.2f} s ({seconds / total:.0%})" if total else "-")
    table.add_row("reward 1.0", f"{rewards[True]:,} / {len(instances):,}")
    table.add_row("open org", f"{open_s:.2f} s")
    Console().print(table)
    return 0 if rewards[False] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
