"""Data, not code: prompt templates, the critique rubric, user-facing messages and word lists.

A package only so that it is installed beside ``bot`` (see bot/resources.py).
"""
