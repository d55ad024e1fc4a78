"""Note recognition: a Markdown note file read into a `Meeting` (structure, then the
recognisers for attendees, dates, speakers and actions)."""
