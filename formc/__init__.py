"""formc: compile declarative public-service form definitions into every channel.

The public runtime API:

- :func:`load` a project into a :class:`Project` of checked, typed forms;
- ``form.validate(data, lang=...)`` the submitted data of one form;
- :func:`render_receipt` the filled form as PDF/A (the receipt and archive document).
"""

from formc.diagnostics import Diagnostic, DefinitionError
from formc.project import Project, load
from formc.runtime.decode import decode
from formc.runtime.receipt import render_receipt

__all__ = ["decode", "render_receipt", "Diagnostic", "DefinitionError", "Project", "load"]
__version__ = "0.1.0"
