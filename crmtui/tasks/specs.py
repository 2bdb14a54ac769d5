"""Task specs: load and validate `tasks/<suite>/<task>.yaml`.

A spec's keys are the fields of `TaskSpec` (except `source`, which is the file it came from):

    name, suite, orgs, domain, skill, audience, reward_metric, answer_kind,
    policy, queries, personas, unanswerable_share, oracle          (required)
    optional, reveal, description                                  (optional)

`personas` is a list of persona texts or the name of a shared pool (`internal`, `external`; see
crmtui.tasks.personas). `queries`, `policy`, `optional` and `reveal` are templates: `{slot}` is filled by the
spec's oracle (each oracle declares the slots it fills); literal braces are written `{{` and `}}`, as in
`str.format`. A spec is checked completely on load; the first problem found is raised as one `SpecError`
naming the file and line: YAML syntax, unknown or duplicate key, missing key, wrong type, bad enum value,
`unanswerable_share` outside [0, 1], unknown oracle, a template slot the oracle does not fill, an org the
suite does not run on (crmarena: original; crmarena_pro: b2b, b2c), a name that differs from the file name,
or a suite that differs from the suite directory the file is in.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from crmtui.tasks.errors import SpecError, TaskError
from crmtui.tasks.model import ANSWER_KINDS, AUDIENCES, DOMAINS, ORGS, REWARD_METRICS, SKILLS, SUITES, TaskSpec
from crmtui.tasks.paths import INSTANCES_DIR, tasks_root
from crmtui.tasks.personas import PERSONA_POOLS

__all__ = ["OPTIONAL_KEYS", "REQUIRED_KEYS", "SUITE_ORGS", "load_spec", "load_specs", "parse_spec", "spec_files",
           "tasks_root", "template_slots"]

REQUIRED_KEYS = ("name", "suite", "orgs", "domain", "skill", "audience", "reward_metric", "answer_kind", "policy",
                 "queries", "personas", "unanswerable_share", "oracle")
OPTIONAL_KEYS = ("optional", "reveal", "description")
ALL_KEYS = REQUIRED_KEYS + OPTIONAL_KEYS
TEMPLATE_KEYS = ("queries", "policy", "optional", "reveal")

#: The org kinds each suite's tasks run on.
SUITE_ORGS = {"crmarena": ("original",), "crmarena_pro": ("b2b", "b2c")}

_ENUMS: dict[str, tuple[str, ...]] = {
    "suite": SUITES, "domain": DOMAINS, "skill": SKILLS, "audience": AUDIENCES, "reward_metric": REWARD_METRICS,
    "answer_kind": ANSWER_KINDS, "orgs": tuple(o for o in ORGS if o != "external"),
}
_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")
_TEXT_KEYS = ("policy", "optional", "description")  # may be empty (or null, read as "")


# --- templates ---------------------------------------------------------------------------------------------

class TemplateError(ValueError):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


def _scan_template(text: str) -> Iterator[tuple[str, int]]:
    """Each `{slot}` of a str.format template as (name, offset of its `{`); TemplateError if malformed.

    Only plain names are slots: no positional `{}`/`{0}`, attribute or index access, conversion or format spec.
    """
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "{":
            if text.startswith("{{", i):
                i += 2
                continue
            end = text.find("}", i + 1)
            if end < 0:
                raise TemplateError("unmatched '{' (write a literal brace as '{{')", i)
            inner = text[i + 1:end]
            if "{" in inner:
                raise TemplateError("unmatched '{' (write a literal brace as '{{')", i)
            if not inner:
                raise TemplateError("empty slot '{}': a slot needs a name, e.g. '{case_id}'", i)
            if not inner.isidentifier():
                if any(ch in inner for ch in "!:.["):
                    raise TemplateError(f"slot '{{{inner}}}': only plain slot names are allowed "
                                        "(no conversion, format spec, attribute or index)", i)
                raise TemplateError(f"'{{{inner}}}' is not a slot name (write literal braces as '{{{{' and '}}}}')",
                                    i)
            yield inner, i
            i = end + 1
        elif c == "}":
            if text.startswith("}}", i):
                i += 2
                continue
            raise TemplateError("single '}' (write a literal brace as '}}')", i)
        else:
            i += 1


def template_slots(text: str) -> list[str]:
    """The slot names of a template, in order of first use (ValueError if the template is malformed)."""
    seen: dict[str, None] = {}
    for name, _offset in _scan_template(text):
        seen.setdefault(name, None)
    return list(seen)


# --- YAML nodes with line numbers --------------------------------------------------------------------------

class _Doc:
    """The spec's text and where it came from, for line numbers."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source

    def fail(self, node: Any, message: str) -> SpecError:
        return SpecError(self.source, node.start_mark.line + 1 if node is not None else None, message)

    def line_at(self, node: Any, offset: int) -> int:
        """The source line of character `offset` of the string value of scalar `node`.

        Whatever the scalar style (plain, quoted, literal or folded block), the value keeps the non-blank
        characters of the source in order; the offset is mapped by counting them.
        """
        raw = self.text[node.start_mark.index:node.end_mark.index]
        if node.style in ("|", ">"):
            body = raw.find("\n") + 1 if "\n" in raw else len(raw)  # skip the block indicator line
        elif node.style in ("'", '"'):
            body = 1
        else:
            body = 0
        wanted = sum(1 for ch in node.value[:offset] if not ch.isspace())
        seen = 0
        for pos in range(body, len(raw)):
            if raw[pos].isspace():
                continue
            if seen == wanted:
                return node.start_mark.line + 1 + raw.count("\n", 0, pos)
            seen += 1
        return node.start_mark.line + 1


