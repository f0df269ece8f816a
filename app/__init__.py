"""Gainsay: a claim/counter-claim explorer."""
