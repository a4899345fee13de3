"""Screens of the Textual app: the reader and its modal dialogs."""
