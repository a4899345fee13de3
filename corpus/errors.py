"""Errors a user can meet; each message names the file and what to do."""


class QuotelensError(Exception):
    """Base for errors the command line prints as one line, without a traceback."""


class ArticleError(QuotelensError):
    """An article file that cannot be read: missing, a folder, binary, empty."""
