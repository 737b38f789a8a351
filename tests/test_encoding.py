import codecs

import pytest

from detector.encoding import decode_html, read_document, sniff_encoding
from detector.errors import BinaryInput, EmptyInput, InputTooLarge, NotHTML

PAGE = "<html><body><p>Déjà vu - 250 €</p></body></html>"


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "iso-8859-15", "utf-16"])
def test_declared_encodings_round_trip(encoding):
    body = PAGE.replace("<html>", f'<html><head><meta charset="{encoding}"></head>')
    data = body.encode(encoding)
    if encoding == "utf-16":
        assert "Déjà vu - 250 €" in decode_html(data)  # BOM wins over the meta
    else:
        assert decode_html(data) == body


def test_bom_beats_meta():
    data = codecs.BOM_UTF8 + '<meta charset="latin-1"><p>€</p>'.encode("utf-8")
    assert sniff_encoding(data) == "utf-8"
    assert decode_html(data).endswith("<p>€</p>")


def test_http_header_charset_used():
    assert sniff_encoding("<p>é</p>".encode("cp1252"), "text/html; charset=windows-1252") == "cp1252"


def test_undeclared_non_utf8_falls_back_without_raising():
    assert "caf" in decode_html(b"<p>caf\xe9 \xff\xfe\x80</p>")


def test_bogus_declared_charset_is_ignored():
    assert decode_html(b'<meta charset="no-such-codec"><p>ok</p>').endswith("<p>ok</p>")


@pytest.mark.parametrize("data,error", [
    (b"", EmptyInput), (b"   \n\t ", EmptyInput), (b"\x00\x01\x02PK\x03\x04" * 50, BinaryInput),
    (b"just a sentence with no markup at all", NotHTML), (b"{\"json\": true}", NotHTML),
])
def test_bad_documents_are_refused_with_a_specific_error(data, error):
    with pytest.raises(error) as info:
        read_document(data)
    assert info.value.code and str(info.value)


def test_size_limit():
    with pytest.raises(InputTooLarge):
        read_document(b"<p>x</p>" * 100, max_bytes=50)
