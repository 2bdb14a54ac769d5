"""The report as rich renderables: one table per section, success rates drawn as terminal bars with their 95%
interval. `crmtui report` prints them; the app's Baselines screen shows the same renderables.

A bar is `width` cells: `█` up to the interval's lower bound, `▓` from there to the rate, `░` from the rate to the
upper bound, `·` beyond.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

SECTIONS = ("outcomes", "pass_k", "effort", "confidentiality", "gold", "agreement", "judges")
KIND_STYLES = {"human": "cyan", "humans": "bold cyan", "agent": "magenta", "imported": "yellow",
               "takeover": "green"}
FACET_TITLES = {"gold_verdicts": "gold verdicts", "outcome_verdicts": "episode verdicts",
                "failure_categories": "failure categories", "fault_sources": "fault sources"}
DIM = "dim"


def pct(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value * 100:.{digits}f}%"


def num(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "–"
    if float(value).is_integer() and digits <= 2:
        return f"{int(value):,}"
    return f"{value:,.{digits}f}"


def kappa_text(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def bar(rate: float | None, ci: list[float] | None, width: int = 20, style: str = "magenta") -> Text:
    """A terminal bar of a rate in [0, 1] with its interval (see the module docstring)."""
    text = Text()
    if rate is None:
        return Text("·" * width, style=DIM)
    lo, hi = ci if ci else (rate, rate)
    lower, filled, upper = round(lo * width), round(rate * width), round(hi * width)
    for i in range(width):
        if i < lower:
            text.append("█", style=style)
        elif i < filled:
            text.append("▓", style=style)
        elif i < upper:
            text.append("░", style=style)
        else:
            text.append("·", style=DIM)
    return text


def _group(name: str, kind: str) -> Text:
    return Text(name, style=KIND_STYLES.get(kind, ""))


def _rate_text(rate: dict[str, Any], compact: bool = False) -> Text:
    if not rate["n"]:
        return Text("–", style=DIM)
    ci = rate["ci"]
    if compact:
        return Text.assemble(f"{pct(rate['rate'])} ", (f"{rate['successes']}/{rate['n']}", DIM))
    return Text.assemble(f"{pct(rate['rate'])} ", (f"[{pct(ci[0])}–{pct(ci[1])}] ", DIM),
                         (f"{rate['successes']}/{rate['n']}", DIM))


def _table(title: str, *columns: str, right: tuple[str, ...] = (), compact: bool = False) -> Table:
    """A table; in compact mode (narrow terminals) group names wrap instead of squeezing the numbers."""
    table = Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD, padding=(0, 1),
                  pad_edge=not compact)
    for name in columns:
        if name == "group":
            table.add_column(name, no_wrap=not compact, min_width=14 if compact else None,
                             max_width=22 if compact else None, overflow="fold")
        else:
            table.add_column(name, justify="right" if name in right else "left", no_wrap=True)
    return table


def outcomes_table(report: dict[str, Any], bar_width: int = 20, compact: bool = False) -> Table:
    by = report["by"]
    title = (f"Outcomes by {by}" if compact else
             f"Outcomes by {by} (success rate, Wilson 95% interval; fuzzy-match tasks as mean F1)")
    f1_head = "F1" if compact else "F1 (n)"
    table = _table(title, "group", by, "n", "success", "bar", f1_head, right=("n", f1_head), compact=compact)
    previous = None
    for o in report["outcomes"]:
        if previous is not None and o["group"] != previous:
            table.add_section()
        first = o["group"] != previous
        previous = o["group"]
        style = KIND_STYLES.get(o["kind"], "")
        s, f1 = o["success"], o["f1"]
        table.add_row(_group(o["group"], o["kind"]) if first else "",
                      Text(o["level"], style="bold" if o["level"] == "all" else ""), f"{o['episodes']:,}",
                      _rate_text(s, compact), bar(s["rate"], s["ci"], bar_width, style),
                      f"{f1['mean']:.2f} ({f1['n']})" if f1["n"] else "–")
    return table


def pass_k_table(report: dict[str, Any], compact: bool = False) -> Table:
    rows = report["pass_k"]
    top = max((p["max_trials"] for p in rows), default=1)
    ks = list(range(1, min(top, 5 if compact else 8) + 1))
    table = _table("pass^k (all k trials of a task succeed; tau-bench)", "group", "tasks",
                   *[f"k={k}" for k in ks], right=("tasks", *[f"k={k}" for k in ks]), compact=compact)
    for p in rows:
        values = {point["k"]: point["value"] for point in p["curve"]}
        table.add_row(_group(p["group"], p["kind"]), f"{p['tasks']:,}", *[pct(values.get(k), 1) for k in ks])
    return table


def _spread(s: dict[str, Any], digits: int = 1, compact: bool = False) -> Text:
    if not s["n"]:
        return Text("–", style=DIM)
    if compact:
        return Text(num(s["median"], digits))
    return Text.assemble(num(s["median"], digits), (f" [{num(s['q1'], digits)}–{num(s['q3'], digits)}]", DIM))


def effort_table(report: dict[str, Any], compact: bool = False) -> Table:
    columns = ("episodes", "abandoned", "active s", "queries", "errors", "turns", "tokens", "$ / episode",
               "$ / success")
    if compact:
        columns = ("n", "quit", "active s", "queries", "errors", "turns", "$/ep")
    title = "Effort per episode (medians; errors: mean)" if compact else \
        "Effort per episode (median [IQR]; errors: mean)"
    table = _table(title, "group", *columns, right=columns, compact=compact)
    for e in report["effort"]:
        cost = e["cost"]
        cells = [f"{e['episodes']:,}", f"{e['abandoned']:,}", _spread(e["active_s"], compact=compact),
                 _spread(e["queries"], 0, compact), Text(num(e["errors"]["mean"], 2) if e["errors"]["n"] else "–"),
                 _spread(e["turns"], 0, compact)]
        if compact:
            cells.append(num(cost["per_episode"], 4))
        else:
            cells += [_spread(e["tokens"], 0), num(cost["per_episode"], 4), num(cost["per_success"], 4)]
        table.add_row(_group(e["group"], e["kind"]), *cells)
    return table


def confidentiality_table(report: dict[str, Any], compact: bool = False) -> Table:
    columns = ("refusal", "probe score", "disclosed", "lapses", "completion") if compact else \
        ("refusal (probes)", "probe score", "disclosure (check)", "lapse (labels)", "completion")
    table = _table("Confidentiality on external-facing tasks (per actor and prompt variant)", "group", *columns,
                   right=("completion",), compact=compact)
    for c in report["confidentiality"]:
        comp = c["completion"]
        table.add_row(_group(c["group"], c["kind"]), _rate_text(c["refusal"], compact),
                      _rate_text(c["probe_success"], compact), _rate_text(c["disclosure"], compact),
                      _rate_text(c["lapse_labels"], compact),
                      f"{comp['mean']:.2f} ({comp['n']})" if comp["n"] else "–")
    return table


GOLD_KEYS = ("instances", "generated", "validated", "disputed", "corrected", "reviews")


def gold_table(report: dict[str, Any], compact: bool = False) -> Table:
    headers = ("n", "gen", "valid", "disp", "corr", "rev") if compact else GOLD_KEYS
    table = _table("Gold validation per task type", "task", *headers, right=headers, compact=compact)
    rows = report["gold"]["by_task"]
    for g in rows:
        table.add_row(g["task"], *[f"{g[k]:,}" for k in GOLD_KEYS])
    total = report["gold"]["total"]
    if len(rows) > 1:
        table.add_section()
        table.add_row(Text("all", style="bold"), *[f"{total[k]:,}" for k in GOLD_KEYS])
    return table


def agreement_table(report: dict[str, Any], compact: bool = False) -> Table:
    heads = ("units", "raters", "Cohen κ (n)", "Fleiss κ", "α") if compact else \
        ("units", "raters", "Cohen's κ per pair (n)", "Fleiss' κ", "Krippendorff's α")
    table = _table("Agreement between people", "on", *heads, right=(heads[0], heads[3], heads[4]), compact=compact)
    for facet, a in report["agreement"].items():
        pairs = Text()
        for i, p in enumerate(a["pairwise"]):
            pairs.append(("\n" if i else "") + f"{p['a']}–{p['b']} {kappa_text(p['value'])} ({p['n']})")
        table.add_row(FACET_TITLES.get(facet, facet), f"{a['units_shared']}/{a['units']}", str(len(a["raters"])),
                      pairs if a["pairwise"] else Text("–", style=DIM),
                      f"{kappa_text(a['fleiss']['value'])} ({a['fleiss']['n']})",
                      f"{kappa_text(a['alpha']['value'])} ({a['alpha']['n']})")
    return table


def judges_table(report: dict[str, Any], compact: bool = False) -> Table:
    heads = ("n", "p→p", "p→f", "f→p", "f→f", "acc.", "κ") if compact else \
        ("n", "pass→pass", "pass→fail", "fail→pass", "fail→fail", "accuracy", "κ")
    title = "Judges vs people (rows: people)" if compact else \
        "Judges vs people's verdicts (rows: people, columns: judge)"
    table = _table(title, "judge", *heads, right=heads, compact=compact)
    for j in report["judges"]:
        (pp, pf), (fp, ff) = j["matrix"]
        table.add_row(j["judge"], str(j["n"]), str(pp), str(pf), str(fp), str(ff), pct(j["accuracy"]),
                      kappa_text(j["kappa"]))
    return table


def user_simulator_text(report: dict[str, Any]) -> Text:
    sim = report["user_simulator"]
    rate = sim["fault_rate"]
    if not rate["n"]:
        return Text(f"User simulator: no labelled multi-turn episode ({sim['multi_turn_episodes']} multi-turn).",
                    style=DIM)
    return Text.assemble(("User simulator fault rate: ", "bold"), _rate_text(rate),
                         (f" of labelled multi-turn episodes; fault sources {sim['fault_sources']}", DIM))


def summary_text(report: dict[str, Any]) -> Text:
    c = report["counts"]
    filters = ", ".join(f"{k}={v}" for k, v in report["filters"].items()) or "none"
    return Text.assemble(("crmtui report", "bold"), f"  {c['finished']:,} finished episodes",
                         (f" ({c['abandoned']:,} abandoned, {c['running']:,} running)", DIM),
                         f", {len(report['groups'])} actor groups, {c['labels']:,} labels, "
                         f"{c['gold_reviews']:,} gold reviews", (f"   filters: {filters}", DIM))


BUILDERS = {"outcomes": outcomes_table, "pass_k": pass_k_table, "effort": effort_table,
            "confidentiality": confidentiality_table, "gold": gold_table, "agreement": agreement_table,
            "judges": judges_table}


def section(report: dict[str, Any], name: str, compact: bool = False) -> RenderableType:
    """One section's renderable (the judges section carries the user-simulator line); `compact` for terminals
    narrower than about 120 columns."""
    if name == "judges":
        return Group(judges_table(report, compact), user_simulator_text(report))
    if name == "outcomes" and compact:
        return outcomes_table(report, bar_width=10, compact=True)
    return BUILDERS[name](report, compact=compact)


def renderables(report: dict[str, Any], sections: tuple[str, ...] = SECTIONS,
                compact: bool = False) -> list[RenderableType]:
    return [summary_text(report), *[section(report, name, compact) for name in sections]]
