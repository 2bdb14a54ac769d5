"""crmtui: a terminal workbench for CRMArena-style CRM agent tasks."""

__version__ = "0.1.0"
