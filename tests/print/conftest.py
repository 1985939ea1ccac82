"""Fixtures of the print tests (helpers live in print_support, a module name no other folder uses)."""

from print_support import small, small_build, small_data  # noqa: F401  (pytest fixtures)
