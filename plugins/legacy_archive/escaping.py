"""Autoescaping in the archive's templates at half the cost, with the same output.

Jinja prints each {{ value }} of an autoescaped template through
markupsafe's escape: a Python function around markupsafe's C core, which
then makes the Markup through Markup.__new__, a second Python call. That is
1.2 us a value, and a message page prints some eighty. For a str (nearly
every value printed) `escape` here calls the same C core and makes the same
Markup without either Python call; any other value goes to markupsafe.
"""

import markupsafe
from jinja2 import Template
from markupsafe import Markup

try:
    from markupsafe._speedups import _escape_inner
except ImportError:   # markupsafe without its C core, or one that moved it
    _escape_inner = None

_new_str = str.__new__


def _escape(value):
    """markupsafe.escape(value), sooner for a str."""
    if type(value) is str:
        return _new_str(Markup, _escape_inner(value))
    return markupsafe.escape(value)


escape = markupsafe.escape if _escape_inner is None else _escape


class ArchiveTemplate(Template):
    """A template whose compiled code escapes with `escape` above.

    Compiled code imports `escape` into its own namespace, which its
    functions read at each call; that name is bound again here, once per
    template compiled.
    """

    @classmethod
    def _from_namespace(cls, environment, namespace, globals):
        namespace["escape"] = escape
        return super()._from_namespace(environment, namespace, globals)
