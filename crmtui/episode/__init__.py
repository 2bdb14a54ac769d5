"""Episodes: the turn engine, toolsets, observations, prompts, actors and users, model calls and cassettes.

Nothing here imports litellm or Textual at import time; crmtui.episode.llm imports litellm when a model is called.
"""
