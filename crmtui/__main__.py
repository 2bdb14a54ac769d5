"""`python -m crmtui` runs the command line."""

from crmtui.cli import main

raise SystemExit(main())
