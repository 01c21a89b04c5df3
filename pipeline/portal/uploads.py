"""Receive an upload while it streams: stop above the size limit, hash it, and keep it under our own name.

The content decides what a file is (zip or OLE container), never its name or the MIME type the browser sends.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # .xlsx, .xlsm, .ods
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and an encrypted .xlsx
SNIFF_BYTES = 8


def looks_like_workbook(head: bytes) -> bool:
    return head.startswith(ZIP_MAGIC) or head.startswith(OLE_MAGIC)


class ReceivedFile(UploadedFile):
    """An upload in a temporary file named by us; `sha256`, `received_at` and `head` are known on completion."""

    def __init__(self, client_name: str, content_type: str | None, charset: str | None):
        os.makedirs(settings.UPLOAD_DIR, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(prefix="ontvangst-", suffix=".upload", dir=settings.UPLOAD_DIR)  # noqa: SIM115
        super().__init__(handle, client_name, content_type, 0, charset)
        self.digest = hashlib.sha256()
        self.head = b""
        self.sha256 = ""
        self.received_at: dt.datetime | None = None

    def temporary_file_path(self) -> str:
        return self.file.name

    def close(self):
        try:
            return self.file.close()
        except FileNotFoundError:
            pass


class LimitedUploadHandler(FileUploadHandler):
    """Streams to disk; refuses (and drops) a file above MAX_FILE_BYTES as soon as the limit is crossed."""

    def __init__(self, request=None):
        super().__init__(request)
        self.too_large = False
        self.declared_too_large = False
        self.received = 0
        self.file: ReceivedFile | None = None

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # A declared length far above the limit is refused before a byte of the file is read.
        # (StopUpload is only handled once the parts are read: raised at the first file part, in new_file.)
        self.declared_too_large = bool(content_length and content_length > settings.MAX_FILE_BYTES + 64 * 1024)

    def new_file(self, field_name, file_name, content_type, content_length, charset=None, content_type_extra=None):
        super().new_file(field_name, file_name, content_type, content_length, charset, content_type_extra)
        if self.declared_too_large or self.file is not None:  # too big, or a second file
            self._refuse()
        self.file = ReceivedFile(file_name, content_type, charset)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.MAX_FILE_BYTES:
            self.file.close()
            self._refuse()
        if len(self.file.head) < SNIFF_BYTES:
            self.file.head += raw_data[:SNIFF_BYTES - len(self.file.head)]
        self.file.digest.update(raw_data)
        self.file.write(raw_data)
        return None

    def file_complete(self, file_size):
        self.file.flush()
        self.file.seek(0)
        self.file.size = file_size
        self.file.sha256 = self.file.digest.hexdigest()
        # The moment the upload completed is its received time (whole seconds, as the raw folder's mtime).
        self.file.received_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
        return self.file

    def _refuse(self):
        self.too_large = True
        if self.request is not None:
            self.request.upload_too_large = True
        # The rest of the body is read and discarded, so the client still gets our answer.
        raise StopUpload(connection_reset=False)
