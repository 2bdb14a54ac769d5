"""Oracles of the CRMArena-Pro sales tasks (and the registry list of every sales, CPQ and probe oracle).

Like the service oracles, each `draw` picks a subject (a state, a lead, an opportunity, a time window...),
runs its reference queries through the backend and calls its own `derive` on the results, exactly as the
reproduction test does later. Transcripts are read back with the generator's public phrase tables
(crmtui.org.generate.text.BANT_SIGNALS, COMPETITOR_PHRASES, SUBTOPIC_PHRASES) and task subjects with the
domain pack's stage task lists, the "known templates" of the org. Ambiguous draws (ties the task's rules do
not break, transcripts that do not settle a question) return None and are redrawn.

Candidate pools (which opportunities have tasks that contradict their stage, which leads have calls...) are
found once per org with bulk queries and kept in `ctx.cache`; they only steer the draws, the gold answer
always comes from the instance's own queries.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from datetime import date
from functools import cache
from typing import Any, ClassVar

from crmtui.tasks.model import Solution
from crmtui.tasks.oracles.base import Draw, OracleContext
from crmtui.tasks.oracles.cpq import CPQ_ORACLES
from crmtui.tasks.oracles.probes import PROBE_ORACLES
from crmtui.tasks.oracles.service import AMBIGUOUS, pick_today, run, unique_best, usable
from crmtui.tasks.oracles.windows import Window, past, random_window

Records = list[dict[str, Any]]

BANT = ("Budget", "Authority", "Need", "Timeline")
STAGES = ("Qualification", "Discovery", "Quote", "Negotiation", "Closed")

STATE_NAMES: dict[str, str] = {}


def _state_name(code: str) -> str:
    if not STATE_NAMES:
        from crmtui.org.generate.vocab import US_STATES

        STATE_NAMES.update({c: name for c, name, _cities in US_STATES})
    return STATE_NAMES.get(code, code)


def day_bounds(window: Window) -> tuple[str, str]:
    """The window as [first day, day after the last day) in YYYY-MM-DD (windows start and end at midnight)."""
    return window.start.date().isoformat(), window.end.date().isoformat()


def date_soql(window: Window, field: str) -> str:
    """`field >= first day AND field < day after` with SOQL date literals (for date fields)."""
    start, end = day_bounds(window)
    return f"{field} >= {start} AND {field} < {end}"


def _quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _id_list(ids: list[str]) -> str:
    return ", ".join(f"'{i}'" for i in ids)


def _called(ctx: OracleContext, field: str) -> list[str]:
    """The distinct leads or opportunities (by `field` of VoiceCallTranscript__c) that have voice calls."""
    key = f"called:{field}"
    if key not in ctx.cache:
        rows = run(ctx, [f"SELECT {field} FROM VoiceCallTranscript__c WHERE {field} != null ORDER BY {field}"])[0]
        ctx.cache[key] = sorted({r[field] for r in rows})
    return ctx.cache[key]


def _cached(ctx: OracleContext, key: str, soql: str) -> Records:
    if key not in ctx.cache:
        ctx.cache[key] = run(ctx, [soql])[0]
    return ctx.cache[key]


# --- reading transcripts with the generator's phrase tables ---------------------------------------------

_SLOT = re.compile(r"\{(\w+)\}")
_NUMERIC = {"n", "m", "w"}


@cache
def _pattern(template: str) -> re.Pattern[str]:
    """A regex matching one filled-in template: literal text verbatim, each {slot} as a named group."""
    out, pos, seen = [], 0, set()
    for match in _SLOT.finditer(template):
        out.append(re.escape(template[pos:match.start()]))
        name = match.group(1)
        if name in seen:
            out.append(f"(?P={name})")
        else:
            seen.add(name)
            out.append(f"(?P<{name}>\\d+)" if name in _NUMERIC else f"(?P<{name}>.+?)")
        pos = match.end()
    out.append(re.escape(template[pos:]))
    return re.compile("".join(out))


def _customer_lines(body: str | None) -> list[str]:
    return [line[len("Customer: "):] for line in (body or "").splitlines() if line.startswith("Customer: ")]


@cache
def _bant_signal(line: str) -> tuple[str, str, dict[str, str]] | None:
    """(factor, 'met'|'unmet', slot values) when a customer line answers one BANT question."""
    from crmtui.org.generate.text import BANT_SIGNALS

    for factor, kinds in BANT_SIGNALS.items():
        for kind, templates in kinds.items():
            for template in templates:
                match = _pattern(template).fullmatch(line)
                if match:
                    return factor, kind, match.groupdict()
    return None


@cache
def _opportunity_signal(line: str, org: str) -> tuple[str, str, str] | None:
    """('competitor'|'subtopic', name, sentiment) when a customer line gives a view on one of them."""
    from crmtui.org.generate.text import COMPETITOR_PHRASES, SUBTOPIC_FALLBACK_PHRASES, SUBTOPIC_PHRASES
    from crmtui.org.generate.vocab import domain_pack

    pack = domain_pack(org)
    for sentiment, templates in COMPETITOR_PHRASES.items():
        for template in templates:
            match = _pattern(template).fullmatch(line)
            if match and match.group("comp") in pack.competitors:
                return "competitor", match.group("comp"), sentiment
    for topic in pack.subtopics:
        phrases = SUBTOPIC_PHRASES.get(topic)
        for sentiment, templates in (phrases or SUBTOPIC_FALLBACK_PHRASES).items():
            for template in templates:
                if _pattern(template.replace("{topic}", topic.lower())).fullmatch(line):
                    return "subtopic", topic, sentiment
    return None


def read_opportunity_call(body: str | None, org: str) -> list[tuple[str, str, str]]:
    """Every (kind, name, sentiment) the customer expresses in one opportunity call, in order."""
    out = []
    for line in _customer_lines(body):
        signal = _opportunity_signal(line, org)
        if signal:
            out.append(signal)
    return out


# --- lead_routing ------------------------------------------------------------------------------------------

class LeadRouting:
    """lead_routing: territory of the lead's state -> most accepted quotes -> fewest unconverted leads."""

    name = key = "lead_routing"
    slots = frozenset({"state", "state_name"})

    def draw(self, ctx: OracleContext, rng: random.Random, answerable: bool) -> Draw | None:
        if not answerable:
            return None
        territories = _cached(ctx, "territories", "SELECT Id, Name, Description FROM Territory2 ORDER BY Id")
        territory = rng.choice(territories)
        state = rng.choice([s.strip() for s in (territory["Description"] or "").split(",") if s.strip()])
        members = sorted({r["UserId"] for r in run(ctx, [
            f"SELECT UserId FROM UserTerritory2Association WHERE Territory2Id = '{territory['Id']}'"])[0]})
        if not members:
            return None
        queries = [
            "SELECT Id, Name, Description FROM Territory2",
            f"SELECT Territory2Id, UserId FROM UserTerritory2Association WHERE Territory2Id = '{territory['Id']}'",
            "SELECT Opportunity.OwnerId, COUNT(Id) accepted FROM Quote WHERE Status = 'Accepted' AND "
            f"Opportunity.OwnerId IN ({_id_list(members)}) GROUP BY Opportunity.OwnerId",
            f"SELECT OwnerId, COUNT(Id) leads FROM Lead WHERE IsConverted = false AND OwnerId IN ({_id_list(members)}) "
            "GROUP BY OwnerId",
        ]
        params = {"state": state}
        answer = self.derive(run(ctx, queries), params)
        if answer in (AMBIGUOUS, [None]):
            return None
        return Draw({"state": state, "state_name": _state_name(state)}, answer,
                    Solution(queries, answer, derive=self.key, params=params))

    def derive(self, results: list[Records], params: dict[str, Any]) -> list[str | None]:
        territories, links, accepted_rows, lead_rows = results
        matches = [t["Id"] for t in territories
                   if params["state"] in {s.strip() for s in (t.get("Description") or "").split(",")}]
        if len(matches) != 1:
            return [None] if not matches else AMBIGUOUS
        members = sorted({r["UserId"] for r in links if r["Territory2Id"] == matches[0]})
        if not members:
            return [None]
        accepted = {r["OwnerId"]: r["accepted"] for r in accepted_rows}
        open_leads = {r["OwnerId"]: r["leads"] for r in lead_rows}
        top = max(accepted.get(m, 0) for m in members)
        candidates = [m for m in members if accepted.get(m, 0) == top]
        if len(candidates) > 1:
            fewest = min(open_leads.get(m, 0) for m in candidates)
            candidates = [m for m in candidates if open_leads.get(m, 0) == fewest]
        return [candidates[0]] if len(candidates) == 1 else AMBIGUOUS


