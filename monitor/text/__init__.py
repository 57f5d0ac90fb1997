"""Text: bytes and markup in, clean text and its features out.

Decodes bodies (one charset detector), parses feeds, strips page boilerplate (trafilatura),
reads local documents and their dates, canonicalises URLs, and computes the dedup features
(content hash, MinHash, story terms). Pure functions and worker processes: no network, no
database. May import: monitor.errors, monitor.models.
"""
