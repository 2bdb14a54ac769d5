"""The app's widgets: the virtual grid, the rich pane, the SOQL editor, the schema browser."""