# --- lead_qualification ------------------------------------------------------------------------------------

BANT_ARTICLE_TITLE = "Lead Qualification Guide: BANT Criteria"
_WINDOW_RE = re.compile(r"purchase within (\d+) months")


class LeadQualification:
    """lead_qualification: the BANT criteria a lead's voice calls leave unmet, judged against the guide article.

    The most recent call that touches a criterion decides it. Timeline is judged by the horizon the lead
    states (months, or weeks) against the guide's qualification window.
    """

    name = key = "lead_qualification"
    slots = frozenset({"lead_id"})

    def draw(self, ctx: OracleContext, rng: random.Random, answerable: bool) -> Draw | None:
        lead = rng.choice(_called(ctx, "LeadId__c"))
        queries = [
            f"SELECT Id, CreatedDate, Body__c FROM VoiceCallTranscript__c WHERE LeadId__c = '{lead}' "
            "ORDER BY CreatedDate, Id",
            f"SELECT Id, Title, FAQ_Answer__c FROM Knowledge__kav WHERE Title = {_quote(BANT_ARTICLE_TITLE)}",
        ]
        answer = self.derive(run(ctx, queries), {})
        if not usable(answer, answerable):
            return None
        return Draw({"lead_id": lead}, answer, Solution(queries, answer, derive=self.key))

    def derive(self, results: list[Records], params: dict[str, Any]) -> list[str | None]:
        calls, articles = results
        found = _WINDOW_RE.search(articles[0].get("FAQ_Answer__c") or "") if len(articles) == 1 else None
        if not calls or not found:
            return AMBIGUOUS
        window = int(found.group(1))
        status: dict[str, bool] = {}  # factor -> met, from the latest call that discusses it
        for call in calls:
            for line in _customer_lines(call.get("Body__c")):
                signal = _bant_signal(line)
                if signal is None:
                    continue
                factor, kind, values = signal
                if factor == "Timeline":
                    months = float(values["w"]) * 12 / 52 if "w" in values else float(values.get("n") or values["m"])
                    status[factor] = months <= window  # planned within the guide's window
                else:
                    status[factor] = kind == "met"
        if set(status) != set(BANT):
            return AMBIGUOUS
        unmet = [f for f in BANT if not status[f]]
        return unmet or [None]


