"""Oracles by name: each task spec's `oracle` field names one of these."""

from __future__ import annotations

from crmtui.tasks.oracles.base import Draw, Oracle, OracleContext
from crmtui.tasks.oracles.sales import SALES_ORACLES
from crmtui.tasks.oracles.service import SERVICE_ORACLES

ORACLES: dict[str, Oracle] = {o.key: o for o in [*SERVICE_ORACLES, *SALES_ORACLES]}

__all__ = ["ORACLES", "Draw", "Oracle", "OracleContext"]
