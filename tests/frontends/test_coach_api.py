"""The front ends talk to one Coach API; the real Coach and the tests' fake both provide it."""

from __future__ import annotations

import inspect

from bot.coach import Coach
from bot.vocabulary import CoachAPI
from tests.support.telegram_harness import FakeCoach

API_METHODS = [name for name, member in inspect.getmembers(CoachAPI) if inspect.isfunction(member)
               and not name.startswith("_")]


def test_the_fake_satisfies_the_protocol():
    assert isinstance(FakeCoach(), CoachAPI)


def test_the_real_coach_has_every_method_with_the_same_keyword_arguments():
    for name in API_METHODS:
        expected = inspect.signature(getattr(CoachAPI, name)).parameters
        actual = inspect.signature(getattr(Coach, name)).parameters
        assert list(actual) == list(expected), name
