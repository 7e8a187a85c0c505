"""Stage 2 of ingest, running text: amounts, changes, shares and reasons stated in the narrative."""
