"""Guided drafting: an interview over a proposal's components that ends in a .docx draft with its logframe.

steps.py (the interview, from prompts/drafting.toml), session.py (the state machine), checks.py (the critic's
offline checks on one answer), logframe.py (answers read into logframe rows and indicators), examples.py
(excerpts of the worked example in knowledge/), document.py (the .docx).
"""

from bot.drafting.session import Draft, Outcome
from bot.drafting.steps import Interview, Step, load_interview

__all__ = ["Draft", "Interview", "Outcome", "Step", "load_interview"]