# --- sales_insight_mining ----------------------------------------------------------------------------------

_SUBTOPIC_QUESTIONS = {
    "positive": ("Which subtopics of the sales conversations show a positive sentiment towards our solution in "
                 "this opportunity?",
                 "In this opportunity's calls, which discussion subtopics did the customer feel good about?",
                 "What parts of our sales discussions for this opportunity landed well with the customer?"),
    "negative": ("Which subtopics of the sales conversations show a negative sentiment towards our solution in "
                 "this opportunity?",
                 "In this opportunity's calls, which discussion subtopics drew criticism from the customer?",
                 "Where did the customer push back on us during this opportunity's sales calls?"),
    "neutral": ("Which subtopics of this opportunity's sales conversations did the customer stay neutral on?",
                "On which discussion subtopics has the customer not yet formed a view, according to this "
                "opportunity's calls?"),
}
_COMPETITOR_QUESTIONS = {
    "negative": ("Which competitors do we have an edge over in this opportunity's sales conversations?",
                 "According to the calls on this opportunity, which rivals did the customer speak poorly of?"),
    "positive": ("Which competitors are we at a disadvantage against in this opportunity's sales conversations?",
                 "According to the calls on this opportunity, which rivals impressed the customer?"),
    "any": ("Which competitors came up in the sales conversations for this opportunity?",
            "Which rival vendors did the customer mention on this opportunity's calls?"),
}
_WIDE_COMPETITOR_QUESTIONS = {
    "any": ("Which competitor came up in the most sales calls {window}?",
            "{window}, which rival was mentioned in the largest number of our sales conversations?"),
    "positive": ("Which competitor did customers speak most favourably about in sales calls {window}?",
                 "{window}, which rival posed the biggest threat in our sales conversations, judging by how "
                 "many calls praised it?"),
    "negative": ("Which competitor did customers criticise in the most sales calls {window}?",
                 "{window}, against which rival did we come out ahead in the most sales conversations?"),
}
_WIDE_SUBTOPIC_QUESTIONS = {
    "positive": ("Which sales discussion subtopic drew positive customer sentiment in the most calls {window}?",
                 "{window}, which subtopic of our sales conversations was received well most often?"),
    "negative": ("Which sales discussion subtopic drew negative customer sentiment in the most calls {window}?",
                 "{window}, which subtopic of our sales conversations met the most customer criticism?"),
}


