"""Logging out of a shared tablet leaves nothing of the people it showed: the check-in page
keeps its list and its queued actions in the browser (IndexedDB, a service worker's cache),
and the logout answer asks the browser to clear them."""

import pytest

pytestmark = pytest.mark.django_db


def test_logging_out_asks_the_browser_to_clear_what_the_site_stored(client_membre):
    response = client_membre.post("/deconnexion/")
    assert response.status_code in (200, 302)
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "_auth_user_id" not in client_membre.session
