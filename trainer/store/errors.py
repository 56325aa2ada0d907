"""The one error the store raises: what went wrong with which database, in words."""

from __future__ import annotations


class StoreError(Exception):
    """The results database can't be used; the message says why and what to do."""


class SavedElsewhere(StoreError):
    """A conversation picked up in two windows at once: the other window saved it further
    first (a reply of the same number, a finish, or a reply after the one taken back). The
    store keeps the first; the message says so, for the trainee in the window that lost."""

    def __init__(self) -> None:
        super().__init__("this conversation was carried on in another window, which saved it "
                         "first; from here on this window is not saved")
