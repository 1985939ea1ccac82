"""formc: compile declarative public-service form definitions into every channel.

The public runtime API:

- :func:`load` a project into a :class:`Project` of checked, typed forms;
- ``form.validate(data, lang=...)`` the submitted data of one form;
- :func:`render_receipt` the filled form as PDF/A (the receipt and archive document);
- :func:`to_xml` / :func:`from_xml` a submission's data as XML and back (lossless).
"""

from formc.diagnostics import Diagnostic, DefinitionError
from formc.project import Project, load
from formc.runtime.decode import decode
from formc.runtime.receipt import render_receipt
from formc.xmldata import from_xml, to_xml

__all__ = ["decode", "render_receipt", "to_xml", "from_xml", "Diagnostic", "DefinitionError", "Project", "load"]
__version__ = "0.1.0"
