"""The project's management commands describe themselves in Norwegian."""

import pytest
from django.core.management import BaseCommand, get_commands, load_command_class
from django.utils import translation

OUR_APPS = ("cms", "home", "people", "schemes", "search", "strategy")
OUR_COMMANDS = sorted((name, app) for name, app in get_commands().items() if app in OUR_APPS)


def own_texts(app, name):
    """The command's description and the help of the options it adds, as its parser has them."""
    common = {action.dest for action in BaseCommand().create_parser("manage.py", "base")._actions}
    command = load_command_class(app, name)
    parser = command.create_parser("manage.py", name)
    options = [action.help for action in parser._actions if action.dest not in common | {"help"}]
    return [parser.description, *options]


def test_the_project_has_commands():
    assert {name for name, _app in OUR_COMMANDS} >= {
        "load_troms_content",
        "delete_expired_feedback",
        "rebuild_api_documents",
        "ensure_local_admin",
    }


@pytest.mark.parametrize(("name", "app"), OUR_COMMANDS)
def test_the_help_of_every_command_and_option_is_norwegian(name, app):
    with translation.override("en"):
        english = own_texts(app, name)
    with translation.override("nb"):
        norwegian = own_texts(app, name)

    assert all(english), english
    assert len(norwegian) == len(english)
    for original, translated in zip(english, norwegian, strict=True):
        assert translated and translated != original
