"""Widgets of the reader: the article view, its side panels, header, status line and search bar."""
