"""Short original articles for the command line tests."""
import pytest

ARTICLES = {
    "ferry.txt": (
        "Ferry fares to rise in spring\n\n"
        "The island ferry will raise fares by 8 percent in April, "
        "the port authority said Tuesday.\n\n"
        "\u201cFuel has doubled in two years, and we have held prices "
        "for as long as we could,\u201d "
        "said Marta Lindqvist, the authority's director.\n\n"
        "Commuters said the increase would hit families who cross every day."
    ),
    "orchard.md": (
        "# Orchard wins county prize\n\n"
        "A family orchard outside Dunmore took first prize at the county fair on Saturday.\n\n"
        "\u201cWe almost lost the trees to frost in May,\u201d owner Tom Becker said. "
        "\u201cEvery apple on that table is a small miracle.\u201d\n\n"
        "Judges said the cider was the best they had tasted in a decade."
    ),
    "library.txt": (
        "Library extends weekend hours\n\n"
        "The central library will stay open until 8 p.m. on Saturdays, its board decided.\n\n"
        "Librarian Grace Okafor said students had asked for quiet space during exam season. "
        "\u201cThe building is full every Saturday afternoon,\u201d she told the board."
    ),
}


@pytest.fixture
def article_folder(tmp_path):
    """A folder with three short articles (one in a subfolder) and a non-article file."""
    folder = tmp_path / "articles"
    (folder / "more").mkdir(parents=True)
    for name, text in ARTICLES.items():
        target = folder / "more" / name if name == "library.txt" else folder / name
        target.write_text(text, encoding="utf-8")
    (folder / "notes.csv").write_text("not,an,article\n", encoding="utf-8")
    return folder
