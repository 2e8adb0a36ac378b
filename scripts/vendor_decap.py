"""Fetch the pinned Decap CMS from the npm registry (with npm, its ordinary client) and check it
against the sha256 sums recorded in the repository; `--update` writes the files (and, with a
new version, the sums) into the package (src/disclosure_portal/cms/decap/).

    python scripts/vendor_decap.py            # check: the recorded sums match the registry's
    python scripts/vendor_decap.py --update   # write the files of the pinned version

The app loads `decap-cms.js`, which loads its chunks (`<n>.decap-cms.js`) and WebAssembly
files from its own folder: all of them are vendored, never a CDN (an intranet has none). Each is
kept gzipped (`<name>.gz`, written with mtime 0 so that the bytes are reproducible; `portal cms`
writes them out as they were): a third of the size, and the build's scan of the package's own
text (the leak check's public corpus) does not read six megabytes of script on every build.
The sums are those of the files as the registry has them. The package carries no LICENSE file
of its own (decap-cms is MIT): LICENSE is the repository's, and decap-cms.js.LICENSE.txt.gz the
notices of the libraries in the bundle.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "src" / "disclosure_portal" / "cms" / "decap"
SUMS = VENDOR / "SHA256SUMS"
VERSION_FILE = VENDOR / "VERSION"
OWN = ("LICENSE", "SHA256SUMS", "VERSION")  # files of ours in the folder, not from the tarball


def wanted(name: str) -> bool:
    """The files of dist/ the app needs: the script, its chunks and wasm, the notices."""
    return (
        name == "decap-cms.js"
        or (name.endswith(".decap-cms.js") and name.split(".", 1)[0].isdigit())
        or name.endswith(".wasm")
        or name == "decap-cms.js.LICENSE.txt"
    )


def fetch(version: str, work: Path) -> dict[str, bytes]:
    """The wanted files of `decap-cms@version` as npm packs them; the tarball's integrity
    is checked by npm against the registry's record."""
    out = subprocess.run(
        ["npm", "pack", f"decap-cms@{version}", "--json", "--pack-destination", str(work)],
        check=True,
        capture_output=True,
        text=True,
    )
    (info,) = json.loads(out.stdout)
    files = {}
    with tarfile.open(work / info["filename"]) as tar:
        for member in tar.getmembers():
            parts = member.name.split("/")
            if member.isfile() and len(parts) == 3 and parts[1] == "dist" and wanted(parts[2]):
                data = tar.extractfile(member)
                assert data is not None
                files[parts[2]] = data.read()
    return files


def sums_text(files: dict[str, bytes]) -> str:
    return "".join(f"{hashlib.sha256(d).hexdigest()}  {n}\n" for n, d in sorted(files.items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="write the files into the package")
    parser.add_argument("--version", help="another version to vendor (with --update)")
    args = parser.parse_args()
    version = args.version or VERSION_FILE.read_text(encoding="utf-8").strip()
    with tempfile.TemporaryDirectory() as tmp:
        files = fetch(version, Path(tmp))
    fetched = sums_text(files)
    recorded = SUMS.read_text(encoding="utf-8") if SUMS.exists() else ""
    if not args.update:
        if fetched != recorded:
            print(f"decap-cms@{version}: the registry's files differ from {SUMS}", file=sys.stderr)
            return 1
        local = {
            p.name.removesuffix(".gz"): gzip.decompress(p.read_bytes())
            for p in VENDOR.iterdir()
            if p.is_file() and p.name not in OWN
        }
        if sums_text(local) != recorded:
            print(f"the files in {VENDOR} differ from {SUMS}", file=sys.stderr)
            return 1
        print(f"decap-cms@{version}: {len(files)} files match {SUMS.name}")
        return 0
    if args.version is None and recorded and fetched != recorded:
        print(f"decap-cms@{version}: the registry's files differ from {SUMS}", file=sys.stderr)
        return 1
    for path in VENDOR.iterdir():
        if path.is_file() and path.name not in OWN:
            path.unlink()
    VENDOR.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (VENDOR / f"{name}.gz").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    SUMS.write_text(fetched, encoding="utf-8")
    VERSION_FILE.write_text(version + "\n", encoding="utf-8")
    print(f"decap-cms@{version}: wrote {len(files)} files to {VENDOR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
