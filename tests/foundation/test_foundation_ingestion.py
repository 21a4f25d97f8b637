"""Incremental ingest over an embedded Chroma store, with a fake encoder whose calls are counted."""

from __future__ import annotations

import os
from collections import Counter

import pytest
from chromadb.api.models.Collection import Collection

from bot.index.ingestion import Ingestor, ingest
from bot.index.store import iter_chunks
from bot.index.store import ActiveIndex, IndexStore, StoreError
from tests.foundation.conftest import md_file, paragraphs
from tests.foundation.fakes import EncoderFactory, exact_vector


def run(config, store, factory=None, **kwargs):
    factory = factory or EncoderFactory()
    return Ingestor(config, store, factory).run(**kwargs), factory


def served(store: IndexStore) -> tuple[ActiveIndex, dict[str, int]]:
    """The active generation and its chunks per source, read back from Chroma."""
    active = store.active()
    assert active is not None
    collection = store.collection(active, "dense")
    per_source = Counter(meta["source"] for _, _, meta in iter_chunks(collection))
    assert collection.count() == active.chunks == sum(per_source.values())
    return active, dict(per_source)


def test_first_ingest_indexes_every_file_and_answers(config, store):
    summary, factory = run(config, store)
    assert summary.switched and sorted(summary.added) == ["alpha.md", "beta.md", "sub/gamma.txt"]
    assert summary.skipped == {} and summary.embedded == summary.chunks == len(factory.dense.embedded)
    active, per_source = served(store)
    assert set(per_source) == {"alpha.md", "beta.md", "sub/gamma.txt"}
    assert {name: entry["chunks"] for name, entry in active.manifest.items()} == per_source
    # A query with a chunk's exact embedded text finds that chunk first, with its metadata.
    collection = store.collection(active, "dense")
    text = factory.dense.embedded[0]
    hit = collection.query(query_embeddings=[exact_vector(text)], n_results=1, include=["metadatas"])
    assert hit["metadatas"][0][0]["title"] == "Alfa" and hit["metadatas"][0][0]["language"] == "es"


def test_rerun_with_nothing_changed_does_not_even_build_the_encoders(config, store):
    first, _ = run(config, store)
    factory = EncoderFactory()
    summary, _ = run(config, store, factory)
    assert factory.calls == 0
    assert not summary.switched and summary.generation == first.generation
    assert summary.unchanged == 3 and summary.chunks == first.chunks


def test_add_change_and_delete_embed_only_what_changed(config, store, knowledge):
    run(config, store)
    before, per_source_before = served(store)
    (knowledge / "beta.md").write_text(
        md_file("Beta", {"Presupuesto": paragraphs("presupuesto revisado", 2)}, language="en"), "utf-8")
    (knowledge / "delta.md").write_text(md_file("Delta", {"Nuevo": paragraphs("novedades", 1)}), "utf-8")
    (knowledge / "sub" / "gamma.txt").unlink()

    summary, factory = run(config, store)
    after, per_source = served(store)
    assert (summary.added, summary.changed, summary.removed, summary.unchanged) == (
        ["delta.md"], ["beta.md"], ["sub/gamma.txt"], 1)
    assert after.generation != before.generation
    assert set(per_source) == {"alpha.md", "beta.md", "delta.md"}
    assert per_source["alpha.md"] == per_source_before["alpha.md"]
    # Only the new and changed files went through the encoder, each chunk once.
    embedded_sources = {text.split("\n", 1)[0].split(" › ")[0] for text in factory.dense.embedded}
    assert embedded_sources == {"Beta", "Delta"}
    assert len(factory.dense.embedded) == per_source["beta.md"] + per_source["delta.md"] == summary.embedded
    # The previous generation is kept one round (other instances may still read it); older ones go.
    names = store._collection_names()
    assert sorted(names) == sorted(["coach-meta", after.collection_name("coach", "dense"),
                                    before.collection_name("coach", "dense")])
    (knowledge / "delta.md").unlink()
    third, _ = run(config, store)
    assert sorted(store._collection_names()) == sorted(
        ["coach-meta", store.active().collection_name("coach", "dense"), after.collection_name("coach", "dense")])


def test_unreadable_file_is_reported_and_the_rest_ingest(config, store, knowledge):
    (knowledge / "broken.pdf").write_bytes(os.urandom(3000))
    (knowledge / "notes.xlsx").write_bytes(b"PK\x03\x04")
    summary, _ = run(config, store)
    assert summary.skipped["broken.pdf"].startswith("corrupt")
    assert summary.skipped["notes.xlsx"].startswith("unsupported")
    _, per_source = served(store)
    assert set(per_source) == {"alpha.md", "beta.md", "sub/gamma.txt"}
    # Still reported on the next run, without being read again.
    again, factory = run(config, store)
    assert set(again.skipped) == {"broken.pdf", "notes.xlsx"} and factory.calls == 0


