"""Shared by every test folder: each test runs in a clean environment of its own."""

from __future__ import annotations

import os

import pytest

from bot.config import ENV_PREFIX, SECRET_VARIABLES


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory, monkeypatch):
    """No test sees the developer's settings, state database or caches.

    Every COACH_* variable and secret is removed (a developer's COACH_STATE_DSN must
    never receive test data), and the home and cache folders point at a temporary one,
    so that nothing a test starts (a child process included) writes under $HOME.
    """
    for name in list(os.environ):
        if name.startswith(ENV_PREFIX) or name in SECRET_VARIABLES:
            monkeypatch.delenv(name)
    home = tmp_path_factory.mktemp("home")
    for name in ("HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        monkeypatch.setenv(name, str(home))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")
