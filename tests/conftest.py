"""Shared fixtures: an app on a fresh corpus index per test, and its test client."""
from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from litestar.testing import TestClient

from service.app import create_app
from service.settings import Settings


@pytest.fixture
def db_path(tmp_path):
    return str(tmp_path / "corpus.sqlite3")


@pytest.fixture
def make_client(db_path) -> Iterator[Callable[..., TestClient]]:
    """make_client(**settings) -> a started TestClient; every client is closed at teardown."""
    clients: list[TestClient] = []

    def make(**overrides) -> TestClient:
        client = TestClient(create_app(Settings(db=db_path).with_overrides(**overrides)))
        client.__enter__()  # runs the lifespan: opens the store
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client) -> TestClient:
    return make_client()
