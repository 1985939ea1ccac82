"""formc: compile declarative public-service form definitions into every channel.

The public runtime API:

- :func:`load` a project into a :class:`Project` of checked, typed forms;
- ``form.validate(data, lang=...)`` the submitted data of one form;
- :func:`render_receipt` the filled form as PDF/A (the receipt and archive document);
- :func:`to_xml` / :func:`from_xml` a submission's data as XML and back (lossless).
"""

from importlib import import_module
from typing import Any

# Loaded on first use, so that `formc check` does not import the PDF and XML machinery.
_EXPORTS = {
    "Diagnostic": "formc.diagnostics", "DefinitionError": "formc.diagnostics",
    "Project": "formc.project", "load": "formc.project",
    "decode": "formc.runtime.decode", "render_receipt": "formc.runtime.receipt",
    "to_xml": "formc.xmldata", "from_xml": "formc.xmldata",
}
__all__ = list(_EXPORTS)
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'formc' has no attribute {name!r}")
