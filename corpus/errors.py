"""The one error type of the corpus package; the service maps it to a 4xx answer."""


class CorpusError(Exception):
    """Bad database url, an index built with another scheme or a newer schema, bad input."""
