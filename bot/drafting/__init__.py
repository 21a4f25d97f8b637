"""Guided drafting: an interview over a proposal's components that ends in a .docx draft with its logframe.

steps.py (the interview, from prompts/drafting.toml), session.py (the state machine), checks.py (the critic's
offline checks on one answer), logframe.py (answers read into logframe rows and indicators), examples.py
(excerpts of the worked example in knowledge/), render.py (the interview's sentences for every front end),
document.py (the .docx), polish.py (optional LLM polishing that keeps the officer's figures).
"""

from bot.drafting.session import Draft, Outcome
from bot.drafting.steps import Interview, Step, load_interview

__all__ = ["Draft", "Interview", "Outcome", "Step", "load_interview"]
