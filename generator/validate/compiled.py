"""The optional compiled build of a generated validator: mypyc (the one inside the locked
`mypy`, as black and mypy ship theirs) over a verbatim copy of `<package>/_validation/`.

The copy is the package `<package>_compiled` (its `_validation` compiled, its
`_exceptions` re-exporting the client's), so it installs beside the pure package and
never shadows it: the client's `validator_backend()` picks it when it is importable and
built from the same version, else (or with `<PACKAGE>_PURE_PYTHON=1`) the pure module.
The result is a platform artifact for this machine: a directory to put on the path and a
wheel (`<package>_compiled-<version>-<tag>.whl`); the reproducible pure wheel never holds
it.

    python -m generator.validate.compiled [--python-dir generated/python] [--out build/compiled]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import zipfile
from pathlib import Path

VALIDATION = "_validation"
_VERSION = re.compile(r'^__version__ = "([^"]+)"$', re.M)


def compiled_name(package: str) -> str:
    return f"{package}_compiled"


def build(python_dir: Path, out: Path, package: str | None = None) -> Path:
    """Compile `<python_dir>/<package>/_validation` into `out` (replaced); returns `out`,
    which holds `<package>_compiled/` and mypyc's shared library, ready for `sys.path`.
    """
    python_dir = python_dir.resolve()
    if package is None:
        found = sorted(p.parent.name for p in python_dir.glob(f"*/{VALIDATION}"))
        if len(found) != 1:
            raise SystemExit(f"{python_dir}: expected one <package>/{VALIDATION}")
        package = found[0]
    source = python_dir / package / VALIDATION
    version_file = (python_dir / package / "_version.py").read_text(encoding="utf-8")
    match = _VERSION.search(version_file)
    version = match.group(1) if match else "0"
    name = compiled_name(package)
    with tempfile.TemporaryDirectory(prefix="callspec-compiled-") as tmp:
        root = Path(tmp)
        target = root / name
        shutil.copytree(
            source, target / VALIDATION, ignore=shutil.ignore_patterns("__pycache__")
        )
        (target / "__init__.py").write_text(
            f'"""The compiled build of `{package}.{VALIDATION}` (mypyc); see'
            f' `{package}.validator_backend()`."""\n\n'
            f'VERSION = "{version}"\n"""The `{package}` version it was built from."""\n',
            encoding="utf-8",
        )
        (target / "_exceptions.py").write_text(
            f"from {package}._exceptions import RequestValidationError\n\n"
            '__all__ = ["RequestValidationError"]\n',
            encoding="utf-8",
        )
        env = dict(os.environ, MYPYPATH=str(python_dir))
        mypyc = Path(sys.executable).parent / "mypyc"
        done = subprocess.run(
            [str(mypyc), f"{name}/{VALIDATION}"],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise SystemExit(f"mypyc failed:\n{done.stdout}{done.stderr}")
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        shutil.copytree(
            target, out / name, ignore=shutil.ignore_patterns("__pycache__")
        )
        for shared in root.glob("*__mypyc*"):  # mypyc's library of the whole group
            shutil.copy2(shared, out / shared.name)
    return out


def wheel(built: Path, package: str, version: str, dist: Path) -> Path:
    """A wheel of a `build` output, tagged for this interpreter and platform."""
    name = compiled_name(package)
    impl = f"cp{sys.version_info.major}{sys.version_info.minor}"
    platform = re.sub(r"[-.]", "_", sysconfig.get_platform())
    tag = f"{impl}-{impl}-{platform}"
    info = f"{name}-{version}.dist-info"
    files: dict[str, bytes] = {}
    for found in sorted(built.rglob("*")):
        if found.is_file() and "__pycache__" not in found.parts:
            files[found.relative_to(built).as_posix()] = found.read_bytes()
    files[f"{info}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
        f"Summary: compiled (mypyc) validator for {package}\n"
        f"Requires-Dist: {package}=={version}\n"
    ).encode()
    files[f"{info}/WHEEL"] = (
        f"Wheel-Version: 1.0\nGenerator: callspec\nRoot-Is-Purelib: false\nTag: {tag}\n"
    ).encode()
    record = [
        f"{path},sha256={_digest(data)},{len(data)}" for path, data in files.items()
    ]
    files[f"{info}/RECORD"] = ("\n".join([*record, f"{info}/RECORD,,"]) + "\n").encode()
    dist.mkdir(parents=True, exist_ok=True)
    target = dist / f"{name}-{version}-{tag}.whl"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files.items():
            archive.writestr(zipfile.ZipInfo(path, (1980, 1, 1, 0, 0, 0)), data)
    return target


def _digest(data: bytes) -> str:
    raw = hashlib.sha256(data).digest()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python-dir", type=Path, default=Path("generated/python"))
    parser.add_argument("--out", type=Path, default=Path("build/compiled"))
    parser.add_argument("--package", default=None)
    args = parser.parse_args(argv)
    built = build(args.python_dir, args.out / "lib", args.package)
    (package_dir,) = built.glob("*_compiled")
    package = package_dir.name[: -len("_compiled")]
    version_text = (package_dir / "__init__.py").read_text(encoding="utf-8")
    version = re.search(r'VERSION = "([^"]+)"', version_text)
    made = wheel(
        built, package, version.group(1) if version else "0", args.out / "dist"
    )
    print(f"built {built} and {made}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
