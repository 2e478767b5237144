"""Legacy office files (DOC, WPS, ET, XLS without xlrd's help) → DOCX/XLSX with LibreOffice headless.

Why a subprocess per file: the binary Word and Kingsoft formats have no permissive pure-Python
reader, and LibreOffice reads them all. Each call gets its own throw-away profile directory (two
LibreOffice processes sharing one profile block each other, and a crashed one leaves a lock
behind), a timeout (a hostile or broken file must not hang a crawl), and a check that the output
file really exists (soffice exits 0 even when it converted nothing).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .rows import UnreadableDocument

TIMEOUT_S = 120
INSTALL_HINT = "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui"


def soffice() -> str | None:
    """The LibreOffice binary, or None when it is not installed."""
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    for path in ("/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice"):
        if os.path.exists(path):
            return path
    return None


def convert(data: bytes, in_suffix: str, out_format: str, *, timeout: float = TIMEOUT_S) -> bytes:
    """``data`` (a file whose type ``in_suffix`` names, e.g. ".doc") converted to ``out_format`` ("docx", "pdf", …).

    Raises :class:`UnreadableDocument` when LibreOffice is missing, times out or writes nothing.
    """
    binary = soffice()
    if binary is None:
        raise UnreadableDocument(f"a {in_suffix.lstrip('.').upper()} document needs LibreOffice: {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="nianbao-lo-") as tmp:
        work = Path(tmp)
        src = work / f"input{in_suffix}"
        src.write_bytes(data)
        outdir = work / "out"
        profile = work / "profile"
        cmd = [binary, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
               "--nolockcheck", "--nodefault", "--convert-to", out_format, "--outdir", str(outdir), str(src)]
        env = {**os.environ, "HOME": str(work), "SAL_USE_VCLPLUGIN": "svp"}
        try:
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                    start_new_session=True)  # its own group: a timeout ends soffice.bin too
        except OSError as exc:
            raise UnreadableDocument(f"LibreOffice could not be started: {exc}") from exc
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise UnreadableDocument(f"LibreOffice took longer than {timeout:.0f} s to convert the document") from exc
        ext = out_format.split(":", 1)[0]
        out = outdir / f"input.{ext}"
        if not out.exists() or out.stat().st_size == 0:
            detail = (stderr or stdout).decode("utf-8", "replace").strip().splitlines()
            raise UnreadableDocument("LibreOffice could not convert the document"
                                     + (f": {detail[-1][:200]}" if detail else ""))
        return out.read_bytes()
