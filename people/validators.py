"""Validation of contact details that editors type in."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def normalise_phone(value):
    """Return the number in international format (+47 ...), or raise ValidationError."""
    message = _("Enter a valid phone number, for example 77 78 80 00 or +47 77 78 80 00.")
    try:
        number = phonenumbers.parse(value, "NO")
    except phonenumbers.NumberParseException as error:
        raise ValidationError(message, code="invalid_phone") from error
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(message, code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def validate_phone(value):
    normalise_phone(value)
