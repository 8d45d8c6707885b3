"""Install the packages of package-lock.json beside this file, as `npm ci` would, with Python
alone: `make install` must not need Node. Each tarball comes from the npm registry and is
checked against the lock file's integrity hash before it is unpacked.

    python passerelles/ateliers/inscriptions/npm/installer.py
"""

import base64
import hashlib
import io
import json
import os
import shutil
import sys
import tarfile
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REGISTRY = os.environ.get("NPM_CONFIG_REGISTRY", "https://registry.npmjs.org/").rstrip("/")


def tarball_url(name: str, version: str) -> str:
    return f"{REGISTRY}/{name}/-/{name.rsplit('/', 1)[-1]}-{version}.tgz"


def verified(content: bytes, integrity: str) -> bytes:
    algorithm, expected = integrity.split("-", 1)
    if base64.b64encode(hashlib.new(algorithm, content).digest()).decode() != expected:
        raise SystemExit(f"integrity mismatch for a tarball ({integrity})")
    return content


def unpack(content: bytes, target: Path) -> None:
    """npm tarballs hold everything under `package/`; that prefix is dropped."""
    shutil.rmtree(target, ignore_errors=True)
    with tarfile.open(fileobj=io.BytesIO(content), mode="r:gz") as archive:
        members = []
        for member in archive.getmembers():
            member.name = member.name.split("/", 1)[-1]
            members.append(member)
        archive.extractall(target, members=members, filter="data")


def install(lock_path: Path = HERE / "package-lock.json") -> None:
    lock = json.loads(lock_path.read_text())
    for path, package in lock["packages"].items():
        if not path.startswith("node_modules/"):
            continue
        name = path.removeprefix("node_modules/")
        with urllib.request.urlopen(tarball_url(name, package["version"]), timeout=60) as answer:
            unpack(verified(answer.read(), package["integrity"]), lock_path.parent / path)
    # What `npm ci` leaves behind, so that make sees the install as up to date.
    shutil.copy(lock_path, lock_path.parent / "node_modules" / ".package-lock.json")


if __name__ == "__main__":
    install(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "package-lock.json")
