"""Who a request comes from, for what counts per client: the admin login lockout and the feedback
box's rate limit."""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The client's address, or None when it cannot be told.

    X-Forwarded-For is written by the client as much as by proxies, so it is read only as far as
    FEEDBACK_TRUSTED_PROXY_COUNT proxies in front of us append to it: the client's address is
    then the entry that the outermost trusted proxy added.
    """
    candidates = [request.META.get("REMOTE_ADDR", "")]
    proxies = settings.FEEDBACK_TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        # With fewer entries the request did not pass every proxy: the header may be forged.
        if len(forwarded) >= proxies:
            candidates.insert(0, forwarded[-proxies])
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None
