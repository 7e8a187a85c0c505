"""Readers, table recognisers and mappers that turn disclosures into RDF."""
