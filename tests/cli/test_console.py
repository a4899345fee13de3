"""What the command line prints on stderr has untrusted text made inert."""
import io

from tui.console import error, progress, warn

EVIL = "a\x1b]0;x\x07b"


def test_warning_and_error_lines_make_control_characters_inert(capsys):
    warn(f"{EVIL}: bad")
    error(f"{EVIL}: worse")
    err = capsys.readouterr().err
    assert err == "quotelens: warning: a\u241b]0;x\u2407b: bad\nquotelens: error: a\u241b]0;x\u2407b: worse\n"


def test_progress_bar_description_is_inert():
    shown = io.StringIO()
    for _ in progress([1, 2], desc=EVIL, file=shown, disable=False):
        pass
    assert "a\u241b]0;x\u2407b" in shown.getvalue() and "\x1b" not in shown.getvalue()
