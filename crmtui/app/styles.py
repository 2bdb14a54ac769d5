"""The app's stylesheet (Textual CSS), kept in Python so that every install has it without package data.

Colours come from the theme's variables only, so the dark and the light theme both work.
"""

APP_CSS = """
Screen { layers: base overlay; }

/* ---- Tasks ---- */
#filter-bar { height: 1; background: $panel; }
#filter-label { width: auto; padding: 0 1; color: $text-muted; text-style: bold; }
#filter { border: none; height: 1; padding: 0 1; width: 1fr; background: $surface; }
#filter:focus { background: $boost; }
#filter.-invalid { color: $error; text-style: bold; }
#count { width: 22; padding: 0 1; color: $text-muted; text-align: right; }
TasksScreen.-wide #count { width: 60; }

#tasks-body { height: 1fr; layout: vertical; }
TasksScreen.-wide #tasks-body { layout: horizontal; }
#tasks-grid { height: 1fr; }
TasksScreen.-wide #tasks-grid { width: 3fr; height: 1fr; }
#detail { height: 1fr; padding: 0 1; border-top: hkey $panel; }
TasksScreen.-wide #detail { width: 2fr; min-width: 48; border-top: none; border-left: vkey $panel; }

/* ---- Query workbench ---- */
#wb-body { height: 1fr; }
#wb-main { width: 1fr; height: 1fr; }
#editor { height: auto; min-height: 3; max-height: 10; border: tall $panel; }
#editor:focus { border: tall $accent; }
#org-loading { height: 1; padding: 0 1; }
#org-label { width: auto; max-width: 70%; }
#org-progress { width: 1fr; padding-left: 1; }
#status { height: 1; padding: 0 1; color: $text; background: $panel; }
#error { height: auto; max-height: 8; padding: 0 1; background: $error 15%; color: $text; border-left: thick $error; }
#wb-results { height: 1fr; layout: vertical; }
WorkbenchScreen.-wide #wb-results { layout: horizontal; }
#results { height: 1fr; }
WorkbenchScreen.-wide #results { width: 3fr; }
#record { height: 1fr; padding: 0 1; border-top: hkey $panel; }
WorkbenchScreen.-wide #record { width: 2fr; min-width: 40; border-top: none; border-left: vkey $panel; }
WorkbenchScreen.-narrow #schema { dock: left; width: 34; height: 100%; layer: overlay; background: $surface;
                                  border-right: vkey $accent; }

/* ---- Dialogs ---- */
HelpScreen, HistoryScreen { align: center middle; background: $background 60%; }
.dialog { width: 100; max-width: 96%; height: 90%; border: round $accent; background: $surface; padding: 0 1; }
#help-title { height: 1; }
#help-scroll { height: 1fr; scrollbar-size-vertical: 1; }
#history-list { height: 1fr; border: none; }
"""