class SalesInsightMining:
    """sales_insight_mining: subtopics or competitors with a sentiment in one opportunity's calls, or org-wide
    the competitor or subtopic that came up most in a window relative to a stated today.

    Per-opportunity answers list every distinct name once, in the order of the pack's subtopics or
    competitors, joined with ", " (one string: the task is scored by token F1).
    """

    name = key = "sales_insight_mining"
    slots = frozenset({"scope", "question"})

    def draw(self, ctx: OracleContext, rng: random.Random, answerable: bool) -> Draw | None:
        if not answerable:
            return None
        if rng.random() < 0.5:
            opp = rng.choice(_called(ctx, "OpportunityId__c"))
            if rng.random() < 0.5:
                sentiment = rng.choice(("positive", "positive", "negative", "negative", "neutral"))
                params = {"org": ctx.org, "scope": "opportunity", "about": "subtopic", "sentiment": sentiment}
                question = rng.choice(_SUBTOPIC_QUESTIONS[sentiment])
            else:
                sentiment = rng.choice(("positive", "negative", "any"))
                params = {"org": ctx.org, "scope": "opportunity", "about": "competitor", "sentiment": sentiment}
                question = rng.choice(_COMPETITOR_QUESTIONS[sentiment])
            queries = [f"SELECT Id, CreatedDate, Body__c FROM VoiceCallTranscript__c WHERE OpportunityId__c = "
                       f"'{opp}' ORDER BY CreatedDate, Id"]
            scope = f"- Opportunity Id to be considered is: {opp}"
        else:
            today = pick_today(rng, ctx)
            unit = rng.choice(("weeks", "months", "months", "quarters"))
            n = rng.randint(*{"weeks": (2, 8), "months": (1, 6), "quarters": (1, 3)}[unit])
            window = past(today, unit, n, words=rng.random() < 0.5)
            if rng.random() < 0.6:
                sentiment = rng.choice(("any", "any", "positive", "negative"))
                about, template = "competitor", rng.choice(_WIDE_COMPETITOR_QUESTIONS[sentiment])
            else:
                sentiment = rng.choice(("positive", "negative"))
                about, template = "subtopic", rng.choice(_WIDE_SUBTOPIC_QUESTIONS[sentiment])
            params = {"org": ctx.org, "scope": "org", "about": about, "sentiment": sentiment}
            question = template.format(window=window.phrase)
            question = question[:1].upper() + question[1:]
            queries = ["SELECT Id, CreatedDate, Body__c FROM VoiceCallTranscript__c WHERE OpportunityId__c != null "
                       f"AND {window.soql('CreatedDate')} ORDER BY CreatedDate, Id"]
            scope = f"## Today's date: {today.isoformat()}"
        answer = self.derive(run(ctx, queries), params)
        if answer in (AMBIGUOUS, [None]):
            return None
        return Draw({"scope": scope, "question": question}, answer,
                    Solution(queries, answer, derive=self.key, params=params))

    def derive(self, results: list[Records], params: dict[str, Any]) -> list[str | None]:
        from crmtui.org.generate.vocab import domain_pack

        pack = domain_pack(params["org"])
        about, sentiment = params["about"], params["sentiment"]
        order = pack.subtopics if about == "subtopic" else pack.competitors
        per_call = [{name for kind, name, feel in read_opportunity_call(r.get("Body__c"), params["org"])
                     if kind == about and sentiment in ("any", feel)} for r in results[0]]
        if params["scope"] == "opportunity":
            names = set().union(*per_call) if per_call else set()
            return [", ".join(n for n in order if n in names)] if names else [None]
        counts = Counter(name for names in per_call for name in names)
        if not counts:
            return [None]
        best = unique_best({n: float(c) for n, c in counts.items()}, lowest=False)
        return [best] if best else AMBIGUOUS


