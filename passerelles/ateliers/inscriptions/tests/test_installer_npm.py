"""jsQR is installed from the npm registry by Python: a tarball is unpacked only when it matches
the lock file's integrity hash."""

import base64
import hashlib
import importlib.util
import io
import tarfile
from pathlib import Path

import pytest

INSTALLER = Path(__file__).resolve().parents[1] / "npm" / "installer.py"
spec = importlib.util.spec_from_file_location("installer_npm", INSTALLER)
installer = importlib.util.module_from_spec(spec)
spec.loader.exec_module(installer)


def npm_tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, content in files.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


def integrity_of(content: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(content).digest()).decode()


def test_a_tarball_that_does_not_match_the_lock_file_is_refused():
    tarball = npm_tarball({"dist/jsQR.js": b"good"})
    with pytest.raises(SystemExit, match="integrity"):
        installer.verified(tarball + b"tampered", integrity_of(tarball))


def test_a_verified_tarball_is_unpacked_without_its_package_prefix(tmp_path):
    tarball = npm_tarball({"dist/jsQR.js": b"decoder", "LICENSE": b"Apache-2.0"})
    installer.unpack(installer.verified(tarball, integrity_of(tarball)), tmp_path / "jsqr")
    assert (tmp_path / "jsqr" / "dist" / "jsQR.js").read_bytes() == b"decoder"
    assert (tmp_path / "jsqr" / "LICENSE").is_file()


def test_the_tarball_address_follows_the_registry_layout_for_plain_and_scoped_names():
    assert installer.tarball_url("jsqr", "1.4.0").endswith("/jsqr/-/jsqr-1.4.0.tgz")
    assert installer.tarball_url("@scope/outil", "2.0.0").endswith("/@scope/outil/-/outil-2.0.0.tgz")
