"""``python -m budgetkg`` runs the command line."""

from budgetkg.cli import main

main()
