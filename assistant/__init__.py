"""消防政策问答助手: a fire-safety policy assistant over Chinese district documents.

The package reads like the flow of a question:
`corpus/` (load and parse documents into a clause tree and a task ledger) →
`retrieval/` (chunks, embeddings, FAISS + BM25 index, hybrid search) →
`answer/` (understand the question, compose a cited answer, verify it) →
`server/` (Gradio chat + HTTP API) and `cli/`; `ingest/` adds documents;
`evals/` (top level) scores it all.
"""

__version__ = "0.1.0"
