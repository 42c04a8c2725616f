"""Domain errors. Services raise them; views and the API turn them into messages and status codes.

Each carries a stable machine ``code`` and a message already in the user's language (lazy
translation), so the same error reads right on a page, in a JSON answer and in a log.
"""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    status = 400
    code = "invalid"
    default_message = _("The request could not be carried out.")

    def __init__(self, message=None, *, code: str | None = None):
        self.message = message or self.default_message
        if code:
            self.code = code
        super().__init__(str(self.message))


class InvalidInput(DomainError):
    status = 400
    code = "invalid"


class NotAllowed(DomainError):
    """The actor may not do this (role, scope or separation of duties)."""

    status = 403
    code = "not_allowed"
    default_message = _("You are not allowed to do this.")


class Conflict(DomainError):
    """The object changed state meanwhile, or the action does not fit its current state."""

    status = 409
    code = "conflict"
    default_message = _("This was changed by someone else meanwhile. Reload and try again.")
