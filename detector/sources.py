"""Reading one HTML document from a path or stdin, with .gz support and a size limit that a gzip bomb cannot pass."""
import gzip
import sys
import zlib
from pathlib import Path

from .encoding import DEFAULT_MAX_BYTES
from .errors import InputError, InputTooLarge

READ_CHUNK = 1 << 16


def read_limited(stream, max_bytes):
    """Read at most max_bytes from a binary stream; InputTooLarge past that (without reading it all)."""
    chunks, size = [], 0
    while True:
        chunk = stream.read(READ_CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise InputTooLarge(f"input too large: more than {max_bytes:,} bytes (after decompression)")
        chunks.append(chunk)


def read_source(source, max_bytes=DEFAULT_MAX_BYTES):
    """Bytes of one document: a path (.gz decompressed) or '-' for stdin. Raises InputError with a clear message."""
    if source == "-":
        return read_limited(sys.stdin.buffer, max_bytes)
    path = Path(source)
    if path.is_dir():
        raise InputError(f"is a directory, not an HTML file: {source}", code="not_a_file")
    try:
        with open(path, "rb") as raw:
            if raw.read(2) == b"\x1f\x8b":
                raw.seek(0)
                with gzip.open(raw) as f:
                    return read_limited(f, max_bytes)
            raw.seek(0)
            return read_limited(raw, max_bytes)
    except FileNotFoundError:
        raise InputError(f"no such file: {source}", code="not_found") from None
    except PermissionError:
        raise InputError(f"permission denied: {source}", code="unreadable") from None
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(f"cannot read {source}: {exc}", code="unreadable") from None
