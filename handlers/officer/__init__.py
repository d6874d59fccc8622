"""Officer tools (issue 6): roles and invites, announcements, review queue, hand-off of
questions, figures and exports — all behind :mod:`handlers.officer.auth`."""

from handlers.officer.feature import OfficerFeature

__all__ = ["OfficerFeature"]
