"""The one error class of plrf (mirrors PlrfError in src/core/errors.ts)."""

from __future__ import annotations

from typing import Optional

#: The codes of :class:`PlrfError`, as in the TypeScript package.
ERROR_CODES = (
    "INVALID_ARGUMENT",  # a parameter is missing, of the wrong type, non-finite or out of range
    "UNSTABLE",  # the learning rate violates the stability conditions of the model (use force)
    "MEMORY",  # the request does not fit in the Wasm memory limit
    "NOT_INITIALISED",  # the Wasm core could not be loaded
    "NOT_CONVERGED",  # an iterative kernel did not converge
    "DISPOSED",  # an object was used after dispose()
    "ABORTED",  # the computation was interrupted
    "NOT_IMPLEMENTED",  # a method that this version does not provide
    "NOT_INTERIOR",  # a compute-optimal minimum lies at the edge of the d grid (fronts)
    "NOT_CONVEX",  # an IsoFLOP profile has non-positive curvature (fronts)
    "INTERNAL",  # a Wasm trap or another unexpected failure
)


class PlrfError(Exception):
    """An error of plrf.

    ``code`` says what kind of failure (one of :data:`ERROR_CODES`, the same codes as the
    TypeScript ``PlrfError``); ``param`` names the offending option in this package's spelling
    (the TypeScript option name in snake_case, e.g. ``"unit_steps"``, ``"at[2]"``,
    ``"contour.panel_width"``), or is None when no single option is at fault.

    Invalid arguments (``INVALID_ARGUMENT``) and unstable learning rates (``UNSTABLE``) are also
    :class:`ValueError` instances: ``except ValueError`` catches them.
    """

    def __init__(self, code: str, message: str, param: Optional[str] = None):
        super().__init__(message)
        self.code = code
        self.param = param

    def __new__(cls, code: str = "INTERNAL", message: str = "", param: Optional[str] = None):
        # Argument errors are ValueErrors as well (a PlrfError subclass keeps isinstance checks simple).
        if cls is PlrfError and code in ("INVALID_ARGUMENT", "UNSTABLE"):
            cls = PlrfArgumentError
        return super().__new__(cls)

    @property
    def message(self) -> str:
        """The message (as ``str(error)``)."""
        return str(self.args[0]) if self.args else ""

    def __repr__(self) -> str:
        return f"PlrfError({self.code!r}, {self.message!r}, param={self.param!r})"

    def __reduce__(self):
        return (PlrfError, (self.code, self.message, self.param))


class PlrfArgumentError(PlrfError, ValueError):
    """A :class:`PlrfError` with code ``INVALID_ARGUMENT`` or ``UNSTABLE`` (also a ValueError)."""
