"""Documents: size and type limits are checked on the content, not only on the name."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kim.cases import services

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("bescheid.pdf", PDF, "application/pdf"),
        ("foto.PNG", PNG, "image/png"),
        ("notiz.txt", b"Termin am Montag", "text/plain"),
    ],
)
def test_allowed_files(name, content, content_type):
    assert services.check_document(SimpleUploadedFile(name, content)) == content_type


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("programm.exe", b"MZ\x90\x00", "nicht erlaubt"),
        ("ohne_endung", PDF, "nicht erlaubt"),
        ("bescheid.pdf", PNG, "passt nicht zu ihrer Endung"),
        ("leer.pdf", b"", "leer"),
        ("notiz.txt", b"abc\x00def", "Binärdaten"),
    ],
)
def test_forbidden_files(name, content, message):
    with pytest.raises(services.DocumentRejected, match=message):
        services.check_document(SimpleUploadedFile(name, content))


def test_too_large():
    big = SimpleUploadedFile("scan.pdf", PDF + b"0" * (services.MAX_DOCUMENT_BYTES - len(PDF) + 1))
    with pytest.raises(services.DocumentRejected, match="zu groß"):
        services.check_document(big)
