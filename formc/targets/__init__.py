"""Targets: one package per output format, each with its templates and assets."""
