"""HTML routes for readers."""
