"""The one error the store raises: what went wrong with which database, in words."""

from __future__ import annotations


class StoreError(Exception):
    """The results database can't be used; the message says why and what to do."""
