"""`callspec publish`: release artifacts built from the spec alone, reproducibly and atomically.

Layout of the output directory (default `dist/`):

    schemas/<version>/<Name>.json        one schema per public type, `$id` = <base>/<version>/<Name>.json
    schemas/<version>/calls.*.json       self-contained request-body bundles (no external `$ref`)
    schemas/<version>/index.json
    schemas/latest/...                   the same files with `$id`s under <base>/latest/
    catalog.json                         SchemaStore catalog: file patterns -> schema URLs
    python/<dist>-<pkgver>-py3-none-any.whl, python/<dist>-<pkgver>.tar.gz
    SHA256SUMS                           `sha256sum -c` format, every other file, sorted

`dist/schemas/` is laid out to be served as-is at the base URL (codegen `schema_base_url`).

Decisions:
- `latest/` holds real copies whose `$id`s say `latest` (no symlinks: they do not survive every
  archive and upload tool, and a schema fetched from .../latest/X.json should name itself so,
  keeping its relative `$ref`s inside `latest/`).
- Versions: the schema folder is the API release and the wheel's version the generated
  package's, both from generator/versioning.py (`2.3.0.20260513`, `2.3.0.20260513.200`): the
  upstream date tells apart two APIs that share an `info.version`.
- Timestamps: SOURCE_DATE_EPOCH when set; otherwise a fixed instant derived from a hash of the
  inputs (spec, codegen config, generator version), between 2020 and 2025. Archives are
  rewritten with sorted members, that mtime, owner root/0 with no names, modes 0644/0755, and a
  gzip header with no name and that mtime, so the bytes do not depend on the build machine's
  umask, clock or user.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import re
import stat
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import __version__ as GENERATOR_VERSION
from generator.versioning import package_version
from generator.config import GenerateConfig
from generator.errors import Problem, SpecError
from generator.file_patterns import file_globs
from generator.ir.nodes import FileSchema

CATALOG_SCHEMA = "https://json.schemastore.org/schema-catalog.json"
_EPOCH_LOW = 1_577_836_800  # 2020-01-01T00:00:00Z
_EPOCH_SPAN = 5 * 365 * 86_400  # stays in the past: tar warns about future mtimes
_PATH_SEGMENT = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]*$")


class PublishError(Exception):
    """The release could not be built (a tool failed); nothing was written."""


@dataclass(frozen=True)
class PublishConfig:
    spec: Path | None = None  # default: the project's (generator/project.py)
    out: Path = Path("dist")
    codegen: Path | None = None
    base_url: str | None = None  # default: codegen `schema_base_url`
    source_date_epoch: int | None = (
        None  # default: $SOURCE_DATE_EPOCH, else derived from inputs
    )
    packages: bool = True  # build the wheel and sdist

    def __post_init__(self) -> None:
        spec, codegen = self.spec, self.codegen
        if spec is None:
            from generator.project import require_project

            project = require_project("--spec")
            spec, codegen = project.spec, codegen or project.codegen
        object.__setattr__(self, "spec", Path(spec))
        object.__setattr__(self, "codegen", None if codegen is None else Path(codegen))
        object.__setattr__(self, "out", Path(self.out))

    @property
    def spec_path(self) -> Path:
        assert self.spec is not None  # set by __post_init__
        return self.spec

    def generate_config(self) -> GenerateConfig:
        # `out` is where the release goes; the generate tree is never written here
        return GenerateConfig(spec=self.spec_path, codegen=self.codegen, out=self.out)


@dataclass
class Release:
    out: Path
    version: str  # the API release: info.version and the upstream date
    package_version: str
    source_date_epoch: int
    files: dict[str, bytes] = field(default_factory=dict)


# ---------------------------------------------------------------------------- rules


def derived_epoch(config: PublishConfig) -> int:
    digest = hashlib.sha256()
    for path in (config.spec_path, config.generate_config().codegen_path()):
        digest.update(path.read_bytes() if path is not None and path.is_file() else b"")
        digest.update(b"\0")
    digest.update(GENERATOR_VERSION.encode())
    offset = int.from_bytes(digest.digest()[:8], "big") % _EPOCH_SPAN
    return _EPOCH_LOW + offset - offset % 2  # zip timestamps have a 2-second resolution


def source_date_epoch(config: PublishConfig) -> int:
    if config.source_date_epoch is not None:
        value: str | int = config.source_date_epoch
    else:
        value = os.environ.get("SOURCE_DATE_EPOCH", "")
        if not value:
            return derived_epoch(config)
    try:
        epoch = int(value)
    except ValueError:
        raise SpecError(
            [Problem(f"SOURCE_DATE_EPOCH {value!r} is not an integer")]
        ) from None
    if epoch < 315_532_800:  # zip cannot store dates before 1980
        raise SpecError([Problem(f"SOURCE_DATE_EPOCH {epoch} is before 1980-01-01")])
    return epoch


def check_base_url(url: str, origin: str) -> str:
    if not re.match(r"^(https?|file)://[^\s]+$", url):
        raise SpecError(
            [
                Problem(
                    f"schema base URL {url!r} is not an http(s) or file URL",
                    file=origin,
                )
            ]
        )
    return url.rstrip("/")


# ---------------------------------------------------------------------------- artifacts


def schema_files(api: Any, base: str, version: str) -> dict[str, bytes]:
    from generator.emit.schemas import SchemasEmitter

    files: dict[str, bytes] = {}
    for folder in (version, "latest"):
        for name, text in (
            SchemasEmitter(api, base_url=f"{base}/{folder}", editor=True)
            .render()
            .items()
        ):
            files[f"schemas/{folder}/{name}"] = text.encode("utf-8")
    return files


def catalog(
    base: str, version: str, available: set[str], table: tuple[FileSchema, ...]
) -> bytes:
    """The SchemaStore catalog: one entry per file-name decision (codegen `file_schemas`,
    the table `callspec validate` and the pre-commit hook match with) whose schema is
    published."""
    schemas = []
    for entry in table:
        if f"{entry.schema}.json" not in available:
            continue
        schemas.append(
            {
                "name": entry.name,
                "description": entry.description,
                "fileMatch": file_globs(entry.stem),
                "url": f"{base}/latest/{entry.schema}.json",
                "versions": {version: f"{base}/{version}/{entry.schema}.json"},
            }
        )
    data = {"$schema": CATALOG_SCHEMA, "version": 1, "schemas": schemas}
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def sha256sums(files: dict[str, bytes]) -> bytes:
    lines = [
        f"{hashlib.sha256(data).hexdigest()}  {path}\n"
        for path, data in sorted(files.items())
    ]
    return "".join(lines).encode("utf-8")


def _set_version(pyproject: str, old: str, new: str) -> str:
    line = f'version = "{old}"'
    if pyproject.count(line) != 1:
        raise PublishError(
            f"the client's pyproject.toml has no single `{line}` line to rewrite"
        )
    return pyproject.replace(line, f'version = "{new}"')


def build_client(
    python_files: dict[str, str], old: str, new: str, epoch: int
) -> dict[str, bytes]:
    """Wheel and sdist of the rendered client, built by `python -m build --no-isolation` in a
    scratch copy (setuptools writes egg-info into its source tree)."""
    try:
        import build  # noqa: F401  (only to fail early with a clear message)
    except ImportError:
        raise PublishError(
            "the `build` package is not installed in this environment (pip install 'callspec[dev]')"
        ) from None
    with tempfile.TemporaryDirectory(prefix="callspec-build-") as tmp:
        src, outdir = Path(tmp) / "src", Path(tmp) / "out"
        for relative, text in sorted(python_files.items()):
            if relative == "pyproject.toml":
                text = _set_version(text, old, new)
            target = src / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
            target.chmod(0o644)
        env = {
            **os.environ,
            "SOURCE_DATE_EPOCH": str(epoch),
            "PYTHONHASHSEED": "0",
            "TZ": "UTC",
            "LC_ALL": "C.UTF-8",
        }
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "build",
                "--no-isolation",
                "--sdist",
                "--wheel",
                "--outdir",
                str(outdir),
                str(src),
            ],
            cwd=tmp,
            env=env,
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-20:])
            raise PublishError(f"building the client package failed:\n{tail}")
        built: dict[str, bytes] = {}
        for path in sorted(outdir.iterdir()):
            if path.name.endswith(".whl"):
                built[path.name] = normalise_wheel(path.read_bytes(), epoch)
            elif path.name.endswith(".tar.gz"):
                built[path.name] = normalise_sdist(path.read_bytes(), epoch)
        if not any(n.endswith(".whl") for n in built) or not any(
            n.endswith(".tar.gz") for n in built
        ):
            raise PublishError(
                f"`build` did not produce a wheel and an sdist: {sorted(built)}"
            )
        return built


def _zip_order(name: str) -> tuple[bool, bool, str]:
    top = name.split("/", 1)[0]
    return (
        top.endswith(".dist-info"),
        top.endswith(".dist-info") and name.endswith("/RECORD"),
        name,
    )


def normalise_wheel(data: bytes, epoch: int) -> bytes:
    """Rewrite a wheel: sorted members (RECORD last), one timestamp, mode 0644, no extras.
    RECORD hashes file contents only, so it stays valid."""
    date_time = time.gmtime(epoch)[:6]
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        for name in sorted(
            (i.filename for i in source.infolist() if not i.is_dir()), key=_zip_order
        ):
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            target.writestr(info, source.read(name), compresslevel=9)
    return out.getvalue()


def normalise_sdist(data: bytes, epoch: int) -> bytes:
    """Rewrite an sdist: sorted members, one mtime, root/0 without names, 0644/0755, and a
    gzip header carrying no file name and the same mtime."""
    tar_bytes = io.BytesIO()
    with (
        tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as source,
        tarfile.open(fileobj=tar_bytes, mode="w", format=tarfile.PAX_FORMAT) as target,
    ):
        for member in sorted(source.getmembers(), key=lambda m: m.name):
            if not (member.isfile() or member.isdir()):
                raise PublishError(
                    f"unexpected sdist member {member.name!r} ({member.type!r})"
                )
            info = tarfile.TarInfo(member.name)
            info.mtime = epoch
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            if member.isdir():
                info.type = tarfile.DIRTYPE
                info.mode = 0o755
                target.addfile(info)
            else:
                payload = source.extractfile(member)
                content = payload.read() if payload else b""
                info.size = len(content)
                info.mode = 0o755 if member.mode & 0o111 else 0o644
                target.addfile(info, io.BytesIO(content))
    out = io.BytesIO()
    with gzip.GzipFile(
        filename="", mode="wb", fileobj=out, mtime=epoch, compresslevel=9
    ) as gz:
        gz.write(tar_bytes.getvalue())
    return out.getvalue()


# ---------------------------------------------------------------------------- assembly


def render(config: PublishConfig) -> Release:
    """Everything `publish` writes, in memory. Raises SpecError on bad input."""
    from generator.pipeline import load_api, render_all

    gen_config = config.generate_config()
    if not config.spec_path.is_file():
        raise SpecError([Problem("spec file not found", file=str(config.spec_path))])
    api = load_api(gen_config)
    if not _PATH_SEGMENT.match(api.release):
        raise SpecError(
            [
                Problem(
                    f"info.version {api.release!r} cannot name a directory",
                    pointer="/info/version",
                )
            ]
        )
    if config.base_url is not None:
        base = check_base_url(config.base_url, "--base-url")
    else:
        base = check_base_url(
            api.schema_base_url, str(gen_config.codegen_path() or "codegen")
        )
    version = api.package_version  # the one the rendered client already carries
    epoch = source_date_epoch(config)
    release = Release(config.out, api.release, version, epoch)

    files = schema_files(api, base, api.release)
    available = {p.rsplit("/", 1)[-1] for p in files}
    files["catalog.json"] = catalog(base, api.release, available, api.file_schemas)
    if config.packages:
        rendered = render_all(api, gen_config)
        python = {
            p[len("python/") :]: t
            for p, t in rendered.items()
            if p.startswith("python/")
        }
        for name, data in build_client(python, version, version, epoch).items():
            files[f"python/{name}"] = data
    files["SHA256SUMS"] = sha256sums(files)
    release.files = files
    return release


def release_owner(out: Path) -> set[str] | None:
    """The files an earlier release lists in its SHA256SUMS (None: not a release)."""
    try:
        lines = (out / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    owned = {"SHA256SUMS"}
    for line in lines:
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64:
            return None
        owned.add(name)
    return owned


def write_release(out: Path, files: dict[str, bytes], epoch: int) -> None:
    """Write `files` as the complete new content of `out`: staged in a sibling directory, then
    swapped in, so `out` holds the whole old release or the whole new one."""
    from generator.writer import swap_in

    def normalise(staging: Path) -> None:
        for path in sorted(staging.rglob("*"), reverse=True):
            path.chmod(0o755 if path.is_dir() else 0o644)
            os.utime(path, (epoch, epoch))
        staging.chmod(0o755)

    swap_in(
        out, files, normalise, owner=release_owner, what="callspec release (SHA256SUMS)"
    )


def publish(config: PublishConfig) -> Release:
    release = render(config)
    write_release(config.out, release.files, release.source_date_epoch)
    release.out = config.out.resolve()
    return release
