"""Hostile input: every bad file gives a one-line MinutesError, nothing else ever escapes."""

from __future__ import annotations

import codecs
import os
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup.errors import MinutesError
from followup.minutes.read import ReadLimits, display_path, read_minutes_text
from tests.formats_fixtures import (
    markdown_to_docx,
    markdown_to_hwp,
    markdown_to_hwpx,
    markdown_to_pdf,
)
from tests.hostile_corpus import HOSTILE_LIMITS, NO_TURNS_TEXT, HostileCase, build_hostile_corpus

HANGUL = re.compile("[\uac00-\ud7a3]")
LIMITS = {"small-limits": HOSTILE_LIMITS, "default-limits": ReadLimits()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[HostileCase]]:
    directory = tmp_path_factory.mktemp("hostile") / "inbox"
    return directory, build_hostile_corpus(directory)


def check(case: HostileCase, root: Path, limits: ReadLimits) -> str | None:
    """None when ``case`` behaves as expected, else what went wrong."""
    try:
        text = read_minutes_text(case.path, limits=limits, root=root)
    except MinutesError as err:
        message = str(err)
        if case.expect != "error":
            return f"expected text, got {message!r}"
        if "\n" in message or "\r" in message or not message.isprintable():
            return f"message is not one printable line: {message!r}"
        if err.path != display_path(case.path) or message != f"{err.name}: {err.reason}":
            return f"message does not start with the file's name: {message!r}"
        if err.name != display_path(case.path.name):
            return f"message names {err.name!r}, not the file's name"
        if case.why and err.code not in case.why.split("|"):
            return f"code {err.code!r} ({err.reason}), expected {case.why!r}"
        if not HANGUL.search(err.reason):
            return f"reason is not Korean: {err.reason!r}"
        return None
    except Exception as exc:  # the point of the test: nothing but MinutesError
        return f"raised {type(exc).__name__}: {exc}"
    if case.expect != "no-turns":
        return f"expected MinutesError, got text {text[:60]!r}"
    if not isinstance(text, str) or not text.strip() or "\r" in text:
        return f"bad text {text[:60]!r}"
    return None


def test_corpus_is_big_and_varied(corpus: tuple[Path, list[HostileCase]]) -> None:
    _, cases = corpus
    assert len(cases) >= 50
    assert len({case.name for case in cases}) == len(cases)
    assert {case.expect for case in cases} == {"error", "no-turns"}
    assert sum(case.expect == "error" for case in cases) >= 50
    assert sum(case.path.stat().st_size for case in cases if case.path.is_file()) < 16 * 1024**2
    # Every entry of the directory is a case, so a flow may scan it as an inbox.
    root = cases[0].path.parent
    assert sorted(os.listdir(root)) == sorted(case.name for case in cases)
    assert {case.name for case in cases if case.in_place} >= {"folder.md"}


@pytest.mark.parametrize("limits_name", list(LIMITS))
def test_every_hostile_case(corpus: tuple[Path, list[HostileCase]], limits_name: str) -> None:
    root, cases = corpus
    problems = [
        f"{case.name!r}: {problem}"
        for case in cases
        if (problem := check(case, root, LIMITS[limits_name])) is not None
    ]
    assert not problems, "\n".join(problems)


def test_the_symlink_case_needs_the_root(corpus: tuple[Path, list[HostileCase]]) -> None:
    root, cases = corpus
    outside = [case for case in cases if case.name == "symlink-outside.md"]
    if not outside:
        pytest.skip("no symlinks on this platform")
    with pytest.raises(MinutesError, match="경로가 수신함 밖을 가리킵니다") as info:
        read_minutes_text(outside[0].path, root=root)
    assert info.value.code == "outside_inbox"


def test_genuine_50_mb_case(tmp_path: Path) -> None:
    cases = build_hostile_corpus(tmp_path / "inbox", include_large=True)
    large = next(case for case in cases if case.name == "genuine-50mb.txt")
    assert large.path.stat().st_size == 50 * 1024 * 1024
    with pytest.raises(MinutesError) as info:
        read_minutes_text(large.path, root=tmp_path / "inbox")
    assert (info.value.code, info.value.params) == (
        "too_large",
        {"size": 50 * 1024 * 1024, "limit": 20 * 1024 * 1024},
    )
    assert info.value.reason == "파일 크기가 50.0 MB로 한도 20 MB를 넘습니다"


# --- property-based: arbitrary bytes ------------------------------------------------------

