"""The formc runtime service: ``formc serve`` (preview for authors; see :mod:`formc.server.preview`)."""
