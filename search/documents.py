"""The Elasticsearch index (elasticsearch-dsl), used when ``ELASTICSEARCH_URL`` is set.

Analyzer choices, and why:

- ``standard`` tokenizer, then ``lowercase``.
- ``dictionary_decompounder`` with the seed vocabulary (``search.lexicon.SEED_WORDS``) plus the
  database index's vocabulary at index-creation time: German compounds are split into known
  parts and the parts are indexed beside the whole word ("Grundschule" → grundschule, grund,
  schule). A hyphenation grammar would need a file on every node; a word list travels with the
  mapping.
- ``german_normalization``: ä/ö/ü/ß and their ae/oe/ue/ss spellings become one form, so
  "Strasse" = "Straße" and "Buergerbuero" = "Bürgerbüro".
- ``light_german`` stemmer: plural and case endings ("Anfragen" → "Anfrage") without the
  over-stemming of the full Snowball stemmer.
- At search time only, ``synonym_graph`` with the council abbreviations of
  ``search.lexicon.SYNONYM_GROUPS`` ("OB" → "Oberbürgermeister"), which handles multi-word
  synonyms correctly as a graph.

Reference numbers are a ``keyword`` with a lowercase normalizer, matched exactly. Facets are
keyword fields aggregated with ``terms``; many-valued ones store "value<TAB>label" so one
aggregation gives both. Access is decided at query time from ``public_visible`` (computed at
index time with ``ris.access`` for an anonymous user) and ``body_id`` (staff of a body see all
of it), the same two rules as ``ris.access``.
"""

from __future__ import annotations

from django.conf import settings
from elasticsearch_dsl import (
    Boolean,
    Date,
    Document,
    Integer,
    Keyword,
    Long,
    Text,
    analyzer,
    normalizer,
    token_filter,
)

from search import lexicon
from search.analysis import fold

FACET_SEPARATOR = "\t"


def synonym_rules() -> list[str]:
    return [", ".join(member.lower() for member in group) for group in lexicon.SYNONYM_GROUPS]


def decompounder_words(extra: list[str] | None = None) -> list[str]:
    """Lower-case words for the decompounder; umlauts kept as written (it runs before normalisation)."""
    seeds = [w.lower() for w in lexicon.SEED_WORDS]
    return sorted(set(seeds) | {w for w in (extra or []) if w.isalpha()})


def german_analyzers(words: list[str] | None = None):
    decompounder = token_filter(
        "ris_decompounder",
        "dictionary_decompounder",
        word_list=decompounder_words(words),
        min_subword_size=4,
        only_longest_match=True,
    )
    stemmer = token_filter("ris_light_german", "stemmer", language="light_german")
    synonyms = token_filter("ris_synonyms", "synonym_graph", synonyms=synonym_rules(), lenient=True)
    index = analyzer(
        "ris_german",
        tokenizer="standard",
        filter=["lowercase", decompounder, "german_normalization", stemmer],
    )
    search = analyzer(
        "ris_german_search",
        tokenizer="standard",
        filter=["lowercase", synonyms, "german_normalization", stemmer],
    )
    return index, search


INDEX_ANALYZER, SEARCH_ANALYZER = german_analyzers()
REFERENCE_NORMALIZER = normalizer("ris_reference", filter=["lowercase", "trim"])


def german_text(**kwargs) -> Text:
    return Text(analyzer=INDEX_ANALYZER, search_analyzer=SEARCH_ANALYZER, **kwargs)


class RisDocument(Document):
    """One hit: a paper, meeting, agenda item, person, organization or file page."""

    kind = Keyword()
    object_id = Long()
    page = Integer()
    body_id = Integer()
    body_name = Keyword(index=False)
    paper_type = Keyword()
    reference = Keyword(normalizer=REFERENCE_NORMALIZER)
    date = Date()
    year = Integer()
    title = german_text(fields={"exact": Text(analyzer="standard")})
    subtitle = Keyword(index=False)
    text = german_text(term_vector="with_positions_offsets")
    url = Keyword(index=False)
    matter = Keyword()
    organization = Keyword()
    organization_facet = Keyword()
    originator = Keyword()
    originator_facet = Keyword()
    public_visible = Boolean()

    class Index:
        name = "ris-documents"
        settings = {"number_of_shards": 1, "number_of_replicas": 0, "max_result_window": 10_000}


def index_name() -> str:
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-documents"


def document_id(kind: str, object_id: int, page: int) -> str:
    return f"{kind}-{object_id}-{page}"


def folded_reference(reference: str) -> str:
    return fold(reference).strip()
