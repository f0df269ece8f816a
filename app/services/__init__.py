"""Queries and rules, one module per noun. Services add and read rows; they never commit."""
