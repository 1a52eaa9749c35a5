import codecs
import os
import stat

import pytest

from lint.errors import WirelintError
from lint.source import FileState, decode_article, encode_article, read_file, write_file_atomically

TEXT = "Putin’s call\nwent ahead.\n\nZelenskyy — “no”.\n"


@pytest.mark.parametrize(
    "encoding, bom",
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
        ("utf-16-le", b""),
        ("utf-16-be", b""),
        ("utf-32-le", b""),
        ("utf-32-be", b""),
    ],
)
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_round_trip_keeps_encoding_bom_and_newlines(encoding, bom, newline):
    data = bom + TEXT.replace("\n", newline).encode(encoding)
    article = decode_article(data)
    assert article.text == TEXT
    assert article.bom == bom
    assert article.newline == newline
    assert encode_article(article) == data


def test_latin1_and_cp1252_are_detected_and_round_trip():
    text = ("Le président a déclaré à la presse que la réunion était terminée. " * 8).encode("cp1252")
    article = decode_article(text)
    assert "président" in article.text
    assert encode_article(article) == text


def test_binary_and_nul_bytes_are_one_line_errors():
    with pytest.raises(WirelintError, match="binary"):
        decode_article(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "img.txt")
    with pytest.raises(WirelintError) as info:
        decode_article(b"text\x00more text", "nul.txt")
    assert "nul.txt" in str(info.value) and "\n" not in str(info.value)


def test_mixed_newlines_are_reported_and_dominant_style_kept():
    article = decode_article(b"a\r\nb\r\nc\nd\r\n")
    assert article.mixed_newlines and article.newline == "\r\n"
    assert article.text == "a\nb\nc\nd\n"


def test_empty_file_is_an_empty_article():
    article = decode_article(b"")
    assert article.text == "" and encode_article(article) == b""


def test_atomic_write_keeps_mode_and_refuses_changed_files(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"old\n")
    os.chmod(path, 0o640)
    data, state = read_file(str(path))
    write_file_atomically(str(path), b"new\n", state)
    assert path.read_bytes() == b"new\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]
    with pytest.raises(WirelintError, match="changed since it was read"):
        write_file_atomically(str(path), b"newer\n", state)
    assert path.read_bytes() == b"new\n"


def test_deleted_file_is_not_recreated(tmp_path):
    path = tmp_path / "gone.txt"
    path.write_bytes(b"x\n")
    _, state = read_file(str(path))
    path.unlink()
    with pytest.raises(WirelintError, match="deleted"):
        write_file_atomically(str(path), b"y\n", state)
    assert not path.exists()


def test_read_errors_name_the_file(tmp_path):
    with pytest.raises(WirelintError, match="missing.txt: no such file"):
        read_file(str(tmp_path / "missing.txt"))
    assert isinstance(FileState(1, 2, 3), FileState)