def _kind(node: Any) -> str:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return {
        "tag:yaml.org,2002:null": "null", "tag:yaml.org,2002:bool": "a boolean", "tag:yaml.org,2002:int": "a number",
        "tag:yaml.org,2002:float": "a number", "tag:yaml.org,2002:str": "a string",
        "tag:yaml.org,2002:timestamp": "a date",
    }.get(node.tag, f"a {node.tag.rsplit(':', 1)[-1]}")


def _scalar(doc: _Doc, node: Any) -> Any:
    import yaml

    try:
        return yaml.constructor.SafeConstructor().construct_object(node, deep=True)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise SpecError(doc.source, mark.line + 1 if mark else None, f"invalid value: {exc.problem}") from None


def _string(doc: _Doc, key: str, node: Any, *, allow_empty: bool = False) -> str:
    import yaml

    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:str":
            if not allow_empty and not node.value.strip():
                raise doc.fail(node, f"{key}: must not be empty")
            return node.value
        if allow_empty and node.tag == "tag:yaml.org,2002:null":
            return ""
    raise doc.fail(node, f"{key}: expected a string, got {_kind(node)}")


def _enum(doc: _Doc, key: str, node: Any, choices: tuple[str, ...]) -> str:
    value = _string(doc, key, node)
    if value not in choices:
        hint = difflib.get_close_matches(value, choices, n=1)
        suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
        raise doc.fail(node, f"{key}: {value!r} is not one of {', '.join(choices)}{suggestion}")
    return value


def _string_list(doc: _Doc, key: str, node: Any, *, allow_empty_list: bool = False) -> list[tuple[str, Any]]:
    """The items of a list of non-empty strings, each with its node."""
    import yaml

    if allow_empty_list and isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise doc.fail(node, f"{key}: expected a list of strings, got {_kind(node)}")
    if not node.value and not allow_empty_list:
        raise doc.fail(node, f"{key}: must list at least one entry")
    items = []
    for n, item in enumerate(node.value):
        items.append((_string(doc, f"{key}[{n}]", item), item))
    return items


# --- the spec ----------------------------------------------------------------------------------------------

