"""Gainsay's benchmark harness: a synthetic corpus generator and a load-test runner.

See docs/performance.md."""