def test_a_file_that_becomes_unreadable_loses_its_old_chunks(config, store, knowledge):
    run(config, store)
    (knowledge / "beta.md").write_text("---\ntitle: [broken\n---\n\nTexto.\n", encoding="utf-8")
    summary, _ = run(config, store)
    assert summary.skipped["beta.md"].startswith("corrupt")
    _, per_source = served(store)
    assert "beta.md" not in per_source  # the index reflects knowledge/, not a version that is gone


def test_rebuild_re_embeds_everything_into_a_new_generation(config, store):
    first, _ = run(config, store)
    summary, factory = run(config, store, rebuild=True)
    assert summary.switched and summary.generation != first.generation
    assert len(factory.dense.embedded) == summary.chunks == first.chunks


def test_changed_chunking_settings_rebuild(tmp_path, knowledge, store, config):
    from bot.config import load_config
    from tests.foundation.conftest import write_config

    run(config, store)
    smaller = load_config(write_config(tmp_path, "[chunking]\nmax_tokens = 64\n"), environ={})
    summary, factory = run(smaller, store)
    assert summary.switched and len(factory.dense.embedded) == summary.chunks
    assert summary.unchanged == 0


def test_write_failure_midway_keeps_the_old_generation_and_says_so(config, store, knowledge, monkeypatch):
    run(config, store)
    before, per_source_before = served(store)
    for i in range(6):  # enough new chunks for several batches
        (knowledge / f"extra-{i}.md").write_text(md_file(f"Extra {i}", {"S": paragraphs(f"tema {i}", 25)}), "utf-8")
    original_add = Collection.add
    calls = {"n": 0}

    def failing_add(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] > 2:
            raise OSError(28, "No space left on device")
        return original_add(self, *args, **kwargs)

    monkeypatch.setattr(Collection, "add", failing_add)
    with pytest.raises(Exception) as error:
        run(config, store)
    monkeypatch.undo()
    assert calls["n"] == 3
    message = str(error.value)
    assert "No space left on device" in message
    assert before.generation in message  # tells the operator which index still answers
    after, per_source = served(store)
    assert after.generation == before.generation and per_source == per_source_before
    assert sorted(store._collection_names()) == sorted(["coach-meta", before.collection_name("coach", "dense")])
    # The next run, with the disk fixed, completes.
    summary, _ = run(config, store)
    assert summary.switched and len(summary.added) == 6


def test_failure_in_verification_keeps_the_old_generation(config, store, knowledge, monkeypatch):
    run(config, store)
    before, _ = served(store)
    (knowledge / "delta.md").write_text(md_file("Delta", {"Nuevo": paragraphs("novedades", 1)}), "utf-8")
    monkeypatch.setattr(Collection, "count", lambda self: 0)
    with pytest.raises(StoreError, match="expected"):
        run(config, store)
    monkeypatch.undo()
    assert served(store)[0].generation == before.generation


def test_ingest_helper_takes_the_lock_and_needs_no_model_when_nothing_changed(config, monkeypatch):
    import bot.index.ingestion

    factory = EncoderFactory()
    monkeypatch.setattr(bot.index.ingestion, "build_encoders", lambda _cfg: factory())
    first = ingest(config)
    assert first.switched and factory.calls == 1
    second = ingest(config)
    assert not second.switched and factory.calls == 1
    assert (config.data_dir / "index.lock").exists()


def test_two_deployments_with_overlapping_prefixes_do_not_delete_each_other(config):
    from bot.index.store import make_client

    client = make_client(config)
    try:
        main, test = IndexStore(client, "coach"), IndexStore(client, "coach-test")
        run(config, test)
        kept, _ = served(test)
        run(config, main, rebuild=True)
        run(config, main, rebuild=True)  # drops coach's old generations, and only those
        assert served(test)[0].generation == kept.generation
    finally:
        client.close()


def test_ingest_names_donor_documents_not_checked_for_a_year_and_refuses_bad_front_matter(config, store):
    donors = config.knowledge_dir / "donors"
    donors.mkdir()
    front = '---\ntitle: "{t}"\nlanguage: "es"\nkind: "donor"\ndonor: "idb"\nchecked: "{c}"\n---\n# {t}\n\n'
    (donors / "viejo.es.md").write_text(front.format(t="BID viejo", c="2019-03") + "\n\n".join(paragraphs("bid", 2)), "utf-8")
    (donors / "nuevo.es.md").write_text(front.format(t="BID nuevo", c="2099-01") + "\n\n".join(paragraphs("bid", 2)), "utf-8")
    (donors / "mal.es.md").write_text(front.format(t="BID mal", c="marzo") + "Texto.", "utf-8")
    summary, _ = run(config, store)
    assert summary.stale == ["donors/viejo.es.md (checked 2019-03)"]
    assert summary.skipped["donors/mal.es.md"].startswith("front_matter: checked")
    again, factory = run(config, store)  # nothing changed: read from the manifest, nothing embedded
    assert again.stale == summary.stale and not again.switched and not factory.dense.embedded
