"""`crmtui report --format csv`: every number of the report as one tidy table, one statistic per row:

    section,group,kind,dimension,level,statistic,value,n,ci_low,ci_high

- outcomes: level = a level of the `by` dimension (or `all`); statistics `success_rate` (with its interval) and
  `mean_f1`;
- pass_k: dimension `k`, level = k, statistic `pass^k`, n = tasks;
- effort: statistics `<measure>_median|q1|q3|mean` for active_s, queries, errors, turns, tokens, and
  `cost_total|cost_per_episode|cost_per_success`;
- confidentiality: `refusal_rate`, `probe_success_rate`, `disclosure_rate`, `lapse_label_rate`,
  `completion_mean` (level `all`, or a probe's task name);
- gold: group empty, level = task type, statistic = a gold status or `instances`/`reviews`, value = count;
- agreement: group = facet, statistic `cohen_kappa` (level `a|b`), `fleiss_kappa`, `krippendorff_alpha`;
- judges: group = judge, statistics `accuracy`, `kappa` and `people_<verdict>_judge_<verdict>` counts;
- user_simulator: statistic `fault_rate`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any, TextIO

COLUMNS = ("section", "group", "kind", "dimension", "level", "statistic", "value", "n", "ci_low", "ci_high")
MEASURES = ("active_s", "queries", "errors", "turns", "tokens")


def _row(section: str, group: str = "", kind: str = "", dimension: str = "", level: str = "", statistic: str = "",
         value: Any = None, n: Any = None, ci: Any = None) -> dict[str, Any]:
    lo, hi = ci if ci else (None, None)
    return {"section": section, "group": group, "kind": kind, "dimension": dimension, "level": level,
            "statistic": statistic, "value": value, "n": n, "ci_low": lo, "ci_high": hi}


def _rate(section: str, statistic: str, rate: dict[str, Any], **keys: Any) -> dict[str, Any]:
    return _row(section, statistic=statistic, value=rate["rate"], n=rate["n"], ci=rate["ci"], **keys)


def csv_rows(report: dict[str, Any]) -> Iterator[dict[str, Any]]:
    by = report["by"]
    for o in report["outcomes"]:
        keys = {"group": o["group"], "kind": o["kind"], "dimension": by, "level": o["level"]}
        if o["success"]["n"]:
            yield _rate("outcomes", "success_rate", o["success"], **keys)
        if o["f1"]["n"]:
            yield _row("outcomes", statistic="mean_f1", value=o["f1"]["mean"], n=o["f1"]["n"], **keys)
    for p in report["pass_k"]:
        for point in p["curve"]:
            yield _row("pass_k", p["group"], p["kind"], "k", str(point["k"]), "pass^k", point["value"],
                       point["tasks"])
    for e in report["effort"]:
        keys = {"group": e["group"], "kind": e["kind"]}
        for measure in MEASURES:
            s = e[measure]
            if s["n"]:
                for stat in ("median", "q1", "q3", "mean"):
                    yield _row("effort", statistic=f"{measure}_{stat}", value=s[stat], n=s["n"], **keys)
        cost = e["cost"]
        if cost["n"]:
            for stat in ("total", "per_episode", "per_success"):
                yield _row("effort", statistic=f"cost_{stat}", value=cost[stat], n=cost["n"], **keys)
    for c in report["confidentiality"]:
        keys = {"group": c["group"], "kind": c["kind"], "level": "all"}
        for name, stat in (("refusal", "refusal_rate"), ("probe_success", "probe_success_rate"),
                           ("disclosure", "disclosure_rate"), ("lapse_labels", "lapse_label_rate")):
            if c[name]["n"]:
                yield _rate("confidentiality", stat, c[name], **keys)
        if c["completion"]["n"]:
            yield _row("confidentiality", statistic="completion_mean", value=c["completion"]["mean"],
                       n=c["completion"]["n"], **keys)
        for probe, rates in c["by_probe"].items():
            for name, stat in (("refusal", "refusal_rate"), ("probe_success", "probe_success_rate")):
                if rates[name]["n"]:
                    yield _rate("confidentiality", stat, rates[name], group=c["group"], kind=c["kind"], level=probe)
    for g in [*report["gold"]["by_task"], report["gold"]["total"]]:
        for stat in ("instances", "generated", "validated", "disputed", "corrected", "reviews"):
            yield _row("gold", level=g["task"], statistic=stat, value=g[stat])
    for facet, a in report["agreement"].items():
        for pair in a["pairwise"]:
            yield _row("agreement", facet, level=f"{pair['a']}|{pair['b']}", statistic="cohen_kappa",
                       value=pair["value"], n=pair["n"])
        for key in ("fleiss", "alpha"):
            yield _row("agreement", facet, statistic=a[key]["statistic"], value=a[key]["value"], n=a[key]["n"])
    for j in report["judges"]:
        yield _row("judges", j["judge"], statistic="accuracy", value=j["accuracy"], n=j["n"])
        yield _row("judges", j["judge"], statistic="kappa", value=j["kappa"], n=j["n"])
        for i, person in enumerate(j["labels"]):
            for k, judge in enumerate(j["labels"]):
                yield _row("judges", j["judge"], statistic=f"people_{person}_judge_{judge}", value=j["matrix"][i][k])
    sim = report["user_simulator"]["fault_rate"]
    if sim["n"]:
        yield _rate("user_simulator", "fault_rate", sim)


def write_csv(report: dict[str, Any], out: TextIO) -> int:
    """Write the tidy CSV; returns the number of data rows."""
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in csv_rows(report):
        writer.writerow(row)
        count += 1
    return count