def parse_spec(text: str, source: str | Path = "<string>") -> TaskSpec:
    """Validate the YAML text of one spec; `source` is used in error messages and as `TaskSpec.source`."""
    import yaml

    from crmtui.tasks import oracles

    path = Path(source) if not str(source).startswith("<") else None
    doc = _Doc(text, str(source))
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "syntax error"
        if problem.startswith("but ") and exc.context:  # "expected a single document..., but found another..."
            problem = f"{exc.context}, {problem}"
        raise SpecError(doc.source, mark.line + 1 if mark else None, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise SpecError(doc.source, None, f"invalid YAML: {exc}") from None
    if root is None:
        raise SpecError(doc.source, 1, "empty spec: expected a mapping of task fields")
    if not isinstance(root, yaml.MappingNode):
        raise doc.fail(root, f"expected a mapping of task fields, got {_kind(root)}")

    nodes: dict[str, tuple[Any, Any]] = {}  # key -> (key node, value node)
    for key_node, value_node in root.value:
        if not (isinstance(key_node, yaml.ScalarNode) and key_node.tag == "tag:yaml.org,2002:str"):
            raise doc.fail(key_node, f"keys must be field names, got {_kind(key_node)}")
        key = key_node.value
        if key in nodes:
            raise doc.fail(key_node, f"duplicate key {key!r} (first at line {nodes[key][0].start_mark.line + 1})")
        if key not in ALL_KEYS:
            hint = difflib.get_close_matches(key, ALL_KEYS, n=1)
            suggestion = f"did you mean {hint[0]!r}?" if hint else f"expected one of {', '.join(ALL_KEYS)}"
            raise doc.fail(key_node, f"unknown key {key!r}; {suggestion}")
        nodes[key] = (key_node, value_node)

    values: dict[str, Any] = {}
    templates: dict[str, list[tuple[str, Any]]] = {}  # key -> [(text, node)]
    for key, (_key_node, node) in nodes.items():
        if key in ("suite", "domain", "skill", "audience", "reward_metric", "answer_kind"):
            values[key] = _enum(doc, key, node, _ENUMS[key])
        elif key in ("name", "oracle"):
            values[key] = _string(doc, key, node)
        elif key in _TEXT_KEYS:
            values[key] = _string(doc, key, node, allow_empty=True)
            if key != "description":
                templates[key] = [(values[key], node)]
        elif key == "orgs":
            items = _string_list(doc, key, node)
            for n, (_text, item) in enumerate(items):
                _enum(doc, f"orgs[{n}]", item, _ENUMS["orgs"])
            values[key] = tuple(text for text, _item in items)
        elif key in ("queries", "reveal"):
            items = _string_list(doc, key, node, allow_empty_list=key == "reveal")
            values[key] = tuple(text for text, _item in items)
            templates[key] = items
        elif key == "personas":
            if isinstance(node, yaml.ScalarNode):
                pool = _string(doc, key, node)
                if pool not in PERSONA_POOLS:
                    raise doc.fail(node, f"personas: unknown persona pool {pool!r} "
                                         f"(expected a list of personas or one of {', '.join(PERSONA_POOLS)})")
                values[key] = PERSONA_POOLS[pool]
            else:
                values[key] = tuple(text for text, _item in _string_list(doc, key, node))
        elif key == "unanswerable_share":
            value = _scalar(doc, node) if isinstance(node, yaml.ScalarNode) else None
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise doc.fail(node, f"unanswerable_share: expected a number between 0 and 1, got {_kind(node)}")
            if not 0 <= value <= 1:
                raise doc.fail(node, f"unanswerable_share: {value} is outside [0, 1]")
            values[key] = float(value)

    missing = [key for key in REQUIRED_KEYS if key not in nodes]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        raise doc.fail(root, f"missing required key{plural} {', '.join(repr(k) for k in missing)}")

    # cross-field checks
    name_node, suite_node = nodes["name"][1], nodes["suite"][1]
    if not _NAME.match(values["name"]):
        raise doc.fail(name_node, f"name: {values['name']!r} must be lower_snake_case (a-z, 0-9, _)")
    if path is not None and path.stem != values["name"]:
        raise doc.fail(name_node, f"name: {values['name']!r} differs from the file name {path.name!r}")
    if path is not None and path.parent.name in SUITES and path.parent.name != values["suite"]:
        raise doc.fail(suite_node, f"suite: {values['suite']!r} differs from the suite directory "
                                   f"{path.parent.name!r} the spec is in")
    allowed = SUITE_ORGS[values["suite"]]
    for text, item in zip(values["orgs"], nodes["orgs"][1].value, strict=True):
        if text not in allowed:
            raise doc.fail(item, f"orgs: suite {values['suite']} runs on {', '.join(allowed)}, not {text!r}")

    oracle_node = nodes["oracle"][1]
    registry = oracles.ORACLES
    oracle = registry.get(values["oracle"])
    if oracle is None:
        hint = difflib.get_close_matches(values["oracle"], list(registry), n=1)
        known = f"did you mean {hint[0]!r}?" if hint else (
            f"known: {', '.join(sorted(registry))}" if registry else "no oracles are registered")
        raise doc.fail(oracle_node, f"oracle: unknown oracle {values['oracle']!r}; {known}")
    fills = frozenset(oracle.slots)
    for key in TEMPLATE_KEYS:
        for n, (text, node) in enumerate(templates.get(key, [])):
            label = f"{key}[{n}]" if key in ("queries", "reveal") else key
            try:
                slots = list(_scan_template(text))
            except TemplateError as exc:
                raise SpecError(doc.source, doc.line_at(node, exc.offset), f"{label}: {exc}") from None
            for slot, offset in slots:
                if slot not in fills:
                    offered = ", ".join(sorted(fills)) or "none"
                    raise SpecError(doc.source, doc.line_at(node, offset),
                                    f"{label}: slot {{{slot}}} is not filled by oracle {values['oracle']!r} "
                                    f"(it fills: {offered})")

    return TaskSpec(
        name=values["name"], suite=values["suite"], orgs=values["orgs"], domain=values["domain"],
        skill=values["skill"], audience=values["audience"], reward_metric=values["reward_metric"],
        answer_kind=values["answer_kind"], policy=values["policy"], queries=values["queries"],
        personas=values["personas"], unanswerable_share=values["unanswerable_share"], oracle=values["oracle"],
        optional=values.get("optional", ""), reveal=values.get("reveal", ()),
        description=values.get("description", ""), source=str(source),
    )


def load_spec(path: str | Path) -> TaskSpec:
    """Load and validate one spec file (SpecError naming the file and line on any problem)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecError(path, None, "no such file") from None
    except UnicodeDecodeError as exc:
        raise SpecError(path, None, f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise SpecError(path, None, exc.strerror or str(exc)) from None
    return parse_spec(text, path)


def spec_files(root: Path) -> list[Path]:
    """The spec files under a catalog root: `<root>/<suite>/*.yaml`, sorted (SpecError for a stray directory)."""
    files: list[Path] = []
    for sub in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        if sub.name == INSTANCES_DIR:
            continue
        if sub.name not in SUITES:
            raise SpecError(sub, None, f"not a suite directory (expected {' or '.join(SUITES)})")
        files += sorted(p for p in sub.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    return files


def load_specs(root: str | Path | None = None, suite: str | None = None) -> list[TaskSpec]:
    """Every spec of the catalog (default: `tasks_root()`), optionally of one suite, sorted by suite and name."""
    if suite is not None and suite not in SUITES:
        raise TaskError(f"unknown suite {suite!r} (expected one of {', '.join(SUITES)})")
    base = Path(root) if root is not None else tasks_root()
    if not base.is_dir():
        if root is not None:
            raise TaskError(f"{base}: no such task directory")
        return []
    specs = [load_spec(f) for f in spec_files(base) if suite is None or f.parent.name == suite]
    return sorted(specs, key=lambda s: (s.suite, s.name))
