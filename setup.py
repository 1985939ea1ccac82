"""Build step beside pyproject.toml: the loader's compiled fast path (formc/_fastload.c, linked to libyaml).

Optional: without a C compiler or libyaml's headers the install goes on, and formc.loader's Python builder
loads every file (the same values and diagnostics, only slower).
"""

from setuptools import Extension, setup

# setuptools' own build files go to .setuptools-build/, not to build/: that is where `formc build` writes a
# project's outputs by default, a folder a web team publishes as it is.
setup(ext_modules=[Extension("formc._fastload", ["formc/_fastload.c"], libraries=["yaml"], optional=True)],
      options={"build": {"build_base": ".setuptools-build"}})
