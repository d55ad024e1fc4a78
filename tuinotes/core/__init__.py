"""The headless core: parsing, model, index and query. Never imports Textual."""
