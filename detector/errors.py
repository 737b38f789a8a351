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


def map_in_place(batch_function, items, refused=Exception):
    """batch_function(the items that are not `refused`) → one result per item, in order; each refused item (an
    exception, or whatever type `refused` names: a document already turned down) keeps its place in the returned
    list. For batch scorers whose refused documents must stay in the batch's order: score_many, the service's
    /v1/batch and the audit's chunks."""
    results = iter(batch_function([item for item in items if not isinstance(item, refused)]))
    return [item if isinstance(item, refused) else next(results) for item in items]
