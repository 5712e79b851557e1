"""What the fixture CDN serves: manifest routes, content types and the hotlink placeholder."""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Resource:
    """A file to serve and its content type."""

    path: Path
    content_type: str


def load_manifests(files: list[Path]) -> dict[str, Resource]:
    """URL → Resource from manifest.tsv files (url, file relative to the manifest, content_type, …)."""
    routes: dict[str, Resource] = {}
    for manifest in files:
        for line in manifest.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                url, file, content_type = line.split("\t")[:3]
                routes[url] = Resource(manifest.parent / file, content_type)
    return routes


MAGIC = [(b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG", "image/png"), (b"GIF8", "image/gif"),
         (b"RIFF", "image/webp")]
EXTENSIONS = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
              ".webp": "image/webp", ".avif": "image/avif", ".svg": "image/svg+xml",
              ".html": "text/html; charset=utf-8", ".xml": "application/xml", ".json": "application/json"}


def guess_type(path: Path) -> str:
    """Content type by extension, else by magic bytes (CDN paths are often extensionless)."""
    if path.suffix.lower() in EXTENSIONS:
        return EXTENSIONS[path.suffix.lower()]
    with path.open("rb") as f:
        head = f.read(16)
    return next((kind for magic, kind in MAGIC if head.startswith(magic)), "application/octet-stream")


def placeholder_png() -> bytes:
    """WeChat-style "not allowed" picture: 200x120 grey with a red cross; same bytes always."""
    rows = []
    for y in range(120):
        row = bytearray()
        for x in range(200):
            on_cross = abs(x * 120 - y * 200) < 400 or abs((199 - x) * 120 - y * 200) < 400
            row += b"\xd0\x30\x30" if on_cross else b"\xe6\xe6\xe6"
        rows.append(b"\x00" + bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 200, 120, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))
