"""The Telegram front end: ``app.py`` wires small feature modules around one Coach."""
