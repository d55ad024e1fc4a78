"""tuinotes: search, filter and read a folder of Markdown meeting notes from the terminal."""

__version__ = "0.1.0"
