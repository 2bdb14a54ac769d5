"""`crmtui report --format json`: the report dict as JSON. Its structure (version `crmtui_report: 1`) is stable:
keys are only ever added. Rates are `{"n", "successes", "rate", "ci": [low, high]}` (Wilson 95%; `rate` and `ci`
null when n is 0); spreads are `{"n", "median", "q1", "q3", "iqr", "min", "max", "mean"}` (quartiles type 7);
agreements are `{"statistic", "value", "n", "raters", "observed", "expected", "ratings"}` (value null when
undefined). Numbers are rounded to 4 decimals (costs to 6).

    crmtui_report   1
    db, by, filters the DB path, the outcome dimension (type|skill|domain|org|turn), the filters applied
    counts          episodes, finished, abandoned, running, labels, gold_reviews, tasks
    groups          [{group, kind (human|humans|agent|imported|takeover), episodes, finished}]
    outcomes        [{group, kind, level ("all" first, then each level of `by`), episodes, success: rate,
                      f1: {n, mean}}]  (success over exact-match and privacy tasks; f1 over fuzzy-match tasks)
    pass_k          [{group, kind, tasks, max_trials, curve: [{k, value, tasks}]}]
    effort          [{group, kind, episodes, abandoned, successes, active_s: spread, queries: spread,
                      errors: spread, turns: spread, tokens: spread, cost: {n, total, per_episode, per_success}}]
    confidentiality [{group, kind, variant, refusal: rate, probe_success: rate, by_probe: {task: {refusal,
                      probe_success}}, disclosure: rate, lapse_labels: rate, completion: {n, mean}}]
    gold            {by_task: [{task, instances, generated, validated, disputed, corrected, reviews}], total}
    agreement       {gold_verdicts|outcome_verdicts|failure_categories|fault_sources: {units, units_shared,
                      raters, pairwise: [{a, b, ...agreement}], fleiss: agreement, alpha: agreement}}
    judges          [{judge, n, labels: [pass, fail], matrix (rows: people, columns: judge), accuracy, kappa,
                      judge_pass_human_fail, judge_fail_human_pass}]
    user_simulator  {multi_turn_episodes, fault_rate: rate, fault_sources: {source: episodes}}
"""

from __future__ import annotations

import json
from typing import Any, TextIO


def write_json(report: dict[str, Any], out: TextIO) -> None:
    json.dump(report, out, ensure_ascii=False, indent=2)
    out.write("\n")
