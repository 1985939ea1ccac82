"""formc: compile declarative public-service form definitions into every channel.

The public runtime API:

- :func:`load` a project into a :class:`Project` of checked, typed forms;
- ``form.validate(data, lang=...)`` the submitted data of one form.
"""

from formc.diagnostics import Diagnostic, DefinitionError
from formc.project import Project, load

__all__ = ["Diagnostic", "DefinitionError", "Project", "load"]
__version__ = "0.1.0"
