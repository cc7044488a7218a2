"""The CatalogRouter's notion of a message that names the catalogue (no trained model needed)."""

import pytest

from partnerskab.adapters.nlu.catalog_router import CatalogRouter


@pytest.fixture(scope="module")
def router():
    return CatalogRouter()


@pytest.mark.parametrize(
    "text", ["LEGO?", "brf kredit", "htk og kulturringen", "råd 3??", "flygtningehjaelpen"]
)
def test_names_the_catalogue(router, text):
    assert router.names_the_catalogue(text, "da")


@pytest.mark.parametrize("text", ["hej", "hvad kan du?", "giv mig et eksempel", "tak for hjælpen"])
def test_names_nothing(router, text):
    assert not router.names_the_catalogue(text, "da")
