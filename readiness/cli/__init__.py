"""The command line: a thin typer app over the library. Nothing imports this package."""

from readiness.cli.loading import loading_modules

with loading_modules():
    from readiness.cli.main import app, main, run

__all__ = ["app", "main", "run"]
