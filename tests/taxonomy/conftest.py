from tests.fixtures import _norwegian  # noqa: F401
