"""Chat models through LangChain, by configuration; none by default.

Every model is built with a request timeout, a retry budget and a token limit.
``invoke_with_deadline`` adds a hard wall-clock limit on top, because a slow
server can keep a streaming connection alive past the request timeout.
"""

from __future__ import annotations

import concurrent.futures
import logging
import os
from typing import Any

from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)

# One small pool for all LLM calls: a call that overruns its deadline is abandoned, not waited on.
_POOL = concurrent.futures.ThreadPoolExecutor(max_workers=4, thread_name_prefix="llm")


class LLMUnavailable(RuntimeError):
    """The configured model did not answer in time or failed."""


def _api_key(*names: str) -> str | None:
    for name in names:
        value = os.environ.get(name, "").strip()
        if value:
            return value
    return None


def build_chat_model(llm_config) -> BaseChatModel | None:
    """The configured chat model, or None when ``provider = "none"``."""
    provider = llm_config.provider
    if provider == "none":
        return None
    if not llm_config.model:
        raise ValueError(f"[llm] provider = {provider!r} needs [llm] model")
    common: dict[str, Any] = {"temperature": llm_config.temperature}
    if provider == "openai":
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            model=llm_config.model,
            base_url=llm_config.base_url or None,
            # Local OpenAI-compatible servers accept any key; the client insists on one.
            api_key=_api_key("COACH_LLM_API_KEY", "OPENAI_API_KEY") or "not-needed",
            timeout=llm_config.timeout_seconds,
            max_retries=llm_config.max_retries,
            max_tokens=llm_config.max_tokens,
            **common,
        )
    if provider == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(
            model=llm_config.model,
            base_url=llm_config.base_url or None,
            num_predict=llm_config.max_tokens,
            client_kwargs={"timeout": llm_config.timeout_seconds},
            **common,
        )
    if provider == "anthropic":
        from langchain_anthropic import ChatAnthropic

        key = _api_key("COACH_LLM_API_KEY", "ANTHROPIC_API_KEY")
        if not key:
            raise ValueError("[llm] provider = 'anthropic' needs ANTHROPIC_API_KEY in the environment")
        kwargs: dict[str, Any] = {}
        if llm_config.base_url:
            kwargs["base_url"] = llm_config.base_url
        return ChatAnthropic(
            model=llm_config.model,
            api_key=key,
            max_tokens=llm_config.max_tokens,
            default_request_timeout=llm_config.timeout_seconds,
            max_retries=llm_config.max_retries,
            **kwargs,
            **common,
        )
    raise ValueError(f"unknown [llm] provider {provider!r}")


def invoke_with_deadline(model: BaseChatModel, messages: list[tuple[str, str]], seconds: float) -> str:
    """The model's reply text, or LLMUnavailable after ``seconds`` or on any error."""
    future = _POOL.submit(model.invoke, messages)
    try:
        reply = future.result(timeout=seconds)
    except concurrent.futures.TimeoutError as exc:
        future.cancel()
        raise LLMUnavailable(f"timeout after {seconds:g} s") from exc
    except Exception as exc:  # provider errors vary by library; all mean "use the fallback"
        raise LLMUnavailable(f"{type(exc).__name__}: {exc}") from exc
    content = reply.content if hasattr(reply, "content") else reply
    if isinstance(content, list):  # content blocks (Anthropic)
        content = "".join(part.get("text", "") if isinstance(part, dict) else str(part) for part in content)
    text = str(content).strip()
    if not text:
        raise LLMUnavailable("empty reply")
    return text
