"""`crmtui report --format html`: the report as ONE self-contained HTML file: inline CSS, inline SVG charts drawn
here, no script, no font, no image, nothing fetched, so it opens in any browser offline and can be mailed.

Charts: success per actor group and level of the outcome dimension (bars with their Wilson 95% interval; a level
with only fuzzy-match tasks shows mean F1), pass^k curves, and the distribution of active time per group (box
plots: whiskers min–max, box q1–q3, line at the median; log scale when the times span more than two decades).
The tables under each chart carry the same numbers as the terminal report. The report's JSON is embedded as a
`<script type="application/json" id="report-data">` block (data, not code) for anyone who wants the numbers.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

PALETTE = ("#1f77b4", "#17becf", "#2ca02c", "#9467bd", "#d62728", "#ff7f0e", "#8c564b", "#e377c2", "#7f7f7f",
           "#bcbd22", "#393b79", "#637939")
FACET_TITLES = {"gold_verdicts": "Gold verdicts (per task)", "outcome_verdicts": "Episode verdicts (pass/fail)",
                "failure_categories": "Failure categories (per episode)", "fault_sources": "Fault sources"}

CSS = """
:root { --fg: #1d2330; --muted: #667085; --line: #d0d5dd; --bg: #ffffff; --panel: #f7f8fa; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg);
       background: var(--bg); margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid var(--line);
padding-bottom: 4px; } h3 { font-size: 15px; margin: 16px 0 6px; }
p.meta, .muted { color: var(--muted); } nav a { margin-right: 12px; color: #175cd3; text-decoration: none; }
table { border-collapse: collapse; margin: 8px 0 16px; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: var(--panel); font-weight: 600; } td.num, th.num { text-align: right; }
figure { margin: 8px 0; } figcaption { color: var(--muted); font-size: 12px; }
svg text { font: 11px system-ui, sans-serif; fill: var(--fg); } svg .axis { stroke: var(--muted); }
svg .grid { stroke: var(--line); stroke-dasharray: 2 3; } .swatch { display: inline-block; width: 10px;
height: 10px; margin-right: 4px; border-radius: 2px; } .legend span { margin-right: 14px; white-space: nowrap; }
.empty { color: var(--muted); font-style: italic; }
"""


def _pct(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value * 100:.{digits}f}%"


def _num(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "–"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.{digits}f}"


def _k(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _rate(rate: dict[str, Any]) -> str:
    if not rate["n"]:
        return "–"
    lo, hi = rate["ci"]
    return f"{_pct(rate['rate'])} <span class=muted>[{_pct(lo)}–{_pct(hi)}] {rate['successes']}/{rate['n']}</span>"


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], numeric: Iterable[int] = ()) -> str:
    """An HTML table; cells are already-escaped HTML."""
    right = set(numeric)
    head = "".join(f"<th{' class=num' if i in right else ''}>{escape(h)}</th>" for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(f"<td{' class=num' if i in right else ''}>{c}</td>" for i, c in enumerate(row))
                   + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def colors(report: dict[str, Any]) -> dict[str, str]:
    """A fixed colour per actor group, in report order (the same in every chart)."""
    return {g["group"]: PALETTE[i % len(PALETTE)] for i, g in enumerate(report["groups"])}


def _legend(groups: Sequence[str], palette: dict[str, str]) -> str:
    items = "".join(f'<span><i class="swatch" style="background:{palette[g]}"></i>{escape(g)}</span>'
                    for g in groups)
    return f'<div class="legend">{items}</div>'


# -- charts ----------------------------------------------------------------------------------------------------


def outcomes_chart(report: dict[str, Any], palette: dict[str, str]) -> str:
    rows = [o for o in report["outcomes"] if o["success"]["n"] or o["f1"]["n"]]
    if not rows:
        return '<p class="empty">No finished episodes.</p>'
    levels = ["all", *sorted({o["level"] for o in rows} - {"all"})]
    groups = [g["group"] for g in report["groups"] if any(o["group"] == g["group"] for o in rows)]
    by_key = {(o["group"], o["level"]): o for o in rows}
    label_w, plot_w, bar_h, gap, head_h = 200, 460, 14, 3, 20
    height = 10
    for level in levels:
        height += head_h + sum(bar_h + gap for g in groups if (g, level) in by_key) + 8
    width = label_w + plot_w + 120
    parts = [f'<svg class="chart chart-outcomes" role="img" width="{width}" height="{height + 20}" '
             f'viewBox="0 0 {width} {height + 20}" xmlns="http://www.w3.org/2000/svg">',
             f"<title>Success by {escape(report['by'])} per actor group</title>"]
    for tick in range(0, 101, 20):
        x = label_w + plot_w * tick / 100
        parts.append(f'<line class="grid" x1="{x:.1f}" y1="6" x2="{x:.1f}" y2="{height}"/>')
        parts.append(f'<text x="{x:.1f}" y="{height + 14}" text-anchor="middle">{tick}%</text>')
    y = 10
    for level in levels:
        present = [g for g in groups if (g, level) in by_key]
        if not present:
            continue
        parts.append(f'<text x="4" y="{y + 13}" font-weight="600">{escape(level)}</text>')
        y += head_h
        for g in present:
            o = by_key[(g, level)]
            fuzzy = not o["success"]["n"]
            value = o["f1"]["mean"] if fuzzy else o["success"]["rate"]
            n = o["f1"]["n"] if fuzzy else o["success"]["n"]
            w = plot_w * (value or 0)
            label = g if len(g) <= 30 else g[:29] + "…"
            parts.append(f'<text x="12" y="{y + bar_h - 3}" class="group-label">{escape(label)}</text>')
            parts.append(f'<rect class="bar" x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                         f'fill="{palette[g]}" opacity="{0.55 if fuzzy else 0.9}"><title>{escape(g)} · '
                         f'{escape(level)}: {_pct(value, 1)} {"mean F1" if fuzzy else "success"} (n={n})</title>'
                         "</rect>")
            if not fuzzy and o["success"]["ci"]:
                lo, hi = o["success"]["ci"]
                x1, x2, cy = label_w + plot_w * lo, label_w + plot_w * hi, y + bar_h / 2
                parts.append(f'<path class="ci" d="M{x1:.1f},{cy - 4:.1f}v8M{x1:.1f},{cy:.1f}H{x2:.1f}'
                             f'M{x2:.1f},{cy - 4:.1f}v8" stroke="#111" stroke-width="1" fill="none"/>')
            text = f"{_pct(value)}{' F1' if fuzzy else ''} n={n}"
            parts.append(f'<text x="{label_w + plot_w + 6}" y="{y + bar_h - 3}">{escape(text)}</text>')
            y += bar_h + gap
        y += 8
    parts.append(f'<line class="axis" x1="{label_w}" y1="6" x2="{label_w}" y2="{height}"/></svg>')
    return "".join(parts)


def pass_k_chart(report: dict[str, Any], palette: dict[str, str]) -> str:
    curves = [p for p in report["pass_k"] if p["curve"]]
    if not curves:
        return '<p class="empty">No scored exact-match episodes.</p>'
    top = max(max(pt["k"] for pt in p["curve"]) for p in curves)
    left, right, topm, bottom, width, height = 48, 20, 12, 36, 560, 280
    plot_w, plot_h = width - left - right, height - topm - bottom

    def x(k: int) -> float:
        return left + (plot_w * (k - 1) / (top - 1) if top > 1 else plot_w / 2)

    def y(v: float) -> float:
        return topm + plot_h * (1 - v)

    parts = [f'<svg class="chart chart-pass-k" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg"><title>pass^k per actor group</title>']
    for tick in range(0, 101, 25):
        parts.append(f'<line class="grid" x1="{left}" y1="{y(tick / 100):.1f}" x2="{width - right}" '
                     f'y2="{y(tick / 100):.1f}"/><text x="{left - 6}" y="{y(tick / 100) + 4:.1f}" '
                     f'text-anchor="end">{tick}%</text>')
    for k in range(1, top + 1):
        parts.append(f'<text x="{x(k):.1f}" y="{height - bottom + 16}" text-anchor="middle">{k}</text>')
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 4}" text-anchor="middle">k (trials that must all '
                 "succeed)</text>")
    parts.append(f'<line class="axis" x1="{left}" y1="{topm}" x2="{left}" y2="{topm + plot_h}"/>'
                 f'<line class="axis" x1="{left}" y1="{topm + plot_h}" x2="{width - right}" y2="{topm + plot_h}"/>')
    for p in curves:
        color = palette[p["group"]]
        points = " ".join(f"{x(pt['k']):.1f},{y(pt['value']):.1f}" for pt in p["curve"])
        parts.append(f'<polyline class="curve" points="{points}" fill="none" stroke="{color}" stroke-width="2">'
                     f"<title>{escape(p['group'])}</title></polyline>")
        for pt in p["curve"]:
            parts.append(f'<circle class="point" cx="{x(pt["k"]):.1f}" cy="{y(pt["value"]):.1f}" r="3" '
                         f'fill="{color}"><title>{escape(p["group"])}: pass^{pt["k"]} = {_pct(pt["value"], 1)} '
                         f'over {pt["tasks"]} tasks</title></circle>')
    parts.append("</svg>")
    return "".join(parts) + _legend([p["group"] for p in curves], palette)


def time_chart(report: dict[str, Any], palette: dict[str, str]) -> str:
    rows = [e for e in report["effort"] if e["active_s"]["n"]]
    if not rows:
        return '<p class="empty">No active times recorded.</p>'
    values = [v for e in rows for v in (e["active_s"]["min"], e["active_s"]["max"]) if v is not None]
    positive = [v for v in values if v > 0]
    hi = max(values) or 1.0
    log = bool(positive) and hi / min(positive) > 100
    floor = min(positive) if positive else 0.01

    label_w, plot_w, row_h, width = 200, 460, 24, 720
    height = 16 + row_h * len(rows) + 30

    def sx(v: float | None) -> float:
        v = v or 0.0
        if log:
            lo_l, hi_l = math.log10(floor), math.log10(hi)
            span = (hi_l - lo_l) or 1.0
            return label_w + plot_w * (math.log10(max(v, floor)) - lo_l) / span
        return label_w + plot_w * v / hi

    parts = [f'<svg class="chart chart-times" role="img" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
             f"<title>Active time per episode ({'log scale' if log else 'seconds'})</title>"]
    ticks = ([10 ** e for e in range(math.floor(math.log10(floor)), math.ceil(math.log10(hi)) + 1)] if log
             else [hi * i / 4 for i in range(5)])
    for t in ticks:
        if log and not floor <= t <= hi * 1.0001:
            continue
        parts.append(f'<line class="grid" x1="{sx(t):.1f}" y1="8" x2="{sx(t):.1f}" y2="{height - 26}"/>'
                     f'<text x="{sx(t):.1f}" y="{height - 12}" text-anchor="middle">{_num(t, 2)} s</text>')
    y = 16
    for e in rows:
        s, color = e["active_s"], palette[e["group"]]
        cy = y + row_h / 2 - 4
        label = e["group"] if len(e["group"]) <= 30 else e["group"][:29] + "…"
        parts.append(f'<text x="4" y="{cy + 4:.1f}">{escape(label)}</text>')
        q1, q3 = sx(s["q1"]), sx(s["q3"])
        parts.append(f'<g class="box"><title>{escape(e["group"])}: median {_num(s["median"])} s, IQR '
                     f'{_num(s["q1"])}–{_num(s["q3"])} s, n={s["n"]}</title>'
                     f'<line x1="{sx(s["min"]):.1f}" y1="{cy:.1f}" x2="{sx(s["max"]):.1f}" y2="{cy:.1f}" '
                     f'stroke="{color}"/>'
                     f'<rect x="{q1:.1f}" y="{cy - 7:.1f}" width="{max(q3 - q1, 1.5):.1f}" height="14" '
                     f'fill="{color}" fill-opacity="0.35" stroke="{color}"/>'
                     f'<line x1="{sx(s["median"]):.1f}" y1="{cy - 7:.1f}" x2="{sx(s["median"]):.1f}" '
                     f'y2="{cy + 7:.1f}" stroke="#111" stroke-width="2"/></g>')
        y += row_h
    parts.append("</svg>")
    return "".join(parts)


# -- tables ----------------------------------------------------------------------------------------------------


def _outcomes_table(report: dict[str, Any]) -> str:
    rows = [[escape(o["group"]), escape(o["level"]), f"{o['episodes']:,}", _rate(o["success"]),
             f"{o['f1']['mean']:.2f} ({o['f1']['n']})" if o["f1"]["n"] else "–"] for o in report["outcomes"]]
    return _table(["group", report["by"], "episodes", "success [95% CI]", "mean F1 (n)"], rows, (2, 4))


def _pass_k_table(report: dict[str, Any]) -> str:
    top = max((p["max_trials"] for p in report["pass_k"]), default=1)
    rows = []
    for p in report["pass_k"]:
        values = {pt["k"]: pt["value"] for pt in p["curve"]}
        rows.append([escape(p["group"]), str(p["tasks"]), *[_pct(values.get(k), 1) for k in range(1, top + 1)]])
    return _table(["group", "tasks", *[f"k={k}" for k in range(1, top + 1)]], rows, range(1, top + 2))


def _spread(s: dict[str, Any]) -> str:
    if not s["n"]:
        return "–"
    return f"{_num(s['median'])} <span class=muted>[{_num(s['q1'])}–{_num(s['q3'])}]</span>"


def _effort_table(report: dict[str, Any]) -> str:
    rows = [[escape(e["group"]), f"{e['episodes']:,}", f"{e['abandoned']:,}", _spread(e["active_s"]),
             _spread(e["queries"]), _num(e["errors"]["mean"]), _spread(e["turns"]), _spread(e["tokens"]),
             _num(e["cost"]["per_episode"], 4), _num(e["cost"]["per_success"], 4)] for e in report["effort"]]
    return _table(["group", "episodes", "abandoned", "active s", "queries", "errors (mean)", "turns", "tokens",
                   "$ / episode", "$ / success"], rows, range(1, 10))


def _confidentiality_table(report: dict[str, Any]) -> str:
    rows = [[escape(c["group"]), _rate(c["refusal"]), _rate(c["probe_success"]), _rate(c["disclosure"]),
             _rate(c["lapse_labels"]),
             f"{c['completion']['mean']:.2f} ({c['completion']['n']})" if c["completion"]["n"] else "–"]
            for c in report["confidentiality"]]
    if not rows:
        return '<p class="empty">No episode on an external-facing task.</p>'
    return _table(["group", "refusal on probes", "probe score", "disclosure (check)", "lapse (labels)",
                   "completion (mean reward)"], rows, (5,))


def _gold_table(report: dict[str, Any]) -> str:
    keys = ("instances", "generated", "validated", "disputed", "corrected", "reviews")
    rows = [[escape(g["task"]), *[f"{g[k]:,}" for k in keys]]
            for g in [*report["gold"]["by_task"], report["gold"]["total"]]]
    return _table(["task", *keys], rows, range(1, 7))


def _agreement_tables(report: dict[str, Any]) -> str:
    rows = []
    for facet, a in report["agreement"].items():
        pairs = "<br>".join(f"{escape(p['a'])}–{escape(p['b'])}: {_k(p['value'])} (n={p['n']})"
                            for p in a["pairwise"]) or "–"
        rows.append([escape(FACET_TITLES.get(facet, facet)), f"{a['units_shared']} / {a['units']}",
                     str(len(a["raters"])), pairs, f"{_k(a['fleiss']['value'])} (n={a['fleiss']['n']})",
                     f"{_k(a['alpha']['value'])} (n={a['alpha']['n']})"])
    return _table(["on", "units rated twice+ / all", "raters", "Cohen's κ per pair", "Fleiss' κ",
                   "Krippendorff's α"], rows, (1, 2))


def _judges_tables(report: dict[str, Any]) -> str:
    if not report["judges"]:
        return '<p class="empty">No episode has both a person\'s verdict and a judge\'s score.</p>'
    out = []
    for j in report["judges"]:
        (pp, pf), (fp, ff) = j["matrix"]
        out.append(f"<h3>{escape(j['judge'])} <span class=muted>n={j['n']}, accuracy {_pct(j['accuracy'])}, "
                   f"κ {_k(j['kappa'])}</span></h3>")
        out.append(_table(["people \\ judge", "pass", "fail"], [["pass", str(pp), str(pf)], ["fail", str(fp),
                                                                                             str(ff)]], (1, 2)))
    return "".join(out)


def _user_simulator(report: dict[str, Any]) -> str:
    sim = report["user_simulator"]
    sources = ", ".join(f"{escape(k)} {v}" for k, v in sim["fault_sources"].items()) or "none"
    return (f"<p>User-simulator fault rate: {_rate(sim['fault_rate'])} of the labelled multi-turn episodes "
            f"({sim['multi_turn_episodes']} multi-turn episodes; fault sources: {sources}).</p>")


def render_html(report: dict[str, Any]) -> str:
    """The whole report as one HTML document (a str)."""
    palette = colors(report)
    c = report["counts"]
    filters = ", ".join(f"{escape(k)}={escape(str(v))}" for k, v in report["filters"].items()) or "none"
    data = json.dumps(report, ensure_ascii=False).replace("</", "<\\/")
    by = escape(report["by"])
    sections = [
        ("outcomes", f"Outcomes by {by}", outcomes_chart(report, palette)
         + "<figcaption>Bars: success rate (exact-match and privacy tasks) with its Wilson 95% interval; pale bars: "
           "mean F1 where a level has only fuzzy-match tasks.</figcaption>" + _outcomes_table(report)),
        ("pass-k", "pass^k", pass_k_chart(report, palette)
         + "<figcaption>Chance that k trials of a task all succeed (tau-bench), averaged over tasks with at least k "
           "trials.</figcaption>" + _pass_k_table(report)),
        ("effort", "Effort", time_chart(report, palette)
         + "<figcaption>Active time per episode: whiskers min–max, box q1–q3, bar at the median.</figcaption>"
         + _effort_table(report)),
        ("confidentiality", "Confidentiality", _confidentiality_table(report)),
        ("gold", "Gold validation", _gold_table(report)),
        ("agreement", "Agreement between people", _agreement_tables(report)),
        ("judges", "Judges vs people", _judges_tables(report) + _user_simulator(report)),
    ]
    nav = "".join(f'<a href="#{sid}">{escape(title)}</a>' for sid, title, _ in sections)
    body = "".join(f'<section id="{sid}"><h2>{escape(title)}</h2><figure>{html}</figure></section>'
                   if sid in ("outcomes", "pass-k", "effort") else
                   f'<section id="{sid}"><h2>{escape(title)}</h2>{html}</section>' for sid, title, html in sections)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<meta name=\"generator\" content=\"crmtui\"><title>crmtui report</title>"
        f"<style>{CSS}</style></head><body>"
        f"<header><h1>crmtui report</h1><p class=\"meta\">{c['finished']:,} finished episodes "
        f"({c['abandoned']:,} abandoned, {c['running']:,} running) in {len(report['groups'])} actor groups · "
        f"{c['labels']:,} labels · {c['gold_reviews']:,} gold reviews · filters: {filters} · "
        f"DB {escape(str(report.get('db') or '-'))}</p>"
        f"{_legend([g['group'] for g in report['groups']], palette)}<nav>{nav}</nav></header>"
        f"{body}<script type=\"application/json\" id=\"report-data\">{data}</script></body></html>\n"
    )
