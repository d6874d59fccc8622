"""The session modes: where a user is in a conversation, one name for each stored value.

A mode is saved with the session (``sessions.mode``) and read back after a restart, so the
string values are part of the stored data and never change; the code reads the names.
Every feature's modes are listed here, below every feature, so that the core, storage and
the features share one vocabulary without importing each other.
"""

from __future__ import annotations

from enum import StrEnum


class Mode(StrEnum):
    IDLE = "idle"  # nothing under way: free text is a question
    ONBOARDING = "onboarding"  # waiting for the commune (handlers/menu.py)
    REGISTRATION = "registration"  # filling in the form (handlers/registration)
    ANNOUNCE_COMPOSE = "o_an_text"  # an officer writes an announcement
    ANNOUNCE_PREVIEW = "o_an_preview"  # the announcement draft waits for a button
    ANNOUNCE_WHEN = "o_an_when"  # waiting for the time to send the announcement
    REVIEW_NOTE = "o_review"  # an officer types the note of a review decision
    ANSWER_QUESTION = "o_answer"  # an officer types the answer to a producer's question
    ASSESSMENT = "assessment"  # scoring a product against its sheet (handlers/assessment)
    REMINDER_DATE = "reminder_date"  # waiting for a certificate's date (handlers/reminders)


def is_officer_mode(mode: str) -> bool:
    """A mode of the officer tools (a refused or finished officer action returns to IDLE).

    Takes the stored string: a session saved by an older version may hold any value.
    """
    return mode.startswith("o_")
