"""The reader says where else the selected quote was reported, and whether the words differ."""
from __future__ import annotations

from corpus.library import Library
from tests.services.test_quote_check import ALTERED, SAID
from tests.services.test_speaker_quotes import add
from tui.app import QuotelensApp
from tui.widgets.status_line import StatusLine

from .conftest import SIZE
from .test_reader import wait_until


async def test_the_status_line_says_also_in_other_articles_and_that_one_differs(stub_parser, tmp_path):
    with Library.open(tmp_path / "lib", annotator="tester") as library:
        first = add(library, "2026-03-01", "Wards", f"“{SAID},” said Halvard Ostrem.", "Halvard Ostrem")
        add(library, "2026-03-03", "Hospitals", f"“{ALTERED},” Ostrem told the chamber.", "Ostrem")
        app = QuotelensApp(library.article(first).to_article(), model=stub_parser, library=library)
        async with app.run_test(size=SIZE) as pilot:
            reader = app.screen
            await wait_until(pilot, lambda: bool(reader.echoes))
            await pilot.press("n")
            status = str(reader.query_one(StatusLine).render())
            assert "also in 1 article; 1 differs" in status
