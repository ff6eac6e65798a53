"""The LangChain adapters: Embeddings and BaseRetriever over the real index."""

import numpy as np
from langchain_core.documents import Document

from assistant.retrieval.langchain import AssistantEmbeddings, AssistantRetriever


def test_embeddings_match_the_core_embedder(embedder):
    lc = AssistantEmbeddings(embedder)
    query = lc.embed_query("石坪消防站谁牵头")
    docs = lc.embed_documents(["加快石坪消防站建设", "市政消火栓维护"])
    assert len(query) == embedder.dim and len(docs) == 2
    np.testing.assert_allclose(query, embedder.embed_queries(["石坪消防站谁牵头"])[0], rtol=1e-5, atol=1e-6)
    assert np.dot(query, docs[0]) > np.dot(query, docs[1])


def test_retriever_returns_documents_with_citation_metadata(real_assistant):
    retriever = AssistantRetriever(retriever=real_assistant.retriever, k=3)
    docs = retriever.invoke("渝北石坪消防站建设")
    assert len(docs) == 3 and all(isinstance(d, Document) for d in docs)
    top = docs[0]
    assert "石坪" in top.page_content
    assert top.metadata["doc"] == "yubei-2021-fire-3yr-action-plan.txt"
    assert {"clause", "line_start", "line_end", "chunk_id", "score", "bm25", "dense"} <= set(top.metadata)
    only = AssistantRetriever(retriever=real_assistant.retriever, k=3, doc="dafeng-14th-5yr-fire-plan.txt")
    assert {d.metadata["doc"] for d in only.invoke("消防站建设")} == {"dafeng-14th-5yr-fire-plan.txt"}
