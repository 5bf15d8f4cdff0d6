"""A toolkit function replaced by one that fails as a bug would, its exception's text quoting a
member's data, and that remembers where in the toolkit it was called from: what the message of
an unexpected error names instead of that text (`toolkit.core.errors.unexpected_cause`)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

import toolkit

PACKAGE = os.path.dirname(os.path.abspath(toolkit.__file__))


class Failing:
    """Stands in for a toolkit function: raises `make(*args, **kwargs)`'s exception, after noting
    (`at`) the innermost frame of the toolkit on the stack above it, as "toolkit/…/x.py:N"."""

    def __init__(self, make: Callable[..., BaseException]) -> None:
        self.make = make
        self.at: str | None = None
        self.calls = 0

    def __call__(self, *args: object, **kwargs: object) -> None:
        self.calls += 1
        frame = sys._getframe(1)
        while frame is not None and not os.path.abspath(frame.f_code.co_filename).startswith(
            PACKAGE + os.sep
        ):
            frame = frame.f_back  # type: ignore[assignment]
        assert frame is not None, "called from outside the toolkit"
        rel = os.path.relpath(os.path.abspath(frame.f_code.co_filename), os.path.dirname(PACKAGE))
        self.at = f"{rel.replace(os.sep, '/')}:{frame.f_lineno}"
        raise self.make(*args, **kwargs)

    def cause(self, name: str) -> str:
        """What the message says of the error: its type `name` and where it was raised."""
        assert self.at is not None, "never called"
        return f"{name} tại {self.at}"


def fails(text: str = "hỏng", kind: type[BaseException] = RuntimeError) -> Failing:
    """A stand-in that raises `kind(text)`."""
    return Failing(lambda *args, **kwargs: kind(text))
