"""Turning received documents into stored article text."""
