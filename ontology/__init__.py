"""The budgetkg ontology (``budget.ttl``) and the namespaces used across the project."""

from budgetkg.ontology.namespaces import BGT, ELI, ID, OBEU_ATTRIBUTE, OBEU_DIMENSION, OBEU_MEASURE, ORG, QB

__all__ = ["BGT", "ELI", "ID", "OBEU_ATTRIBUTE", "OBEU_DIMENSION", "OBEU_MEASURE", "ORG", "QB"]
