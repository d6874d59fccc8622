"""Step-by-step product registration (issue 4): the form, summary, submit, "Hồ sơ của tôi"."""

from handlers.registration.feature import RegistrationFeature

__all__ = ["RegistrationFeature"]
