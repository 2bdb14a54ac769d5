"""The per-user data directory: `$CRMTUI_HOME`, else the platform's data directory for crmtui."""

from __future__ import annotations

import os
from pathlib import Path


def crmtui_home() -> Path:
    env = os.environ.get("CRMTUI_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("crmtui", appauthor=False))
