"""budgetkg: a knowledge graph of Chinese government budget and final-accounts disclosures.

The Python API (see README "Python API")::

    import budgetkg

    with budgetkg.open("kg") as kg:  # a store folder; budgetkg.open() keeps it in memory
        kg.ingest("baotou-hrss-2025-budget.txt")
        print(kg.validate().counts())
        df = kg.query("provenance", value="947.66").to_pandas()
        kg.export("html", "network.html")
"""

from budgetkg.api import KnowledgeGraph, QueryResult, open
from budgetkg.errors import BudgetKGError

__version__ = "0.1.0"

__all__ = ["BudgetKGError", "KnowledgeGraph", "QueryResult", "__version__", "open"]
