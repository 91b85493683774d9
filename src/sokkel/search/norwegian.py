"""Norwegian analysis for search: the terms a word is found by, in bokmål and nynorsk.

A word becomes its terms in four steps; the index and a search use the same ones, on SQLite
and PostgreSQL alike (:func:`word_terms`):

1. **Lemma.** simplemma's bokmål data, then its nynorsk data, give the dictionary form:
   «lærlingene» → lærling, «lokførere» → lokfører, «elevane» → elev, «born» → barn.
2. **Bokmål.** A nynorsk lemma becomes its bokmål word (``data/nynorsk.toml``): whole words
   («tilsett» → ansatt), spellings inside a word and endings («sjukeheim» → sykehjem,
   «dagleg» → daglig), each result checked against simplemma's bokmål lexicon.
3. **Compound parts.** A compound also gives the terms of its parts, split on words the
   lexicon knows and chosen by word frequency (Koehn & Knight, "Empirical methods for compound
   splitting", EACL 2003, with wordfreq's Norwegian frequencies): «røntgenbilder» gives
   røntgenbilde, røntgen and bilde; «vidaregåande» is vidare + gåande → videregående. A common
   word is taken as a word of its own and not split («sykehjem», «barnehage»).
4. **Term.** Snowball's Norwegian stem of the bokmål lemma, a final double consonant undoubled
   («falle» and «fall» → fall), so verb and noun meet; a stem under four letters keeps the
   lemma instead («lærer» stays lærer, apart from «lære»).

Stopwords (``data/stopwords.txt``) and single letters give no terms. :func:`synonyms` widens a
search with the domain synonyms of ``data/synonyms.toml``; :func:`unfolded` finds the word
meant by a search typed without æ, ø and å. Pure Python: no Django, so the lab and scripts may
use it too.
"""

from __future__ import annotations

import hashlib
import re
import threading
import tomllib
from collections.abc import Iterator
from functools import cache, lru_cache
from importlib.metadata import version
from itertools import product
from pathlib import Path
from statistics import fmean

import simplemma
import snowballstemmer
from simplemma.strategies.dictionaries import DefaultDictionaryFactory
from wordfreq import zipf_frequency

DATA = Path(__file__).with_name("data")
WORD = re.compile(r"\w+", re.UNICODE)
VOWELS = frozenset("aeiouyæøå")
LANGUAGES = ("nb", "nn")

#: A compound is at least this long, and each of its parts at least ``MIN_PART`` letters.
MIN_COMPOUND, MIN_PART = 6, 3
#: A part must be at least this common (wordfreq's Zipf scale: 3 is once in a million words).
MIN_PART_ZIPF = 2.5
#: A bokmål word this common is a word of its own, never split («sykehjem», «barnehage»).
LEXICALISED_ZIPF = 3.0
#: Links between the parts of a compound: «arbeid-s-plan», «syk-e-hjem». A split with a link
#: scores this much less (on the Zipf scale), so «skole-skyss» wins over «skoles-kyss».
LINKS = ("s", "e")
LINK_PENALTY = 1.0
#: A stem shorter than this keeps the lemma instead («lærer», not «lær»).
MIN_STEM = 4
#: A longer run of letters is no word anyone searches for: it gives no term.
MAX_WORD = 60
#: What a folded letter may have been, to find the word again: «lokforer» → lokfører.
UNFOLDS = {
    "ae": ("ae", "æ"),
    "oe": ("oe", "ø"),
    "aa": ("aa", "å"),
    "o": ("o", "ø"),
    "a": ("a", "å"),
}
UNFOLD_PLACES = re.compile("ae|oe|aa|o|a")
#: Spellings without æ, ø and å are tried only while there are at most this many of them.
MAX_UNFOLDS = 256


def _read_stopwords() -> frozenset[str]:
    text = (DATA / "stopwords.txt").read_text(encoding="utf-8")
    return frozenset(
        word for line in text.splitlines() if not line.startswith("#") for word in line.split()
    )


STOPWORDS = _read_stopwords()
_NYNORSK = tomllib.loads((DATA / "nynorsk.toml").read_text(encoding="utf-8"))
WORDS: dict[str, str] = _NYNORSK["words"]
SPELLINGS: dict[str, str] = _NYNORSK["spellings"]
ENDINGS: dict[str, str] = dict(sorted(_NYNORSK["endings"].items(), key=lambda kv: -len(kv[0])))

#: Changes whenever the analysis would give other terms: a stored index of another version is
#: rebuilt (``sokkel.search.index.ensure_current``). Bump ``ANALYSIS`` when the code changes.
#: (Synonyms are not in it: they widen a search, the index does not hold them.)
ANALYSIS = 1
_LIBRARIES = " ".join(version(name) for name in ("simplemma", "wordfreq", "snowballstemmer"))
VERSION = hashlib.sha256(
    b"".join(path.read_bytes() for path in (DATA / "stopwords.txt", DATA / "nynorsk.toml"))
    + f"{ANALYSIS} {_LIBRARIES}".encode()
).hexdigest()[:16]

