"""Build step beside pyproject.toml: the loader's compiled fast path (formc/_fastload.c, linked to libyaml).

Optional: without a C compiler or libyaml's headers the install goes on, and formc.loader's Python builder
loads every file (the same values and diagnostics, only slower).
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("formc._fastload", ["formc/_fastload.c"], libraries=["yaml"], optional=True)])
