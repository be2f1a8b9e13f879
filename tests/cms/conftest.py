# The API suite's content tree, for the commands that rebuild what the API serves.
from tests.api.conftest import api_client, home_page, tree  # noqa: F401
