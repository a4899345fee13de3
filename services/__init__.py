"""Services: what the app and the commands do with articles, between the store (corpus/)
and the interface (tui/): annotation sessions, parsing in a child process, importing
article files, and how statements are worded. No Textual here."""
