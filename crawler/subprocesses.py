"""Stopping a child process politely: the one way `serve` and `crawl --workers` end what they started."""

from __future__ import annotations

import subprocess


def stop(proc: subprocess.Popen, grace: float) -> int:
    """SIGTERM, then SIGKILL if it is still there after ``grace`` seconds; its exit status."""
    proc.terminate()
    try:
        return proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.wait()
