class ApplicationError(Exception):
    """A business rule refused the action; the message is shown to the user as is."""

    def __init__(self, message, extra=None):
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class InvalidTransition(ApplicationError):
    """The workflow has no such move from the row's current state (it moved meanwhile)."""
