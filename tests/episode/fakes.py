"""A scripted stand-in for LLMClient: returns LLMResponses in order and keeps every request."""

from __future__ import annotations

from crmtui.episode.llm import LLMError, LLMResponse, ToolCall


class ScriptedClient:
    def __init__(self, *replies):
        self.replies = list(replies)
        self.requests = []

    def complete(self, messages, tools=None, tool_choice=None):
        self.requests.append({"messages": [dict(m) for m in messages], "tools": tools})
        item = self.replies.pop(0)
        if isinstance(item, LLMResponse):
            return item
        if isinstance(item, LLMError):
            return LLMResponse(error=item, attempts=3)
        if isinstance(item, tuple):  # (tool name, arguments text)
            return LLMResponse(tool_calls=[ToolCall(f"call_{len(self.requests)}", item[0], item[1])],
                               prompt_tokens=100, completion_tokens=10, cost=0.001)
        return LLMResponse(content=item, prompt_tokens=100, completion_tokens=10, cost=0.001)
