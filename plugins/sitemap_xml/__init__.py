"""sitemap.xml for the blog and the archive, the same bytes on every build.

pelican-sitemap stamps index pages with the time of the build (so two builds
differ) and knows nothing of the archive's pages; this writes posts with
their dates, pages, listings and every archive page, and splits into a
sitemap index past the protocol's 50,000 URLs per file.
"""

import os
from xml.sax.saxutils import escape

from pelican import signals
from pelican.generators import Generator

LIMIT = 50_000
HEAD = '<?xml version="1.0" encoding="utf-8"?>\n'
URLSET = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'


class SitemapGenerator(Generator):
    def generate_context(self):
        pass

    def generate_output(self, writer):
        base = self.settings.get("SITEURL_ABSOLUTE") or self.settings["SITEURL"]
        entries = sorted(set(self.entries()))
        chunks = [entries[i:i + LIMIT] for i in range(0, len(entries), LIMIT)] or [[]]
        if len(chunks) == 1:
            self.write("sitemap.xml", urlset(base, chunks[0]))
            return
        names = [f"sitemap-{n}.xml" for n in range(1, len(chunks) + 1)]
        for name, chunk in zip(names, chunks, strict=True):
            self.write(name, urlset(base, chunk))
        index = "".join(f"<sitemap><loc>{escape(base)}/{name}</loc></sitemap>\n" for name in names)
        self.write("sitemap.xml", HEAD + '<sitemapindex xmlns="http://www.sitemaps.org/'
                   'schemas/sitemap/0.9">\n' + index + "</sitemapindex>\n")

    def entries(self):
        """(url, lastmod) for every page worth finding; lastmod "" when unknown."""
        yield "", ""
        for article in self.context.get("articles", []):
            when = getattr(article, "modified", None) or article.date
            yield article.url, when.date().isoformat()   # Pelican's strftime is slow
        for page in self.context.get("pages", []):
            yield page.url, ""
        for category, _ in self.context.get("categories", []):
            yield category.url, ""
        yield self.settings.get("ARCHIVES_URL", ""), ""
        for url in self.context.get("archive_sitemap", []):
            yield url, ""

    def write(self, name, text):
        path = os.path.join(self.output_path, name)
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)


def urlset(base, entries):
    lines, prefix = [HEAD, URLSET], escape(base)   # once: an archive lists 100,000 pages
    for url, lastmod in entries:
        extra = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        lines.append(f"<url><loc>{prefix}/{escape(url)}</loc>{extra}</url>\n")
    lines.append("</urlset>\n")
    return "".join(lines)


def get_generators(pelican):
    return SitemapGenerator


def register():
    signals.get_generators.connect(get_generators)
