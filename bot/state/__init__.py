"""What the bot remembers between messages and restarts (bot/state/store.py), in SQLite or PostgreSQL (backends.py)."""

from bot.state.backends import StateError
from bot.state.store import GroupSettings, State, StoredTurn, UserSettings

__all__ = ["GroupSettings", "State", "StateError", "StoredTurn", "UserSettings"]
