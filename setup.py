"""Build step beside pyproject.toml: two optional compiled fast paths.

- formc/_fastload.c, the loader's, linked to libyaml. Without a C compiler or libyaml's headers the install
  goes on, and formc.loader's Python builder loads every file (the same values and diagnostics, only slower).
- formc/_quickstat.c, the outputs check's (POSIX threads). Without it formc.writer checks each output with
  one os.lstat in Python (the same answers, only slower).
"""

from setuptools import Extension, setup

# setuptools' own build files go to .setuptools-build/, not to build/: that is where `formc build` writes a
# project's outputs by default, a folder a web team publishes as it is.
setup(ext_modules=[Extension("formc._fastload", ["formc/_fastload.c"], libraries=["yaml"], optional=True),
                   Extension("formc._quickstat", ["formc/_quickstat.c"], extra_compile_args=["-pthread"],
                             extra_link_args=["-pthread"], optional=True)],
      options={"build": {"build_base": ".setuptools-build"}})
