"""Command-line edge: `python -m assistant COMMAND`.

Each area of the package keeps its commands in its own module here; this module
wires them into one click group and turns every error into one line on stderr and a
non-zero exit code (never a traceback).
"""

from __future__ import annotations

import sys

import click

from assistant.errors import AssistantError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """消防政策问答助手 — fire-safety policy assistant."""


def _register() -> None:
    from assistant.cli import answer, corpus, evals, ingest, retrieval, server

    for module in (corpus, retrieval, answer, server, ingest, evals):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code instead of raising."""
    try:
        code = cli.main(args=argv, prog_name="python -m assistant", standalone_mode=False)
    except AssistantError as exc:
        click.echo(f"错误: {exc}", err=True)
        return 2
    except click.exceptions.Abort:
        click.echo("已取消", err=True)
        return 130
    except click.ClickException as exc:
        click.echo(f"错误: {exc.format_message()}", err=True)
        return exc.exit_code or 2
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except KeyboardInterrupt:
        click.echo("已取消", err=True)
        return 130
    except BrokenPipeError:
        return 0
    return code if isinstance(code, int) else 0  # a command's `Exit(n)` comes back as its return value


if __name__ == "__main__":
    sys.exit(main())
