"""Reading configuration from the environment, failing fast with a clear message."""

import os

from django.core.exceptions import ImproperlyConfigured

_REQUIRED = object()


def env(name, default=_REQUIRED):
    """Return the variable ``name``, or ``default``; without a default it is required."""
    value = os.environ.get(name)
    # An empty value counts as unset: `VAR= command` is a common way to blank a variable.
    if value is None or value == "":
        if default is _REQUIRED:
            raise ImproperlyConfigured(
                f"The environment variable {name} must be set for this configuration."
            )
        return default
    return value


def env_bool(name, default):
    """Read a boolean: 1/true/yes/on are true, 0/false/no/off are false."""
    value = env(name, None)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    # A typo must not silently turn a security switch off (or on).
    raise ImproperlyConfigured(f"The environment variable {name} must be a boolean, not {value!r}.")


def env_int(name, default):
    """Read a whole number, refusing anything else with a message that names the variable."""
    value = env(name, None)
    if value is None:
        return default
    try:
        return int(value.strip())
    except ValueError:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be a whole number, not {value!r}."
        ) from None


def env_list(name, default=()):
    """Read a comma-separated list, ignoring blanks."""
    value = env(name, None)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]