# --- wrong_stage_rectification and activity_priority -------------------------------------------------------

def _stage_of_subject(org: str) -> dict[str, str]:
    from crmtui.org.generate.vocab import domain_pack

    return {subject: stage for stage, subjects in domain_pack(org).stage_tasks.items() for subject in subjects}


def indicated_stage(tasks: Records, org: str) -> str | None:
    """The stage most of the opportunity's started tasks (Status other than 'Not Started') belong to, or None
    when no started task has a stage's subject or two stages tie."""
    stage_of = _stage_of_subject(org)
    counts = Counter(stage_of[t["Subject"]] for t in tasks
                     if t.get("Status") != "Not Started" and t.get("Subject") in stage_of)
    if not counts:
        return None
    return unique_best({s: float(n) for s, n in counts.items()}, lowest=False)


def _stage_pools(ctx: OracleContext) -> dict[str, list[str]]:
    """Opportunities by how their started tasks relate to their stage: 'right', 'wrong' (and 'unclear')."""
    if "stage_pools" not in ctx.cache:
        stages = {r["Id"]: r["StageName"] for r in run(ctx, ["SELECT Id, StageName FROM Opportunity ORDER BY Id"])[0]}
        tasks: dict[str, Records] = defaultdict(list)
        for t in run(ctx, ["SELECT WhatId, Subject, Status FROM Task WHERE WhatId != null ORDER BY Id"])[0]:
            tasks[t["WhatId"]].append(t)
        pools: dict[str, list[str]] = {"right": [], "wrong": [], "unclear": []}
        for opp, stage in stages.items():
            shown = indicated_stage(tasks.get(opp, []), ctx.org)
            pools["unclear" if shown is None else "right" if shown == stage else "wrong"].append(opp)
        ctx.cache["stage_pools"] = pools
    return ctx.cache["stage_pools"]


class WrongStage:
    """wrong_stage_rectification: the stage an opportunity's started tasks indicate, or None if it matches."""

    name = key = "wrong_stage_rectification"
    slots = frozenset({"opportunity_id"})

    def draw(self, ctx: OracleContext, rng: random.Random, answerable: bool) -> Draw | None:
        opp = rng.choice(_stage_pools(ctx)["wrong" if answerable else "right"])
        queries = [f"SELECT Id, StageName FROM Opportunity WHERE Id = '{opp}'",
                   f"SELECT Id, Subject, Status FROM Task WHERE WhatId = '{opp}' ORDER BY Id"]
        params = {"org": ctx.org}
        answer = self.derive(run(ctx, queries), params)
        if not usable(answer, answerable):
            return None
        return Draw({"opportunity_id": opp}, answer, Solution(queries, answer, derive=self.key, params=params))

    def derive(self, results: list[Records], params: dict[str, Any]) -> list[str | None]:
        opps, tasks = results
        shown = indicated_stage(tasks, params["org"])
        if not opps or shown is None:
            return AMBIGUOUS
        return [None] if shown == opps[0]["StageName"] else [shown]


