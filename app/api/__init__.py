"""JSON routes (OpenAPI at /docs)."""
