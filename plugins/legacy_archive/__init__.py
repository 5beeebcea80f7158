"""legacy_archive: a Pelican plugin that publishes a legacy file archive.

Pipeline, one module per stage, archive/ to output/:
discover -> identify -> decode -> extract -> catalog -> render -> publish.
`generator.ArchiveGenerator` runs them inside Pelican's build: everything is
read in generate_context, everything written in generate_output.
"""


def register():
    # Imported here so the stage modules stay importable without Pelican.
    from .plugin import register as _register

    _register()
