"""The fixture CDN's certificates: a local CA and one leaf per host name, made with the openssl CLI."""
from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import ssl
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Iterator


class CertificateAuthority:
    """A CA in the state folder and per-host leaf contexts, chosen by SNI."""

    def __init__(self, state: Path) -> None:
        self.state = state
        self.lock = threading.Lock()
        self.contexts: dict[str, ssl.SSLContext] = {}
        self.ca_cert = state / "ca.pem"
        with state_lock(state):
            if not self.ca_cert.exists():
                self.create_ca()
        self.default = self.context_for("localhost")

    def create_ca(self) -> None:
        """A self-signed P-256 CA, valid ten years, allowed to sign certificates only."""
        key = self.state / "ca.key"
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", key, "-out", self.ca_cert, "-days", "3650", "-subj", "/CN=mediavault fixture CA",
                "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign")

    def context_for(self, host: str) -> ssl.SSLContext:
        """The server context for HOST, making (and caching) its certificate on first use."""
        host = host.lower().rstrip(".")
        if not re.fullmatch(r"[a-z0-9.-]{1,253}", host):
            host = "localhost"
        with self.lock:
            if host not in self.contexts:
                cert, key = self.leaf(host)
                context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                context.load_cert_chain(cert, key)
                context.sni_callback = self.on_sni
                self.contexts[host] = context
            return self.contexts[host]

    def leaf(self, host: str) -> tuple[Path, Path]:
        """Files of HOST's leaf certificate, signed by the CA (made once, under the state lock)."""
        cert, key = self.state / f"{host}.pem", self.state / f"{host}.key"
        with state_lock(self.state):
            if not (cert.exists() and key.exists()):
                self.sign_leaf(host, cert, key)
        return cert, key

    def sign_leaf(self, host: str, cert: Path, key: Path) -> None:
        work = Path(tempfile.mkdtemp(dir=self.state))
        san = "DNS:localhost,IP:127.0.0.1" if host == "localhost" else f"DNS:{host}"
        (work / "ext").write_text(f"subjectAltName={san}\nbasicConstraints=CA:FALSE\n"
                                  "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n")
        openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", work / "key", "-out", work / "csr", "-subj", f"/CN={host}")
        openssl("x509", "-req", "-in", work / "csr", "-CA", self.ca_cert, "-CAkey", self.state / "ca.key",
                "-set_serial", "0x" + os.urandom(12).hex(), "-days", "825", "-extfile", work / "ext",
                "-out", work / "cert")
        os.replace(work / "key", key)
        os.replace(work / "cert", cert)
        shutil.rmtree(work, ignore_errors=True)

    def on_sni(self, connection: ssl.SSLObject, server_name: str | None, _: ssl.SSLContext) -> None:
        """SSLContext.sni_callback: switch the handshake to the named host's certificate."""
        if server_name:
            connection.context = self.context_for(server_name)


@contextlib.contextmanager
def state_lock(state: Path) -> Iterator[None]:
    """An exclusive lock on the state folder: several servers (parallel tests) may share it."""
    with open(state / ".lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def openssl(*args: object) -> None:
    """Runs the openssl CLI; its stderr becomes the error message."""
    result = subprocess.run(["openssl", *map(str, args)], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"openssl {args[0]} failed: {result.stderr.strip()}")
