"""Fakes and harnesses shared by the test folders."""
