"""Pygments formatter for Markdown's codehilite that names the lexer.

Pygments' own HtmlFormatter ignores the `lang_str` codehilite passes, so a
reader (and a test) cannot tell which lexer highlighted a block. This one
writes <code class="language-pycon">, like fenced code without Pygments does.
"""

from pygments.formatters.html import HtmlFormatter


class LanguageHtmlFormatter(HtmlFormatter):
    def __init__(self, lang_str="", **options):
        super().__init__(**options)
        self.lang_str = lang_str

    def _wrap_code(self, inner):
        yield 0, f'<code class="{self.lang_str}">' if self.lang_str else "<code>"
        yield from inner
        yield 0, "</code>"