PREFIXES = [
    b"",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"%PDF-1.7\n",
    codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
    codecs.BOM_UTF32_LE,
    b"HWP Document File",
    "○위원장 홍길동  ".encode(),
    "〈위원장〉".encode("cp949"),
]
SMALL = ReadLimits(max_bytes=64 * 1024, max_unpacked_bytes=4 * 1024 * 1024, max_zip_members=200)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def read_or_error(path: Path, limits: ReadLimits = SMALL) -> None:
    try:
        text = read_minutes_text(path, limits=limits, root=path.parent)
    except MinutesError as err:
        assert "\n" not in str(err)
        assert str(err).startswith(f"{path.name}: ")
        return
    assert isinstance(text, str)
    assert text.strip() and text.endswith("\n") and "\r" not in text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=4096))
def test_arbitrary_bytes(scratch: Path, prefix: bytes, body: bytes) -> None:
    path = scratch / "arbitrary.bin"
    path.write_bytes(prefix + body)
    read_or_error(path)


@pytest.fixture(scope="module")
def valid_files() -> dict[str, bytes]:
    return {
        "docx": markdown_to_docx(NO_TURNS_TEXT),
        "hwpx": markdown_to_hwpx(NO_TURNS_TEXT),
        "hwp": markdown_to_hwp(NO_TURNS_TEXT),
        "pdf": markdown_to_pdf(NO_TURNS_TEXT),
    }


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    fmt=st.sampled_from(["docx", "hwpx", "hwp", "pdf"]),
    seed=st.integers(0, 2**32 - 1),
    flips=st.integers(1, 16),
    cut=st.floats(0.0, 1.0),
    truncate=st.booleans(),
)
def test_corrupted_documents(
    scratch: Path,
    valid_files: dict[str, bytes],
    fmt: str,
    seed: int,
    flips: int,
    cut: float,
    truncate: bool,
) -> None:
    data = bytearray(valid_files[fmt])
    rng = random.Random(seed)
    for _ in range(flips):
        data[rng.randrange(len(data))] = rng.randrange(256)
    if truncate:
        del data[int(len(data) * cut) :]
    path = scratch / f"corrupted.{fmt}"
    path.write_bytes(bytes(data))
    read_or_error(path, ReadLimits())


def _mutate(data: bytes, rng: random.Random, edits: int) -> bytes:
    """Overwrite, delete or duplicate a few short byte ranges."""
    out = bytearray(data)
    for _ in range(edits):
        at = rng.randrange(max(1, len(out)))
        choice = rng.random()
        if choice < 0.5:
            out[at : at + 1] = bytes([rng.randrange(256)])
        elif choice < 0.75:
            del out[at : at + rng.randint(1, 64)]
        else:
            start = rng.randrange(max(1, len(out)))
            out[at:at] = out[start : start + rng.randint(1, 64)]
    return bytes(out)


@pytest.fixture(scope="module")
def hwp_streams(valid_files: dict[str, bytes]) -> dict[str, bytes]:
    import io

    import olefile

    with olefile.OleFileIO(io.BytesIO(valid_files["hwp"])) as ole:
        return {"/".join(entry): ole.openstream(entry).read() for entry in ole.listdir()}


INTERNALS = [
    ("docx", "word/document.xml"),
    ("docx", "word/styles.xml"),
    ("docx", "[Content_Types].xml"),
    ("docx", "word/_rels/document.xml.rels"),
    ("hwpx", "Contents/section0.xml"),
    ("hwpx", "Contents/header.xml"),
    ("hwp", "BodyText/Section0"),
    ("hwp", "DocInfo"),
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    target=st.sampled_from(INTERNALS),
    seed=st.integers(0, 2**32 - 1),
    edits=st.integers(1, 6),
)
def test_corrupted_document_internals(
    scratch: Path,
    valid_files: dict[str, bytes],
    hwp_streams: dict[str, bytes],
    target: tuple[str, str],
    seed: int,
    edits: int,
) -> None:
    """Damage inside the container (XML, HWP records), behind valid ZIP/OLE framing."""
    import zlib

    from formats_fixtures import ole_file, replace_members

    fmt, member = target
    rng = random.Random(seed)
    if fmt == "hwp":
        streams = dict(hwp_streams)
        inner = _mutate(zlib.decompress(streams[member], -15), rng, edits)
        packer = zlib.compressobj(6, zlib.DEFLATED, -15)
        streams[member] = packer.compress(inner) + packer.flush()
        data = ole_file(streams)
    else:
        import io
        import zipfile

        with zipfile.ZipFile(io.BytesIO(valid_files[fmt])) as zf:
            original = zf.read(member)
        data = replace_members(valid_files[fmt], {member: _mutate(original, rng, edits)})
    path = scratch / f"internals.{fmt}"
    path.write_bytes(data)
    read_or_error(path, ReadLimits())
