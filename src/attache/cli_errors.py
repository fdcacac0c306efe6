"""How every `attache` command reports a user's mistake: one line, a stable code, exit 2."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from attache.errors import AttacheError

F = TypeVar("F", bound=Callable[..., Any])


def friendly_errors(command: F) -> F:
    """Turn attache's errors into one clear line on stderr and exit code 2; no traceback."""

    @wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except AttacheError as error:
            Console(stderr=True, soft_wrap=True).print(
                f"[red]error {error.code}[/red]: {escape(str(error))}")
            raise typer.Exit(2) from None

    return run  # type: ignore[return-value]
