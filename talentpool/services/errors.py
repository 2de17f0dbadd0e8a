"""Domain errors raised by services and translated into messages, 403s or 404s by the views."""


class DomainError(Exception):
    """A use case refused: the message is written for the person who tried it.

    `field` names the form field the problem belongs to, so a view can show it there.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidTransition(DomainError):
    """The record is not in a state that allows this step (e.g. an outcome on a closed case)."""


class ValidationError(DomainError):
    """The input breaks a business rule that a form alone cannot check."""


class NotFound(DomainError):
    """The record does not exist (or is not visible to this actor)."""


class PermissionDenied(DomainError):
    """The actor may not do this to this record."""


class EditConflict(DomainError):
    """Someone else saved the record after this form was loaded; nothing of this edit was saved."""