_local = threading.local()


def _stem(word: str) -> str:
    """Snowball's Norwegian stem (one stemmer per thread: a stemmer keeps state as it works)."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("norwegian")
    return stemmer.stemWord(word)


def _known(word: str, language: str = "nb") -> bool:
    return simplemma.is_known(word, lang=language)


@cache
def _lemmas(language: str) -> frozenset[str]:
    """Every dictionary form of simplemma's lexicon of ``language``."""
    return frozenset(DefaultDictionaryFactory().get_dictionary(language).values())


def _lemma(word: str, language: str | tuple[str, ...] = LANGUAGES) -> str:
    """The dictionary form of a word in lower case. simplemma maps each form to one lemma,
    sometimes of another word: «buss» (a noun, and a lemma itself) to «busse» (a verb),
    «eldre» to «gammel». A word that is a lemma itself keeps its own form when the two would
    stem apart; «legen» still becomes «lege»."""
    lemma = simplemma.lemmatize(word, lang=language).lower()
    languages = (language,) if isinstance(language, str) else language
    if lemma != word and any(word in _lemmas(one) for one in languages):
        if _stem(word) != _stem(lemma):
            return word
    return lemma


@lru_cache(maxsize=100_000)
def _zipf(word: str) -> float:
    return zipf_frequency(word, "nb")


def term_of(lemma: str) -> str:
    """The term of a bokmål lemma: its stem, a final double consonant undoubled.

    >>> term_of("lærling"), term_of("falle"), term_of("sykehjem"), term_of("lærer")
    ('lærling', 'fall', 'sykehjem', 'lærer')
    """
    stem = _stem(lemma)
    if len(stem) > MIN_STEM and stem[-1] == stem[-2] and stem[-1] not in VOWELS:
        stem = stem[:-1]
    return stem if len(stem) >= MIN_STEM or len(stem) >= len(lemma) else lemma


def _respellings(word: str) -> Iterator[str]:
    """``word`` with nynorsk spellings and an ending replaced by bokmål ones, the most
    respelt first (each spelling in or out: «leiar» in «sjukepleiar» is no «leder»)."""
    found = [spelling for spelling in SPELLINGS if spelling in word]
    for chosen in sorted(product((True, False), repeat=len(found)), key=sum, reverse=True):
        base = word
        for spelling, used in zip(found, chosen, strict=True):
            if used:
                base = base.replace(spelling, SPELLINGS[spelling])
        if base != word:
            yield base
        for nynorsk, bokmaal in ENDINGS.items():
            if base.endswith(nynorsk) and len(base) - len(nynorsk) >= MIN_PART:
                yield base[: -len(nynorsk)] + bokmaal


@lru_cache(maxsize=100_000)
def bokmaal(word: str) -> str:
    """The bokmål lemma of a word in lower case, bokmål or nynorsk («sjukeheimen» → sykehjem).

    A word neither lexicon knows, nor any of its respellings, is its own lemma; a nynorsk
    compound is respelt part by part («vidaregåande» → videregående).
    """
    lemma = _lemma(word)
    if lemma in WORDS:
        return WORDS[lemma]
    for candidate in (lemma, word):
        for respelt in _respellings(candidate):
            if respelt in WORDS:
                return WORDS[respelt]
            if _known(respelt):
                return _lemma(respelt, "nb")
    if not _known(lemma) and (split := _split(lemma)):
        joined = "".join(_bokmaal_part(piece) + link for piece, link in split)
        if _known(joined):
            return _lemma(joined, "nb")
    return lemma


def _bokmaal_part(piece: str) -> str:
    """A part of a compound in bokmål, as written in the compound (not lemmatised)."""
    if piece in WORDS:
        return WORDS[piece]
    for respelt in _respellings(piece):
        if respelt in WORDS or _known(respelt):
            return WORDS.get(respelt, respelt)
    return piece


def _is_part(piece: str) -> bool:
    return (
        len(piece) >= MIN_PART
        and piece not in STOPWORDS
        and (_known(piece, "nb") or _known(piece, "nn"))
    )


