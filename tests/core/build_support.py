"""What the core tests of `formc build` share: the targets that make text files (every one but print's PDFs)."""

TEXT_TARGETS = ("jsonschema", "html", "noark", "catalog")
