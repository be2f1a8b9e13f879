"""Reading security headers as a browser reads them."""


def csp_directives(header):
    """A Content-Security-Policy header as a dict of directive to its sources.

    A browser reads the directives in any order, so tests compare directives, never the
    header's text (whose order tests/ops/test_security.py checks on its own).
    """
    return {
        name: sources
        for name, *sources in (part.split() for part in header.split(";") if part.strip())
    }
