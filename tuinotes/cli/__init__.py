"""The command line: `tuinotes [DIR]` opens the app; subcommands ask the library.

Exit codes follow grep: 0 something found, 1 nothing found, 2 an error. Imports are lazy,
so `tuinotes --help` loads neither Textual nor the search engine.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from tuinotes.cli.commands import run_app
from tuinotes.cli.output import FOUND, CliError, err
from tuinotes.cli.parser import ALIASES, app_parser, command_names, command_parser
from tuinotes.model.paths import expand_home

__all__ = ["CliError", "main"]


WORD_ARGUMENTS = ("query", "topic", "name")  # the commands' positional words


def folder_after_words(options: argparse.Namespace) -> argparse.Namespace:
    """`tuinotes search gateway ~/notes`: a last word that is a path to a folder is the
    notes folder (as `people ~/notes` takes it), when `--notes` gave none."""
    for field in WORD_ARGUMENTS:
        words = getattr(options, field, None)
        if not isinstance(words, list) or not words or getattr(options, "notes", "") is not None:
            continue
        last = words[-1]
        if ("/" in last or last.startswith((".", "~"))) and expand_home(last).is_dir():
            options.notes = last
            setattr(options, field, words[:-1])
    return options


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] in command_names():
            options = folder_after_words(command_parser().parse_args(args))
            return int(options.run(options))
        if args and not args[0].startswith("-") and not expand_home(args[0]).exists():
            import difflib  # only for a word that is no command

            meant = difflib.get_close_matches(args[0], command_names(), n=1)
            if meant:  # `tuinotes serach foo`: a command mistyped, not a folder
                raise CliError(f"no command or folder {args[0]!r}: did you mean {meant[0]!r}?")
        options = app_parser().parse_args(args)
        return run_app(options, [n for n in command_names() if n not in ALIASES])
    except CliError as error:
        err(f"tuinotes: {error}")
        return error.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `tuinotes search x | head`
        sys.stderr.close()
        return FOUND