class ActivityPriority:
    """activity_priority: the 'Not Started' tasks of an opportunity whose subject belongs to another stage.

    Drawn from opportunities whose stage their started tasks confirm (no wrong-stage ones). The answer is
    order-free; it is stored sorted by Id.
    """

    name = key = "activity_priority"
    slots = frozenset({"opportunity_id"})

    def draw(self, ctx: OracleContext, rng: random.Random, answerable: bool) -> Draw | None:
        if "off_stage" not in ctx.cache:
            stage_of = _stage_of_subject(ctx.org)
            stages = {r["Id"]: r["StageName"] for r in run(ctx, ["SELECT Id, StageName FROM Opportunity"])[0]}
            off = {t["WhatId"] for t in run(ctx, ["SELECT WhatId, Subject FROM Task WHERE Status = 'Not Started' "
                                                  "AND WhatId != null"])[0]
                   if stage_of.get(t["Subject"]) not in (None, stages.get(t["WhatId"]))}
            right = _stage_pools(ctx)["right"]
            ctx.cache["off_stage"] = ([o for o in right if o in off], [o for o in right if o not in off])
        with_off, without = ctx.cache["off_stage"]
        opp = rng.choice(with_off if answerable else without)
        queries = [f"SELECT Id, StageName FROM Opportunity WHERE Id = '{opp}'",
                   f"SELECT Id, Subject FROM Task WHERE WhatId = '{opp}' AND Status = 'Not Started' ORDER BY Id"]
        params = {"org": ctx.org}
        answer = self.derive(run(ctx, queries), params)
        if not usable(answer, answerable):
            return None
        return Draw({"opportunity_id": opp}, answer, Solution(queries, answer, derive=self.key, params=params))

    def derive(self, results: list[Records], params: dict[str, Any]) -> list[str | None]:
        opps, tasks = results
        if not opps:
            return AMBIGUOUS
        stage = opps[0]["StageName"]
        stage_of = _stage_of_subject(params["org"])
        if any(t["Subject"] not in stage_of for t in tasks):
            return AMBIGUOUS
        off = sorted(t["Id"] for t in tasks if stage_of[t["Subject"]] != stage)
        return list(off) if off else [None]


# --- sales_amount_understanding, sales_cycle_understanding -------------------------------------------------

def signed_field(org: str) -> str:
    """The contract signature date the sales metrics use: B2C contracts record only the customer's."""
    return "CompanySignedDate" if org == "b2b" else "CustomerSignedDate"


SIGNED_WORDING = {
    "CompanySignedDate": "the date the company signed the contract (Contract.CompanySignedDate)",
    "CustomerSignedDate": "the date the customer signed the contract (Contract.CustomerSignedDate; this org does "
                          "not record a company signature date, so the customer's signature date is used)",
}


def _history_today(rng: random.Random, ctx: OracleContext, answerable: bool) -> date:
    """Today for windowed sales questions; non-answerable draws may also reach back before the org's data."""
    return pick_today(rng, ctx) if answerable else pick_today(rng, ctx, min_history_days=-400)


class _SignedWindowOracle:
    slots = frozenset({"window", "today", "extreme", "signed"})
    words: ClassVar[dict[bool, str]] = {}

    def queries(self, field: str, window: Window) -> list[str]:
        raise NotImplementedError

    def derive(self, results: list[Records], params: dict[str, Any]) -> list[str | None]:
        raise NotImplementedError

    def draw(self, ctx: OracleContext, rng: random.Random, answerable: bool) -> Draw | None:
        today = _history_today(rng, ctx, answerable)
        window = random_window(rng, today)
        lowest = rng.random() < 0.4
        field = signed_field(ctx.org)
        queries = self.queries(field, window)
        params = {"field": field, "lowest": lowest}
        answer = self.derive(run(ctx, queries), params)
        if not usable(answer, answerable):
            return None
        slots = {"window": window.phrase, "today": today.isoformat(), "extreme": self.words[lowest],
                 "signed": SIGNED_WORDING[field]}
        return Draw(slots, answer, Solution(queries, answer, derive=self.key, params=params))


class SalesAmount(_SignedWindowOracle):
    """sales_amount_understanding: the agent whose opportunities signed in a window add up to the extreme Amount."""

    name = key = "sales_amount_understanding"
    words: ClassVar[dict[bool, str]] = {False: "highest", True: "lowest"}

    def queries(self, field: str, window: Window) -> list[str]:
        return [f"SELECT OwnerId, SUM(Amount) amount FROM Opportunity WHERE "
                f"{date_soql(window, 'ContractID__r.' + field)} GROUP BY OwnerId"]

    def derive(self, results: list[Records], params: dict[str, Any]) -> list[str | None]:
        totals = {r["OwnerId"]: round(float(r["amount"] or 0), 2) for r in results[0] if r["OwnerId"]}
        if not totals:
            return [None]
        best = unique_best(totals, params["lowest"])
        return [best] if best else AMBIGUOUS


