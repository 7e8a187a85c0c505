"""budgetkg: a knowledge graph of Chinese government budget and final-accounts disclosures."""

__version__ = "0.1.0"
