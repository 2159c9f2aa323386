"""`nnwatch play` as a user starts it: the URL it prints, the token for non-local addresses, bad flags."""

import subprocess
import sys
import time
import urllib.request

import pytest
from typer.testing import CliRunner

from nnwatch.cli import app


@pytest.mark.parametrize("args, message", [
    (["--max-layers", "99"], "max layers must be 1..50, got 99"),
    (["--density", "5"], "density must be 10..100, got 5"),
])
def test_bad_flags(args, message):
    result = CliRunner().invoke(app, ["play", "--no-browser", *args])
    assert result.exit_code == 2 and message in result.output


def _start(*args):
    proc = subprocess.Popen([sys.executable, "-m", "nnwatch", "play", "--no-browser", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    url = line.split()[2]
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except Exception:
            time.sleep(0.1)
    return proc, url


def test_serves_localhost_without_token():
    proc, url = _start()
    try:
        assert url.startswith("http://127.0.0.1:") and "token" not in url
        assert urllib.request.urlopen(url).status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_other_addresses_get_a_token():
    proc, url = _start("--host", "0.0.0.0")
    try:
        assert "?token=" in url
        assert urllib.request.urlopen(url).status == 200
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(url.split("?")[0])
        assert err.value.code == 403
    finally:
        proc.terminate()
        proc.wait(timeout=10)
