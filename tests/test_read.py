"""read_minutes_text on text files: encodings, line endings, limits and paths."""

from __future__ import annotations

import codecs
import os
import unicodedata
from pathlib import Path

import pytest

import followup.minutes.read as read_module
from followup.errors import MinutesError
from followup.minutes.read import ReadLimits, display_path, read_minutes_text
from tests.formats_fixtures import BIGDATA_SAMPLE, COUNCIL_SAMPLE

BIGDATA = BIGDATA_SAMPLE
COUNCIL = COUNCIL_SAMPLE
MB = 1024 * 1024

# Hangul syllables outside KS X 1001 (EUC-KR cannot encode them; CP949 can).
CP949_ONLY = "똠방각하 햏 쌰 뷁"


def sample_text(path: Path) -> str:
    if not path.is_file():
        pytest.skip(f"sample minutes {path} not present")
    return path.read_text(encoding="utf-8")


def ks_x_1001(text: str) -> str:
    """``text`` without the few characters EUC-KR cannot encode (a typo in the sample)."""
    return "".join(ch for ch in text if _encodable(ch, "euc-kr"))


def _encodable(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def expected_lines(text: str) -> str:
    """What reading should give for a UTF-8 text: same lines, right-stripped, final LF."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).rstrip("\n") + "\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def reason_of(path: Path, **kwargs: object) -> tuple[str, dict[str, object]]:
    """The error code and arguments reading ``path`` gives; its Korean line names the file."""
    with pytest.raises(MinutesError) as info:
        read_minutes_text(path, **kwargs)  # type: ignore[arg-type]
    message = str(info.value)
    assert "\n" not in message
    assert message == f"{path.name}: {info.value.reason}"
    assert info.value.path == str(path)
    return info.value.code, info.value.params


ENCODINGS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-bom": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "utf-16": lambda t: t.encode("utf-16"),
    "utf-16-le-bom": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf-16-be-bom": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "utf-16-le-no-bom": lambda t: t.encode("utf-16-le"),
    "utf-16-be-no-bom": lambda t: t.encode("utf-16-be"),
    "utf-32": lambda t: t.encode("utf-32"),
    "euc-kr": lambda t: t.encode("euc-kr"),
    "cp949": lambda t: t.encode("cp949"),
}


@pytest.mark.parametrize("sample", [BIGDATA, COUNCIL], ids=["bigdata-md", "council-txt"])
@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_encodings_give_identical_text(tmp_path: Path, sample: Path, encoding: str) -> None:
    text = ks_x_1001(sample_text(sample))
    reference = read_minutes_text(write(tmp_path, "ref.md", text.encode("utf-8")))
    assert reference == expected_lines(text)
    got = read_minutes_text(write(tmp_path, f"minutes.{encoding}.md", ENCODINGS[encoding](text)))
    assert got == reference


def test_cp949_beyond_euc_kr(tmp_path: Path) -> None:
    text = f"○위원장 홍길동  {CP949_ONLY} 안건을 상정합니다.\n"
    assert text.encode("cp949") != text.encode("euc-kr")  # EUC-KR has no code for these
    assert read_minutes_text(write(tmp_path, "a.txt", text.encode("cp949"))) == text


def test_sample_lines_survive_exactly(tmp_path: Path) -> None:
    text = sample_text(BIGDATA)
    got = read_minutes_text(BIGDATA)
    assert got == expected_lines(text)
    # The tab-separated signature table is kept as it is (trailing tabs aside).
    assert "열람·서명자\t빅데이터심의위원\t성명 이은경" in got.split("\n")


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"], ids=["crlf", "cr", "lf"])
def test_line_endings_normalised(tmp_path: Path, newline: str) -> None:
    text = sample_text(COUNCIL)
    got = read_minutes_text(write(tmp_path, "a.txt", text.replace("\n", newline).encode()))
    assert "\r" not in got
    assert got == expected_lines(text)


def test_mixed_line_endings_and_line_numbers_kept(tmp_path: Path) -> None:
    data = b"\n\nfirst\r\nsecond\rthird\n\n\nfourth"
    assert (
        read_minutes_text(write(tmp_path, "a.txt", data))
        == "\n\nfirst\nsecond\nthird\n\n\nfourth\n"
    )


def test_other_line_breaks_agree_with_splitlines(tmp_path: Path) -> None:
    text = "본문입니다. " * 100 + "\n가\x0b나\x0c다\x1c라\x85마\u2028바\u2029사\n아"
    got = read_minutes_text(write(tmp_path, "a.txt", text.encode("utf-8")))
    assert got.split("\n")[:-1] == got.splitlines()


def test_bom_stripped_and_nfc(tmp_path: Path) -> None:
    text = "○위원장 서상열  회의를 시작하겠습니다.\n"
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    got = read_minutes_text(write(tmp_path, "a.txt", codecs.BOM_UTF8 + nfd.encode()))
    assert got == text
    assert "\ufeff" not in got


def test_mixed_utf8_and_cp949_lines_decoded_per_line(tmp_path: Path) -> None:
    lines = sample_text(COUNCIL).splitlines()
    data = b"\n".join(
        line.encode("cp949" if i % 3 == 1 else "utf-8") for i, line in enumerate(lines)
    )
    assert read_minutes_text(write(tmp_path, "mixed.txt", data)) == expected_lines("\n".join(lines))


def test_rare_undecodable_line_is_replaced_not_fatal(tmp_path: Path) -> None:
    good = [f"{i}번째 줄입니다 한글 문장".encode() for i in range(150)]
    good[10] = "혼합 ".encode("cp949") + "줄".encode()  # neither UTF-8 nor CP949 as a whole
    got = read_minutes_text(write(tmp_path, "a.txt", b"\n".join(good)))
    assert got.count("\ufffd") >= 1
    assert got.splitlines()[11] == "11번째 줄입니다 한글 문장"


def test_many_undecodable_lines_rejected(tmp_path: Path) -> None:
    bad = "혼합 ".encode("cp949") + "줄".encode()
    path = write(tmp_path, "a.txt", b"\n".join([bad] * 10 + [b"ok"] * 10))
    assert reason_of(path) == ("bad_encoding", {})


def test_a_few_control_characters_are_dropped(tmp_path: Path) -> None:
    text = "회의록 본문입니다. " * 20 + "\x00끝\x07\n"
    got = read_minutes_text(write(tmp_path, "a.txt", text.encode()))
    assert got == text.replace("\x00", "").replace("\x07", "").rstrip() + "\n"


def test_mostly_nul_is_binary(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "\x00".join("회의록 본문").encode())
    assert reason_of(path)[0] == "binary_nul"


def test_empty_file(tmp_path: Path) -> None:
    assert reason_of(write(tmp_path, "a.txt", b"")) == ("empty_file", {})


def test_whitespace_only(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", codecs.BOM_UTF8 + " \t\n\u3000\n".encode())
    assert reason_of(path) == ("whitespace_only", {})


def test_not_found(tmp_path: Path) -> None:
    path = tmp_path / "missing.md"
    assert reason_of(path) == ("not_found", {})
    with pytest.raises(MinutesError) as info:
        read_minutes_text(path)
    assert str(info.value) == "missing.md: 파일이 없습니다"


def test_directory(tmp_path: Path) -> None:
    (tmp_path / "d.md").mkdir()
    assert reason_of(tmp_path / "d.md") == ("is_directory", {})


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    assert reason_of(path) == ("not_regular_file", {})


def test_size_limit(tmp_path: Path) -> None:
    limits = ReadLimits(max_bytes=1 * MB)
    line = "○위원 홍길동  발언입니다.\n".encode()
    at_limit = write(tmp_path, "ok.txt", (line * MB)[:MB])
    assert read_minutes_text(at_limit, limits=limits)
    over = write(tmp_path, "big.txt", (line * MB)[: MB + MB // 2])
    assert reason_of(over, limits=limits) == ("too_large", {"size": MB + MB // 2, "limit": MB})
    with pytest.raises(MinutesError) as info:
        read_minutes_text(over, limits=limits)
    assert info.value.reason == "파일 크기가 1.5 MB로 한도 1 MB를 넘습니다"


def test_size_limit_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "sparse.txt"
    with path.open("wb") as handle:
        handle.truncate(52 * MB + 420 * 1024)
    assert reason_of(path) == ("too_large", {"size": 52 * MB + 420 * 1024, "limit": 20 * MB})
    with pytest.raises(MinutesError) as info:
        read_minutes_text(path)
    assert info.value.reason == "파일 크기가 52.4 MB로 한도 20 MB를 넘습니다"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks on this platform")
def test_symlink_outside_root(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    secret = write(tmp_path, "secret.txt", "○위원 비밀  외부 파일입니다.\n".encode())
    link = inbox / "minutes.txt"
    link.symlink_to(secret)
    assert reason_of(link, root=inbox) == ("outside_inbox", {})
    # Without a root the same link is just a file.
    assert read_minutes_text(link).startswith("○위원 비밀")
    # A dotted path that climbs out is refused the same way.
    assert reason_of(inbox / ".." / "secret.txt", root=inbox) == ("outside_inbox", {})


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks on this platform")
def test_symlink_inside_root_and_symlinked_root(tmp_path: Path) -> None:
    real = tmp_path / "real-inbox"
    real.mkdir()
    target = write(real, "a.txt", "본문\n".encode())
    (real / "alias.txt").symlink_to(target)
    alias_root = tmp_path / "inbox"
    alias_root.symlink_to(real)
    assert read_minutes_text(real / "alias.txt", root=real) == "본문\n"
    assert read_minutes_text(alias_root / "a.txt", root=alias_root) == "본문\n"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks on this platform")
def test_symlink_loop(tmp_path: Path) -> None:
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.symlink_to(b)
    b.symlink_to(a)
    assert reason_of(a, root=tmp_path) == ("symlink_loop", {})


def test_control_characters_in_the_path_are_escaped(tmp_path: Path) -> None:
    path = write(tmp_path, "a\nb\x1b.txt", b"")
    with pytest.raises(MinutesError) as info:
        read_minutes_text(path)
    message = str(info.value)
    assert "\n" not in message and "\x1b" not in message
    assert message == "a\\u000ab\\u001b.txt: 파일이 비어 있습니다"
    assert display_path(path).endswith("a\\u000ab\\u001b.txt")


def test_unexpected_failures_become_minutes_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(data: bytes, limits: ReadLimits) -> str:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(read_module, "_read_text", explode)
    path = write(tmp_path, "a.txt", b"hello")
    assert reason_of(path) == ("unreadable", {"error": "ZeroDivisionError"})


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"{\\rtf1\\ansi hello}", ("rtf_unsupported", {})),
        (b"\x89PNG\r\n\x1a\n" + bytes(50), ("image_file", {"kind": "PNG"})),
        (b"\x1f\x8b\x08\x00" + bytes(50), ("compressed_file", {"kind": "gzip"})),
        (b"HWP Document File V3.00 " + bytes(50), ("hwp3_unsupported", {})),
    ],
    ids=["rtf", "png", "gzip", "hwp3"],
)
def test_refused_formats(tmp_path: Path, data: bytes, reason: tuple[str, dict[str, str]]) -> None:
    assert reason_of(write(tmp_path, "minutes.txt", data)) == reason


def test_text_starting_with_mz_is_text(tmp_path: Path) -> None:
    text = "MZ세대 위원이 발언하였다.\n"
    assert read_minutes_text(write(tmp_path, "a.txt", text.encode())) == text


@pytest.mark.parametrize("suffix, kind", [(".docx", "DOCX"), (".pdf", "PDF"), (".hwpx", "HWPX")])
def test_random_bytes_named_as_a_document_are_a_broken_document_not_bad_text(
    tmp_path: Path, suffix: str, kind: str
) -> None:
    path = tmp_path / f"회의록{suffix}"
    path.write_bytes(bytes(range(256)) * 12)  # no magic of any format, no text in any encoding
    with pytest.raises(MinutesError) as raised:
        read_minutes_text(path)
    assert raised.value.code == "not_that_format"
    assert str(raised.value) == (
        f"회의록{suffix}: 이름은 {kind} 파일인데 내용이 {kind} 파일이 아닙니다(손상되었거나 다른 "
        "형식의 파일입니다). 원본을 다시 받아 넣어 주십시오"
    )
