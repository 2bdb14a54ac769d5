"""The Textual app. Textual is imported only under this package (and only when the app runs).

    from crmtui.app import run_app
    run_app()
"""

from __future__ import annotations


def run_app() -> int:
    """Open the app on the Tasks screen; returns the exit code."""
    from crmtui.app.app import CrmtuiApp

    app = CrmtuiApp()
    app.run()
    return app.return_code or 0
