"""Widgets used by the app's screens; each shows one part of a session."""
