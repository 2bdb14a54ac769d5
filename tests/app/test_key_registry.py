"""The key registry against the screens: no key does two things on one screen, every binding a screen has is
listed by its help, and every scope belongs to some screen."""

from __future__ import annotations

import importlib

import pytest

from crmtui.app.keys import SCOPES

SCREENS = [
    ("crmtui.app.screens.tasks", "TasksScreen"),
    ("crmtui.app.screens.workbench", "WorkbenchScreen"),
    ("crmtui.app.screens.episode", "EpisodeScreen"),
    ("crmtui.app.screens.review", "ReviewScreen"),
    ("crmtui.app.screens.review", "CompareScreen"),
    ("crmtui.app.screens.gold", "GoldReviewScreen"),
    ("crmtui.app.screens.gold", "AdjudicationScreen"),
    ("crmtui.app.screens.gold", "VerdictDialog"),
    ("crmtui.app.screens.baselines", "BaselinesScreen"),
    ("crmtui.app.screens.resume", "ResumeScreen"),
    ("crmtui.app.widgets.annotate", "LabelPicker"),
]


def _screen(module: str, name: str) -> type:
    return getattr(importlib.import_module(module), name)


def _keys(binding) -> list[str]:
    return [k.strip() for k in binding.key.split(",")]


@pytest.mark.parametrize(("module", "name"), SCREENS)
def test_no_key_does_two_things_on_a_screen(module, name):
    from crmtui.app.app import CrmtuiApp

    screen = _screen(module, name)
    seen: dict[str, str] = {}
    for binding in [*screen.BINDINGS, *[b for b in CrmtuiApp.BINDINGS if b.id]]:
        for key in _keys(binding):
            other = seen.setdefault(key, binding.id)
            # a screen binding may deliberately shadow an app one, never another of its own
            assert other == binding.id or other.startswith("app.") or binding.id.startswith("app."), \
                f"{name}: {key} is bound to both {other} and {binding.id}"


@pytest.mark.parametrize(("module", "name"), SCREENS)
def test_every_binding_of_a_screen_is_in_its_help(module, name):
    screen = _screen(module, name)
    listed = {spec.id for scope in screen.HELP_SCOPES for spec in SCOPES[scope][1]}
    missing = [b.id for b in screen.BINDINGS if b.id and b.id not in listed]
    assert missing == [], f"{name} binds {missing} but its help does not list them"
    assert screen.HELP_SCOPES[-1] == "app" and len(set(screen.HELP_SCOPES)) == len(screen.HELP_SCOPES)


def test_every_scope_is_some_screens_or_a_widgets():
    used = {scope for module, name in SCREENS for scope in _screen(module, name).HELP_SCOPES}
    # help: the help dialog itself; grid/editor: widgets that carry their own bindings
    assert set(SCOPES) - used <= {"help"}, set(SCOPES) - used
