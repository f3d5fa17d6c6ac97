"""Guards for presentation uploads that must act while the request body streams in:
the size limit, and the file name exactly as the browser sent it."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http.multipartparser import MultiPartParser
from django.utils.datastructures import ImmutableList


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops receiving a file as soon as it passes the limit; the view then reports it.
    Nothing beyond the limit is read into memory or written to disk."""

    def __init__(self, request=None, limit: int | None = None):
        super().__init__(request)
        self.limit = limit if limit is not None else settings.UPLOAD_MAX_BYTES
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


class _NameRecordingParser(MultiPartParser):
    """Django quietly strips paths and control characters from file names; we keep the name
    as sent so a suspicious one is refused with a message instead of silently renamed."""

    raw_names: list[str]

    def sanitize_file_name(self, file_name):
        self.raw_names.append(file_name)
        return super().sanitize_file_name(file_name)


def install_upload_guards(request) -> None:
    """Call before anything reads request.POST or request.FILES (the CSRF check included)."""
    request.upload_handlers.insert(0, SizeLimitUploadHandler(request))
    request.raw_upload_names = []

    def parse_file_upload(META, post_data):
        request.upload_handlers = ImmutableList(request.upload_handlers)
        parser = _NameRecordingParser(META, post_data, request.upload_handlers, request.encoding)
        parser.raw_names = request.raw_upload_names
        return parser.parse()

    request.parse_file_upload = parse_file_upload


def body_clearly_too_large(request, limit: int | None = None) -> bool:
    """A declared body far beyond the limit is refused before a byte of it is read."""
    limit = limit if limit is not None else settings.UPLOAD_MAX_BYTES
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return declared > limit + 1024 * 1024
