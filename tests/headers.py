"""Reading security headers as a browser reads them."""


def csp_directives(header):
    """A Content-Security-Policy header as a dict of directive to its sources.

    A browser reads the directives in any order, and django-csp writes them in no fixed one, so
    tests compare directives, never the header's text.
    """
    return {
        name: sources
        for name, *sources in (part.split() for part in header.split(";") if part.strip())
    }
