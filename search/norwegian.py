"""Norwegian text analysis, the same for the index and for queries on every database.

Words are lower-cased and folded to one spelling of æ, ø and å (so that "bredband",
"bredbaand" and "bredbånd" are one word), stop words are dropped, and what is left is stemmed
with Snowball's Norwegian stemmer, so that "bredbåndet" and "avtalene" find "bredbånd" and
"avtale". PostgreSQL's ``norwegian`` text-search configuration runs the same stemmer and the
same stop words on the folded words; SQLite gets the stems from here.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

# The stop words of PostgreSQL's norwegian configuration (Snowball's list), bokmål and nynorsk.
_STOP_WORDS = """
    og i jeg det at en et den til er som på de med han av ikke ikkje der så var meg seg men ett
    har om vi min mitt ha hadde hun nå over da ved fra du ut sin dem oss opp man kan hans hvor
    eller hva skal selv sjøl her alle vil bli ble blei blitt kunne inn når være kom noen noe
    ville dere deres kun ja etter ned skulle denne for deg si sine sitt mot å meget hvorfor
    dette disse uten hvordan ingen din ditt blir samme hvilken hvilke sånn inni mellom vår hver
    hvem vors hvis både bare enn fordi før mange også slik vært båe begge siden dykk dykkar dei
    deira deires deim di då eg ein eit eitt elles honom hjå ho hoe henne hennar hennes hoss
    hossen ingi inkje korleis korso kva kvar kvarhelst kven kvi kvifor me medan mi mine mykje no
    nokon noka nokor noko nokre sia sidan so somt somme um upp vere vore verte vort varte vart
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

# A word, or words joined by hyphens such as "BIO-midler" or "Midt-Troms".
WORD_GROUP = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
WORD = re.compile(r"[^\W_]+")

# A part of a compound is this long at least, and leaves this much of the word, so that short
# words do not match inside unrelated longer ones. A last part must be longer, since so many
# words end alike ("ring" in "næring").
MIN_PART_LENGTH = 4
MIN_HEAD_LENGTH = 5
MIN_REMAINDER_LENGTH = 3
# Only a word sought this long is taken apart: "bredbånd" is not searched for as "bred".
MIN_COMPOUND_LENGTH = 9
# Compounds that share a first or last part this long are related: næringsutvikling and
# samfunnsutvikling, omstillingsmidler and omstillingsprogrammet.
SHARED_PART_LENGTH = 6

_stemmer = snowballstemmer.stemmer("norwegian")


def fold(word):
    """One spelling for the letters Norwegians type in several ways: å/aa → a, æ → ae, ø → o.

    Swedish ä and ö count as æ and ø, and other accents are dropped (é → e).
    """
    word = word.lower().replace("ä", "æ").replace("ö", "ø")
    word = word.replace("aa", "a").replace("å", "a").replace("æ", "ae").replace("ø", "o")
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


_FOLDED_STOP_WORDS = frozenset(fold(word) for word in STOP_WORDS)


def is_stop_word(word):
    return word.lower() in STOP_WORDS or fold(word) in _FOLDED_STOP_WORDS


@lru_cache(maxsize=65536)
def stem(folded_word):
    """The stem of a folded word; numbers and words with digits are kept as they are."""
    if any(char.isdigit() for char in folded_word):
        return folded_word
    return _stemmer.stemWord(folded_word)


def folded_words(text):
    """The searchable words of a text, folded, without stop words, in order.

    A hyphenated word gives its parts and then the parts written together, so that
    "BIO-midler" is found by "bio", "midler" and "biomidler".
    """
    words = []
    for group in WORD_GROUP.findall(text):
        parts = [fold(part) for part in group.split("-") if not is_stop_word(part)]
        words.extend(part for part in parts if len(part) > 1)
        if "-" in group:
            joined = fold(group.replace("-", ""))
            if len(joined) > 1:
                words.append(joined)
    return words


def stems(text):
    """The stems of the searchable words of a text, in order."""
    return [stem(word) for word in folded_words(text)]


# Snippets analyse every word they show, and the same words come back in search after search.
@lru_cache(maxsize=65536)
def analyse_word(word):
    """The stem of one word as written, or None for a stop word or a single letter."""
    if is_stop_word(word):
        return None
    folded = fold(word)
    if len(folded) < 2:
        return None
    return stem(folded)


def reverse(word):
    """Stems are also indexed backwards, so that a prefix search finds words by their end."""
    return word[::-1]


def compound_parts(stem_sought):
    """Leading and trailing parts of a stem that may be words of their own.

    "bredbandsutbygging" gives ("bredb", ..., "bredband", "bredbands", ...) and
    (..., "utbygging", ...); the index tells which of them are words.
    """
    if len(stem_sought) < MIN_COMPOUND_LENGTH:
        return (), ()
    longest = len(stem_sought) - MIN_REMAINDER_LENGTH
    leading = tuple(stem_sought[:size] for size in range(MIN_PART_LENGTH, longest + 1))
    trailing = tuple(stem_sought[-size:] for size in range(MIN_HEAD_LENGTH, longest + 1))
    return leading, trailing
