"""The reference documents shipped in corpus/reference/, loaded into a new index."""

from importlib.resources import files


def reference_documents() -> list[tuple[str, str]]:
    """(id, text) of each bundled report, id = file stem, sorted by id."""
    folder = files("corpus").joinpath("reference")
    docs = []
    for entry in folder.iterdir():
        if entry.name.endswith(".txt"):
            # A byte-order mark is never part of the text (DESIGN: offsets).
            docs.append((entry.name.removesuffix(".txt"), entry.read_text(encoding="utf-8").removeprefix("\ufeff")))
    return sorted(docs)
