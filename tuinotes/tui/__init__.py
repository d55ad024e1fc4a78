"""The Textual app. Each pane is its own widget module posting its own messages."""
