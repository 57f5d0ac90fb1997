"""monitor: a self-hosted news ingest-and-alert service."""

__version__ = "0.1.0"
