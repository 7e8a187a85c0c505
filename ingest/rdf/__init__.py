"""Stage 3 of ingest: map an Extraction to RDF in the public vocabulary (deterministic IRIs, budget facts,
the policy layer), one graph per document."""
