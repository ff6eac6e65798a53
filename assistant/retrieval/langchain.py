"""LangChain adapters at the edge: an `Embeddings` and a `BaseRetriever` over our retriever.

The core never imports LangChain; these wrappers let the index plug into LangChain
chains (e.g. a user's own LCEL pipeline) without changing anything inside.
"""

from __future__ import annotations

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.models import Hit
from assistant.retrieval.embeddings import Embedder
from assistant.retrieval.search import Retriever


class AssistantEmbeddings(Embeddings):
    """LangChain `Embeddings` backed by our (offline) sentence-transformers embedder."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed_passages(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_queries([text])[0].tolist()


def hit_to_document(hit: Hit) -> Document:
    chunk = hit.chunk
    return Document(
        page_content=chunk.text,
        metadata={
            "doc": chunk.doc,
            "title": chunk.title,
            "clause": chunk.path,
            "kind": chunk.kind,
            "line_start": chunk.line_start,
            "line_end": chunk.line_end,
            "chunk_id": chunk.id,
            "score": hit.score,
            "bm25": hit.bm25,
            "dense": hit.dense,
        },
    )


class AssistantRetriever(BaseRetriever):
    """LangChain `BaseRetriever` returning `Document`s with doc, clause path, line span and scores."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    retriever: Retriever
    k: int = 8
    doc: str | None = None
    mode: str = "hybrid"

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        hits = self.retriever.search(query, k=self.k, doc=self.doc, mode=self.mode)
        return [hit_to_document(hit) for hit in hits]
