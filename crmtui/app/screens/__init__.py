"""The app's screens: Tasks, query workbench, help."""
