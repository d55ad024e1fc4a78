"""Note recognition: a Markdown note file read into a `Meeting` (structure, then the
recognisers for attendees, dates, speakers and actions)."""

PARSER_VERSION = 115
"""Bump when the parser reads notes differently: every index re-parses on its next open.
(Here, not in `parse.py`, so the index's stamp is known without loading the parser.)"""
