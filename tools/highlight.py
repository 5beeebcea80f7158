"""Pygments formatter for Markdown's codehilite that names the lexer.

Pygments' own HtmlFormatter ignores the `lang_str` codehilite passes, so a
reader (and a test) cannot tell which lexer highlighted a block. This one
writes <code class="language-pycon">, like fenced code without Pygments does.
"""

from pygments.formatters.html import HtmlFormatter

# (style, class prefix) -> (ttype2class, class2style); read-only once made.
_STYLESHEETS = {}


class LanguageHtmlFormatter(HtmlFormatter):
    def __init__(self, lang_str="", **options):
        super().__init__(**options)
        self.lang_str = lang_str

    def _create_stylesheet(self):
        """The style's class tables, made once per style rather than once per block.

        codehilite makes a formatter for every code block, and these tables
        depend only on the style and the class prefix.
        """
        key = (self.style, self.classprefix)
        if key not in _STYLESHEETS:
            super()._create_stylesheet()
            _STYLESHEETS[key] = (self.ttype2class, self.class2style)
        self.ttype2class, self.class2style = _STYLESHEETS[key]

    def _wrap_code(self, inner):
        yield 0, f'<code class="{self.lang_str}">' if self.lang_str else "<code>"
        yield from inner
        yield 0, "</code>"
