"""Flood control for groups: a per-user question limit and the group's outgoing message budget.

Both are sliding windows kept in memory (a restart forgets them, which only ever
allows a little more). The clock is injectable so tests need no sleeping.
"""

from __future__ import annotations

import time
from collections import defaultdict, deque
from collections.abc import Callable, Hashable
from enum import Enum

WINDOW_SECONDS = 60.0


class Verdict(str, Enum):
    ALLOW = "allow"
    NOTIFY = "notify"  # refused; say so once
    SILENT = "silent"  # refused; already said so in this window


class SlidingWindow:
    """At most ``limit`` events per ``period`` seconds for each key."""

    def __init__(self, limit: int, period: float = WINDOW_SECONDS, clock: Callable[[], float] = time.monotonic):
        self.limit, self.period, self.clock = limit, period, clock
        self._events: dict[Hashable, deque[float]] = defaultdict(deque)

    def _trim(self, key: Hashable) -> deque[float]:
        events = self._events[key]
        horizon = self.clock() - self.period
        while events and events[0] <= horizon:
            events.popleft()
        if not events:
            del self._events[key]  # forget idle keys
            return self._events[key]
        return events

    def used(self, key: Hashable) -> int:
        return len(self._trim(key))

    def take(self, key: Hashable, reserve: int = 0) -> bool:
        """Record one event if fewer than ``limit - reserve`` happened in the window."""
        events = self._trim(key)
        if len(events) >= self.limit - reserve:
            return False
        events.append(self.clock())
        return True


class UserQuestionLimit:
    """``user_questions_per_minute`` per user and group; one polite notice per window, not one per message."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic):
        self.window = SlidingWindow(per_minute, clock=clock)
        self.clock = clock
        self._notified: dict[tuple[int, int], float] = {}

    def check(self, chat_id: int, user_id: int) -> Verdict:
        key = (chat_id, user_id)
        if self.window.take(key):
            self._notified.pop(key, None)
            return Verdict.ALLOW
        notified = self._notified.get(key)
        if notified is not None and self.clock() - notified < self.window.period:
            return Verdict.SILENT
        self._notified[key] = self.clock()
        return Verdict.NOTIFY


class GroupBudget:
    """Telegram allows about 20 messages a minute in one group; stay under ``per_minute``.

    Answers may use all but the last slot, which is kept for one "too busy" notice per window.
    """

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic):
        self.window = SlidingWindow(per_minute, clock=clock)
        self.clock = clock
        self._notice_at: dict[int, float] = {}

    def take(self, chat_id: int) -> bool:
        """One message for an answer (or another reply); False when the group is over budget."""
        return self.window.take(chat_id, reserve=1 if self.window.limit > 1 else 0)

    def take_notice(self, chat_id: int) -> bool:
        """The single "busy" notice of this window, if it was not sent yet and a slot is left."""
        sent = self._notice_at.get(chat_id)
        if sent is not None and self.clock() - sent < self.window.period:
            return False
        if not self.window.take(chat_id):
            return False
        self._notice_at[chat_id] = self.clock()
        return True
