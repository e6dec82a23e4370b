"""One Kiwi per process, the few Korean-text decisions built directly on it, and what the
extractor's word tables share: ``word_set`` to write a table as data, and the forms Kiwi gives
the connectives -어 and -어서."""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiwipiepy import Kiwi

_lock = threading.Lock()


@lru_cache(maxsize=1)
def _build() -> Kiwi:
    from kiwipiepy import Kiwi

    # cong-global splits report-style Korean (~함. ~임.) best. The built-in multi-word
    # dictionary is left out: it holds ~180 MB of the ~550 MB a used Kiwi takes, and without
    # it no extraction of any gold set or sample changed. (The default dictionary, ~70 MB
    # more, stays: without it a loanword such as 사일로 splits differently from one sentence to
    # the next, and an agenda in examples/gold is mistaken.)
    kiwi = Kiwi(model_type="cong-global", load_multi_dict=False)
    kiwi.tokenize("회의")  # Kiwi loads the rest of its model on the first analysis
    _return_freed_memory()
    return kiwi


def _return_freed_memory() -> None:
    """Loading the model frees ~15 MB of scratch buffers that glibc keeps in the heap; hand
    them back to the system, where glibc is the C library."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return
    libc.malloc_trim(0)


NOUN_TAGS = frozenset({"NNG", "NNP", "SL", "SH"})


def word_set(spaced: str) -> frozenset[str]:
    """A word table written as data: the words of ``spaced``, split at white space."""
    return frozenset(spaced.split())


# The connectives -어 and -어서 in the forms Kiwi gives them after each stem vowel
# (만들어, 찾아, 하여; 만들어서, 찾아서, 하여서).
EO_FORMS = word_set("어 아 여")
EOSEO_FORMS = word_set("어서 아서 여서")


def noun_words(tokens: Iterable[Any]) -> list[str]:
    """The content nouns among Kiwi tokens, in order and repeated: common and proper nouns,
    Latin and Hanja words, two characters or longer, lower-cased."""
    return [t.form.lower() for t in tokens if t.tag in NOUN_TAGS and len(t.form) >= 2]


def get_kiwi() -> Kiwi:
    with _lock:
        return _build()


def joins_without_space(left: str, right: str) -> bool:
    """Whether a word broken at a line or page end continues on the next line.

    ``left`` is the last word before the break, ``right`` the first after it. Kiwi's
    spacing model decides: ``네트`` + ``워크`` is one word, ``분석이`` + ``필요하다는`` two.
    """
    if not left or not right:
        return False
    spaced = get_kiwi().space(left + right, reset_whitespace=False)
    seen = 0
    for ch in spaced:
        if seen == len(left):
            return not ch.isspace()
        if not ch.isspace():
            seen += 1
    return True
