"""The hybrid search as a LangChain retriever: chains and agents get cited Documents, filters apply."""

from __future__ import annotations

from bot.answers.search import Filters, KnowledgeRetriever


def test_langchain_retriever_returns_cited_documents(index):
    retriever = KnowledgeRetriever(search=index.search, k=2)
    documents = retriever.invoke("¿Qué pide el BID sobre la sostenibilidad?")
    assert 1 <= len(documents) <= 2
    assert documents[0].metadata["source"] == "bid.es.md"
    assert documents[0].metadata["section"] == "Sostenibilidad"
    assert "BID" in documents[0].page_content and documents[0].id


def test_langchain_retriever_applies_metadata_filters(index):
    retriever = KnowledgeRetriever(search=index.search, k=5, filters=Filters(language="en"))
    documents = retriever.invoke("sostenibilidad indicadores marco lógico")
    assert documents and all(d.metadata["language"] == "en" for d in documents)
