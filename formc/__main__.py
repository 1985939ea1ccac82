"""``python -m formc`` runs the command line."""

from formc.cli import main

main()
