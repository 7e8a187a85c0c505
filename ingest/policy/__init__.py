"""Stage 2 of ingest, the policy layer: projects (from narrative sections and 绩效目标表), the policy documents
their 立项依据 cite (发文字号 parsing, issuers, conflicting citations) and their performance indicators."""
