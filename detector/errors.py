"""The one exception family raised for bad input, with a stable machine-readable code."""


class InputError(ValueError):
    """Input that cannot be scored. `code` is stable (used by the CLI, the service and the audit)."""

    code = "bad_input"

    def __init__(self, message, code=None):
        super().__init__(message)
        if code:
            self.code = code

    @property
    def message(self):
        return str(self)


class EmptyInput(InputError):
    code = "empty_input"


class BinaryInput(InputError):
    code = "binary_input"


class NotHTML(InputError):
    code = "not_html"


class InputTooLarge(InputError):
    code = "input_too_large"


class ModelError(RuntimeError):
    """A model directory that is missing, corrupt or does not match its manifest."""
