"""The check that a build's outputs are as it wrote them: the compiled one (formc/_quickstat.c) against
the one written in Python, file by file, on folders an author, a web team or another program changed;
and FIFOs where the build reads a file, which must never make it wait."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from formc import writer
from formc.build import build
from formc.manifest import MANIFEST, SUMMARIES, Manifest
from formc.writer import JOURNAL, LOCK, OutputRoot

pytestmark = pytest.mark.skipif(writer._quickstat is None and not os.environ.get("CI"),
                                reason="formc._quickstat is not built here (`pip install -e .` builds it)")

REPO = Path(__file__).resolve().parents[2]

# what can become of an output after the build wrote it
CHANGES = ("kept", "removed", "grown", "grown, the same time", "touched", "folder", "symlink", "fifo")
# names a damaged or hand-edited manifest may list
ODD_NAMES = ("", "/etc/passwd", "\\share\\x", "../escape.html", "html/../../escape.html", "html/./a.html",
             "html//a.html", "html/.", "html/..", "./html/a.html", "html/a.html/", "html/\x00.html")


def _write(out: Path, rel: str, content: bytes) -> list:
    path = out / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    info = path.stat()
    return ["0" * 64, info.st_size, info.st_mtime_ns]


def _change(out: Path, rel: str, change: str, tmp: Path) -> None:
    path = out / rel
    if change == "removed":
        path.unlink()
    elif change.startswith("grown"):
        info = path.stat()
        with open(path, "ab") as handle:
            handle.write(b"!")
        if change.endswith("the same time"):  # only the size tells
            os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    elif change == "touched":  # only the time tells
        info = path.stat()
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000))
    elif change == "folder":
        path.unlink()
        path.mkdir()
    elif change == "symlink":  # to a file of the same size and time outside the folder
        outside = tmp / "outside" / rel.replace("/", "_")
        outside.parent.mkdir(exist_ok=True)
        shutil.copy2(path, outside)
        path.unlink()
        path.symlink_to(outside)
    elif change == "fifo":
        path.unlink()
        os.mkfifo(path)


def _one_by_one(root: OutputRoot, groups: dict[str, dict[str, list]]) -> dict[str, list[str]]:
    """What :meth:`OutputRoot.quick_signature` says, a file at a time."""
    found: dict[str, list[str]] = {}
    for key, files in groups.items():
        for rel, record in files.items():
            try:
                signature = root.quick_signature(rel)
            except ValueError:  # a NUL in the name (the manifest's check takes it for a file gone)
                signature = None
            if not (isinstance(record, list) and len(record) == 3 and signature == (record[1], record[2])):
                found.setdefault(key, []).append(rel)
    return found


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(layout=st.lists(st.tuples(st.sampled_from(["html", "catalog", "", "html/sub"]), st.sampled_from(CHANGES),
                                 st.binary(max_size=40)), min_size=1, max_size=30),
       odd=st.lists(st.sampled_from(ODD_NAMES), max_size=3), groups=st.integers(1, 4))
def test_the_compiled_check_answers_as_a_file_at_a_time(tmp_path_factory, monkeypatch, layout, odd, groups) -> None:
    tmp = tmp_path_factory.mktemp("check")
    out = tmp / "build"
    out.mkdir()
    expected: dict[str, dict[str, list]] = {f"t{n}:*": {} for n in range(groups)}
    for index, (folder, change, content) in enumerate(layout):
        rel = f"{folder}/f{index}.html" if folder else f"f{index}.txt"
        expected[f"t{index % groups}:*"][rel] = _write(out, rel, content)
        _change(out, rel, change, tmp)
    for index, name in enumerate(odd):
        expected[f"t{index % groups}:*"][name] = ["0" * 64, 0, 0]
    expected["t0:*"]["html/damaged.html"] = "not a record"
    compiled = OutputRoot(out).unmatched(expected)
    assert compiled is not None
    one_by_one = _one_by_one(OutputRoot(out), expected)
    flat = {(key, rel) for key, names in compiled.items() for rel in names}
    slow = {(key, rel) for key, names in one_by_one.items() for rel in names}
    # the same files, but for names that are no plain relative path: those the compiled check leaves to the
    # manifest's check a file at a time (where "html//a.html" is "html/a.html" and "../x" is refused)
    assert slow <= flat and {rel for _, rel in flat - slow} <= set(ODD_NAMES)
    entries = {key: {"input": "k", "files": files} for key, files in expected.items()}
    with_compiled = Manifest(dict(entries)).intact_keys(out, list(entries))
    monkeypatch.setattr(writer, "_quickstat", None)
    assert Manifest(dict(entries)).intact_keys(out, list(entries)) == with_compiled
    monkeypatch.undo()
    assert with_compiled == set(entries) - {key for key, _ in slow}


def test_enough_outputs_for_several_threads_answer_the_same(tmp_path: Path) -> None:
    out = tmp_path / "build"
    files = {f"html/form-{n:05}.nb.html": _write(out, f"html/form-{n:05}.nb.html", b"x" * (n % 7)) for n in range(9000)}
    for n in range(0, 9000, 997):  # spread over every thread's share
        _change(out, f"html/form-{n:05}.nb.html", ("removed", "grown, the same time", "touched")[n % 3], tmp_path)
    groups = {f"html:{n}": dict(list(files.items())[n * 100:(n + 1) * 100]) for n in range(90)}
    compiled = OutputRoot(out).unmatched(groups)
    assert compiled == _one_by_one(OutputRoot(out), groups)
    assert sum(len(names) for names in compiled.values()) == len(range(0, 9000, 997))


@pytest.mark.parametrize("where", ["inside", "outside"])
def test_a_symlinked_folder_is_left_to_the_check_a_file_at_a_time(tmp_path: Path, where: str) -> None:
    out = tmp_path / "build"
    real = (out / "real") if where == "inside" else (tmp_path / "elsewhere")
    record = _write(real.parent, f"{real.name}/a.html", b"abc")
    out.mkdir(exist_ok=True)
    (out / "html").symlink_to(real, target_is_directory=True)
    root = OutputRoot(out)
    assert root.unmatched({"html:a": {"html/a.html": record}}) is None
    manifest = Manifest({"html:a": {"input": "k", "files": {"html/a.html": record}}})
    assert manifest.intact(out, ["html:a"]) is (where == "inside")


def test_a_built_project_is_intact_and_a_changed_output_is_not(tmp_path: Path, monkeypatch) -> None:
    """The manifest's check, with the compiled check and without it, on the shipped library's outputs: every
    entry intact after the build; one output changed, or touched with other bytes, makes its entry not;
    touched with the same bytes, it stays intact (its hash is as written)."""
    project = tmp_path / "project"
    shutil.copytree(REPO / "form_definitions", project / "form_definitions")
    shutil.copy(REPO / "formc.yaml", project / "formc.yaml")
    result = build(project, targets=["jsonschema", "html", "noark", "catalog"], jobs=1)
    assert result.ok, result.diagnostics
    out = result.out
    manifest = Manifest.read(out)
    keys = [key for key in manifest.entries if ":" in key]
    page = next(rel for key in keys if key.startswith("html:") and not key.endswith(":*")
                for rel in manifest.files(key) if rel.endswith(".html"))
    owner = next(key for key in keys if page in manifest.files(key))

    def answers() -> set[str]:
        compiled = Manifest.read(out).intact_keys(out, keys)
        monkeypatch.setattr(writer, "_quickstat", None)
        one_by_one = Manifest.read(out).intact_keys(out, keys)
        monkeypatch.undo()
        assert compiled == one_by_one
        return compiled

    assert answers() == set(keys)
    info = (out / page).stat()
    os.utime(out / page, ns=(info.st_atime_ns, info.st_mtime_ns + 5_000_000))
    assert answers() == set(keys)  # touched, the same bytes
    content = (out / page).read_bytes()
    (out / page).write_bytes(content[:-1] + (b"x" if content[-1:] != b"x" else b"y"))  # the same size
    assert answers() == set(keys) - {owner}
    (out / page).unlink()
    assert answers() == set(keys) - {owner}


def test_the_compiled_check_is_built_in_ci() -> None:
    if not os.environ.get("CI"):
        pytest.skip("checked in CI, where `pip install -e .` builds formc._quickstat")
    assert writer._quickstat is not None


SMALL = REPO / "tests" / "html" / "projects" / "small"


def _formc(*args: str) -> subprocess.CompletedProcess:
    """A real ``formc`` process; a build that waited on a FIFO would fail the test by its timeout, not hang it."""
    return subprocess.run([sys.executable, "-m", "formc", *args], capture_output=True, text=True, timeout=120)


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file() and path.name != LOCK and path.name not in (MANIFEST, SUMMARIES)}


def test_a_fifo_among_the_definitions_fails_the_build_without_waiting_on_it(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(SMALL, project)
    os.mkfifo(project / "forms" / "pipe.yaml")
    result = _formc("build", str(project), "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "pipe.yaml:1:1: error[FC009]: cannot read the file: it is not a regular file" in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").glob("html/*"))


@pytest.mark.parametrize("name", ["output", MANIFEST, SUMMARIES, JOURNAL])
def test_a_fifo_in_the_output_folder_is_rebuilt_over_without_waiting_on_it(tmp_path: Path, name: str) -> None:
    """Someone who can write in the output folder left a FIFO under the name of an output or of the build's
    bookkeeping: the next build treats it as a damaged file and the folder ends as a cold build leaves it."""
    project = tmp_path / "project"
    shutil.copytree(SMALL, project)
    cold, out = tmp_path / "cold", tmp_path / "out"
    for folder in (cold, out):
        assert _formc("build", str(project), "-o", str(folder), "--target", "html", "--target", "jsonschema"
                      ).returncode == 0
    rel = next(iter(_files(out))) if name == "output" else name
    (out / rel).unlink(missing_ok=True)
    os.mkfifo(out / rel)
    (project / "forms" / "every-type.yaml").touch()  # the summaries are read only when a form is built again
    result = _formc("build", str(project), "-o", str(out), "--target", "html", "--target", "jsonschema")
    assert result.returncode == 0, result.stderr
    assert _files(out) == _files(cold)
    assert all(path.is_file() for path in out.rglob("*") if not path.is_dir())  # no FIFO left


def test_the_definitions_signatures_are_os_stats(tmp_path: Path, monkeypatch) -> None:
    """The size and time of each definition file, as the build keys on them: compiled, on several threads
    for 5,000 files, the same as one os.stat each; [-1, -1] where there is nothing to stat."""
    paths = []
    for n in range(5000):
        path = tmp_path / f"form-{n:04}.yaml"
        path.write_bytes(b"x" * (n % 11))
        paths.append(str(path))
    (tmp_path / "link.yaml").symlink_to(tmp_path / "form-0007.yaml")
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "gone.yaml")
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    (tmp_path / "folder.yaml").mkdir()
    os.mkfifo(tmp_path / "pipe.yaml")
    odd = os.fsdecode(b"latin-\xe6.yaml")  # not UTF-8: a surrogate in the str, which os.stat encodes back
    (tmp_path / odd).write_bytes(b"abc")
    paths += [str(tmp_path / name) for name in ("link.yaml", "dangling.yaml", "loop.yaml", "folder.yaml", "pipe.yaml", odd)]
    paths.append(str(tmp_path / "missing.yaml"))

    def os_stat(path: str) -> list[int]:
        try:
            info = os.stat(path)
        except OSError:
            return [-1, -1]
        return [info.st_size, info.st_mtime_ns]

    compiled = writer.signatures(paths)
    monkeypatch.setattr(writer, "_quickstat", None)
    assert writer.signatures(paths) == compiled == [os_stat(path) for path in paths]
    by_name = {Path(path).name: found for path, found in zip(paths, compiled)}
    assert by_name["link.yaml"] == by_name["form-0007.yaml"] and by_name["link.yaml"][0] == 7  # followed
    assert by_name["dangling.yaml"] == by_name["loop.yaml"] == by_name["missing.yaml"] == [-1, -1]
    assert by_name[odd][0] == 3 and by_name["pipe.yaml"][0] == 0
