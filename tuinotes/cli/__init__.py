"""The command line: `tuinotes [DIR]` opens the app; subcommands ask the library.

Exit codes follow grep: 0 something found, 1 nothing found, 2 an error. Imports are lazy,
so `tuinotes --help` loads neither Textual nor the search engine.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from tuinotes.cli.commands import run_app
from tuinotes.cli.output import ERROR, FOUND, CliError, err
from tuinotes.cli.parser import ALIASES, app_parser, command_names, command_parser

__all__ = ["CliError", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] in command_names():
            options = command_parser().parse_args(args)
            return int(options.run(options))
        options = app_parser().parse_args(args)
        return run_app(options, [n for n in command_names() if n not in ALIASES])
    except CliError as error:
        err(f"tuinotes: {error}")
        return ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `tuinotes search x | head`
        sys.stderr.close()
        return FOUND