def _split(word: str, depth: int = 0) -> tuple[tuple[str, str], ...] | None:
    """The best split of a compound as (part, link) pairs, the last part its head, or None.

    Parts are words either lexicon knows, each common enough; of the possible splits the one
    whose parts are most common on average wins (Koehn & Knight's geometric mean of
    frequencies, on wordfreq's logarithmic Zipf scale).
    """
    if len(word) < MIN_COMPOUND or not word.isalpha():
        return None
    best: tuple[tuple[str, str], ...] | None = None
    best_score = float("-inf")
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        head = word[cut:]
        if not _is_part(head):
            continue
        for link in ("", *LINKS):
            modifier = word[:cut]
            if link:
                if not modifier.endswith(link):
                    continue
                modifier = modifier[: -len(link)]
            if _is_part(modifier):
                front: tuple[tuple[str, str], ...] | None = ((modifier, link),)
            elif depth < 1 and len(head) > MIN_PART:
                # three parts only of four letters or more: «energi-sparing», not «energi-spa-ring»
                inner = _split(modifier, depth + 1)
                long = inner and all(len(piece) > MIN_PART for piece, _ in inner)
                front = inner[:-1] + ((inner[-1][0], link),) if long else None
            else:
                front = None
            if front is None:
                continue
            pieces = (*front, (head, ""))
            zipfs = [_zipf(_bokmaal_part(piece)) for piece, _ in pieces]
            if min(zipfs) < MIN_PART_ZIPF:
                continue
            score = fmean(zipfs) - LINK_PENALTY * sum(1 for _, link in pieces if link)
            if score > best_score:
                best, best_score = pieces, score
    return best


@lru_cache(maxsize=100_000)
def compound_parts(lemma: str) -> tuple[str, ...]:
    """The parts of a compound in bokmål, as written in it, or ``()`` for a word not split.

    >>> compound_parts("røntgenbilde"), compound_parts("sykehjem")
    (('røntgen', 'bilde'), ())
    """
    zipf = _zipf(lemma)
    if zipf >= LEXICALISED_ZIPF and _known(lemma):
        return ()
    split = _split(lemma)
    if not split:
        return ()
    parts = tuple(_bokmaal_part(piece) for piece, _ in split)
    if fmean(_zipf(part) for part in parts) <= zipf:
        return ()
    return parts


@lru_cache(maxsize=200_000)
def analyse(word: str) -> tuple[tuple[str, str], ...]:
    """The terms of one word as written, each with the word it stands for: the word's own
    term and bokmål lemma first, then its compound parts'.

    >>> analyse("Røntgenbildene")
    (('røntgenbild', 'røntgenbilde'), ('røntg', 'røntgen'), ('bild', 'bilde'))
    """
    lower = word.lower()
    if lower in STOPWORDS or len(lower) > MAX_WORD or (len(lower) < 2 and not lower.isdigit()):
        return ()
    if not lower.isalpha():
        return ((lower, lower),)
    lemma = bokmaal(lower)
    found = {term_of(lemma): lemma}
    for part in compound_parts(lemma):
        found.setdefault(term_of(part), part)
    return tuple(found.items())


def word_terms(word: str) -> tuple[str, ...]:
    """The terms of one word as written (:func:`analyse`), its own term first.

    >>> word_terms("sjukeheimen"), word_terms("lokførere"), word_terms("og")
    (('sykehjem',), ('lokfør', 'lok', 'fører'), ())
    """
    return tuple(term for term, _ in analyse(word))


def terms(text: str) -> list[str]:
    """Every term of ``text``, in order, repeats kept: what the index holds."""
    return [term for word in WORD.findall(text) for term in word_terms(word)]


def query_terms(text: str) -> list[str]:
    """The distinct terms of ``text``, in the order they come."""
    return list(dict.fromkeys(terms(text)))


def is_known(word: str) -> bool:
    """Whether the bokmål or nynorsk lexicon knows ``word`` (in any inflection)."""
    lower = word.lower()
    return _known(lower, "nb") or _known(lower, "nn")


def unfolded(word: str) -> list[str]:
    """The words the lexicon knows that ``word`` may be, typed without æ, ø and å.

    >>> unfolded("lokforer"), unfolded("laerlinger"), unfolded("sykehjem")
    (['lokfører'], ['lærlinger'], [])
    """
    lower = word.lower()
    if not lower.isascii() or is_known(lower):
        return []
    places = list(UNFOLD_PLACES.finditer(lower))
    if not places or 2 ** len(places) > MAX_UNFOLDS:
        return []
    found = []
    for choice in product(*(UNFOLDS[place.group()] for place in places)):
        parts, cursor = [], 0
        for place, letters in zip(places, choice, strict=True):
            parts += [lower[cursor : place.start()], letters]
            cursor = place.end()
        candidate = "".join(parts) + lower[cursor:]
        if candidate != lower and is_known(candidate):
            found.append(candidate)
    return found


@cache
def _synonym_groups() -> dict[str, tuple[str, ...]]:
    """Each synonym's term, with the terms of the other words of its group."""
    groups = tomllib.loads((DATA / "synonyms.toml").read_text(encoding="utf-8"))["group"]
    found: dict[str, tuple[str, ...]] = {}
    for group in groups:
        group_terms = [word_terms(word)[0] for word in group["words"]]
        for term in group_terms:
            found[term] = tuple(other for other in group_terms if other != term)
    return found


def synonyms(term: str) -> tuple[str, ...]:
    """The terms of the words ``data/synonyms.toml`` lists with ``term``'s word."""
    return _synonym_groups().get(term, ())
