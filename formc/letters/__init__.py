"""Letters the service sends on a case, rendered as PDF/A from overridable templates.

Today: the preliminary reply (foreløpig svar, forvaltningsloven § 11 a), see
:mod:`formc.letters.preliminary`. A project overrides a letter's template by
putting a file of the same name in ``<templates>/letters/`` (the
``templates:`` folder of ``formc.yaml``).
"""