class SalesCycle(_SignedWindowOracle):
    """sales_cycle_understanding: the agent with the extreme average days from opportunity creation to signature,
    over opportunities whose contract was signed in the window."""

    name = key = "sales_cycle_understanding"
    words: ClassVar[dict[bool, str]] = {False: "longest", True: "shortest"}

    def queries(self, field: str, window: Window) -> list[str]:
        return [f"SELECT Id, OwnerId, CreatedDate, ContractID__r.{field} FROM Opportunity WHERE "
                f"{date_soql(window, 'ContractID__r.' + field)} ORDER BY Id"]

    def derive(self, results: list[Records], params: dict[str, Any]) -> list[str | None]:
        days: dict[str, list[int]] = defaultdict(list)
        for r in results[0]:
            signed = (r.get("ContractID__r") or {}).get(params["field"])
            if signed and r["OwnerId"]:
                span = date.fromisoformat(signed) - date.fromisoformat(r["CreatedDate"][:10])
                days[r["OwnerId"]].append(span.days)
        if not days:
            return [None]
        best = unique_best({a: sum(v) / len(v) for a, v in days.items()}, params["lowest"])
        return [best] if best else AMBIGUOUS


# --- conversion_rate_comprehension -------------------------------------------------------------------------

class ConversionRate:
    """conversion_rate_comprehension: the agent with the extreme lead conversion rate over a window ending today,
    among agents with at least N leads created in it (leads converted after the window do not count)."""

    name = key = "conversion_rate_comprehension"
    slots = frozenset({"window", "today", "extreme", "min_leads"})

    def draw(self, ctx: OracleContext, rng: random.Random, answerable: bool) -> Draw | None:
        today = pick_today(rng, ctx)
        unit = rng.choice(("months", "months", "quarters", "weeks"))
        n = rng.randint(*{"months": (2, 12), "quarters": (1, 4), "weeks": (6, 12)}[unit])
        window = past(today, unit, n, words=rng.random() < 0.5)
        lowest = rng.random() < 0.4
        queries = [f"SELECT Id, OwnerId, IsConverted, ConvertedDate FROM Lead WHERE {window.soql('CreatedDate')} "
                   "ORDER BY Id"]
        results = run(ctx, queries)
        created = Counter(r["OwnerId"] for r in results[0])
        if not created:
            return None
        top = max(created.values())
        min_leads = rng.randint(2, max(2, min(top, 6))) if answerable else top + rng.randint(1, 2)
        params = {"lowest": lowest, "min_leads": min_leads, "end": day_bounds(window)[1]}
        answer = self.derive(results, params)
        if not usable(answer, answerable):
            return None
        return Draw({"window": window.phrase, "today": today.isoformat(), "extreme": "lowest" if lowest else "highest",
                     "min_leads": _count_phrase(min_leads, "lead")}, answer,
                    Solution(queries, answer, derive=self.key, params=params))

    def derive(self, results: list[Records], params: dict[str, Any]) -> list[str | None]:
        total: Counter = Counter()
        converted: Counter = Counter()
        for r in results[0]:
            total[r["OwnerId"]] += 1
            if r["IsConverted"] and r["ConvertedDate"] and r["ConvertedDate"] < params["end"]:
                converted[r["OwnerId"]] += 1
        rates = {a: converted[a] / n for a, n in total.items() if a and n >= params["min_leads"]}
        if not rates:
            return [None]
        best = unique_best(rates, params["lowest"])
        return [best] if best else AMBIGUOUS


def _count_phrase(n: int, noun: str) -> str:
    from crmtui.tasks.oracles.windows import NUMBER_WORDS

    return f"{NUMBER_WORDS.get(n, str(n))} {noun}{'' if n == 1 else 's'}"


SALES_ORACLES = [
    LeadRouting(),
    LeadQualification(),
    SalesInsightMining(),
    WrongStage(),
    ActivityPriority(),
    SalesAmount(),
    SalesCycle(),
    ConversionRate(),
    *CPQ_ORACLES,
    *PROBE_ORACLES,
]
