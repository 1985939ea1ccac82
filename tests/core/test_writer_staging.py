"""Staging and committing outputs (formc/writer.py): the records, the symlinks, a journal replayed.

A :class:`Stager` writes each changed file under a temporary name next to its
destination and records [sha256, size, mtime_ns] from the open file; :func:`commit`
renames the files into place. These tests check that what is recorded is what
lands, that a symlink at a destination is never written through to outside the
output folder (at staging or at commit), that a folder swapped for a symlink while
staging gets nothing outside and is refused at the commit (and a real build that meets an output symlinked
outside fails and changes nothing), and that a journal replays to the end.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

import formc.build
import formc.writer
from formc.build import build
from formc.writer import JOURNAL, STAGING, Stager, UnsafePath, commit, is_temporary, recover, umask

SMALL = Path(__file__).resolve().parent.parent / "html" / "projects" / "small"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_record_is_the_file_that_lands(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    contents = {"top.json": b"{}", "html/a.nb.html": b"<p>a</p>" * 1000, "html/deep/er/b.html": b"", "x/y": b"y"}
    stager = Stager(out)
    records = {rel: stager.stage(rel, content) for rel, content in contents.items()}
    mode = 0o666 & ~umask()
    for tmp_rel, rel in stager.staged:
        tmp = out / tmp_rel
        assert is_temporary(tmp.name) and tmp.parent == (out / rel).parent and tmp.name.startswith(f".{Path(rel).name}.")
        assert tmp.stat().st_mode & 0o777 == mode
        assert not (out / rel).exists()  # nothing in place before the commit
    assert commit(out, stager.staged, [], set()) == len(contents)
    assert _files(out) == contents
    for rel, (digest, size, mtime) in records.items():
        info = os.lstat(out / rel)
        assert (digest, size, mtime) == (hashlib.sha256(contents[rel]).hexdigest(), info.st_size, info.st_mtime_ns)
        assert info.st_mode & 0o777 == mode


def test_a_destination_that_holds_the_bytes_already_is_not_staged(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    first = Stager(out)
    record = first.stage("html/a.html", b"same")
    commit(out, first.staged, [], set())
    again = Stager(out)
    assert again.stage("html/a.html", b"same") == record  # compared byte by byte
    assert again.stage("html/a.html", b"same", record) == record  # trusted by size and time
    assert again.staged == []
    assert again.stage("html/a.html", b"diff")[0] == hashlib.sha256(b"diff").hexdigest()  # same size, other bytes
    wrong = [hashlib.sha256(b"other").hexdigest(), *record[1:]]
    again.stage("html/a.html", b"same", wrong)  # the record says other bytes: staged again, not trusted
    assert len(again.staged) == 2
    commit(out, again.staged, [], set())
    assert (out / "html" / "a.html").read_bytes() == b"same"


def test_a_destination_symlinked_outside_is_refused_and_left_alone(tmp_path: Path) -> None:
    out, secret = tmp_path / "out", tmp_path / "secret"
    (out / "html").mkdir(parents=True)
    secret.write_bytes(b"keep")
    (out / "html" / "a.html").symlink_to(secret)
    stager = Stager(out)
    with pytest.raises(UnsafePath):
        stager.stage("html/a.html", b"new")
    assert secret.read_bytes() == b"keep" and stager.staged == []
    assert [p.name for p in (out / "html").iterdir()] == ["a.html"]  # no temporary file left


def test_a_destination_symlinked_inside_is_replaced_by_the_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "html").mkdir(parents=True)
    (out / "html" / "b.html").write_bytes(b"B")
    (out / "html" / "a.html").symlink_to("b.html")
    stager = Stager(out)
    assert stager.stage("html/a.html", b"B") and stager.staged == []  # the link's file holds the bytes already
    record = stager.stage("html/a.html", b"A")
    commit(out, stager.staged, [], set())
    a = out / "html" / "a.html"
    assert not a.is_symlink() and a.read_bytes() == b"A" and (out / "html" / "b.html").read_bytes() == b"B"
    assert record[1:] == [a.stat().st_size, a.stat().st_mtime_ns]


def test_a_destination_swapped_for_a_symlink_before_the_commit_is_replaced_not_followed(tmp_path: Path) -> None:
    out, secret = tmp_path / "out", tmp_path / "secret"
    out.mkdir()
    secret.write_bytes(b"keep")
    stager = Stager(out)
    stager.stage("html/a.html", b"new")
    (out / "html" / "a.html").symlink_to(secret)
    commit(out, stager.staged, [], set())
    assert secret.read_bytes() == b"keep"
    assert not (out / "html" / "a.html").is_symlink() and (out / "html" / "a.html").read_bytes() == b"new"


def test_a_folder_swapped_for_a_symlink_while_staging_gets_nothing_outside(tmp_path: Path) -> None:
    """Someone who can write in the output folder swaps a folder the build is staging into for a symlink to
    elsewhere: what is staged after that still goes to the folder that was checked, never outside, and the
    commit refuses the folder (what was staged before the swap and after it)."""
    out, outside = tmp_path / "out", tmp_path / "outside"
    (out / "html").mkdir(parents=True)
    outside.mkdir()
    stager = Stager(out)
    stager.stage("html/a.html", b"a")
    (out / "html").rename(out / "moved")
    (out / "html").symlink_to(outside, target_is_directory=True)
    stager.stage("html/b.html", b"b")
    assert list(outside.iterdir()) == []
    assert len([p for p in (out / "moved").iterdir() if is_temporary(p.name)]) == 2
    with pytest.raises(UnsafePath):
        commit(out, stager.staged, [], set())
    assert list(outside.iterdir()) == []


def test_a_stale_output_that_is_a_symlink_is_removed_not_its_target(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "html").mkdir(parents=True)
    (out / "html" / "b.html").write_bytes(b"B")
    (out / "html" / "old.html").symlink_to("b.html")
    commit(out, [], [], {"html/old.html", "../outside", "html/gone.html"})
    assert _files(out) == {"html/b.html": b"B"} and not (out / "html" / "old.html").is_symlink()


def test_a_commit_interrupted_between_renames_is_replayed_to_the_end(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    contents = {f"html/{n}.html": f"<p>{n}</p>".encode() for n in range(5)}
    stager = Stager(out)
    for rel, content in contents.items():
        stager.stage(rel, content)
    real_replace, calls = os.replace, []

    def replace(src, dst, **at):  # type: ignore[no-untyped-def]
        calls.append(dst)
        if len(calls) == 4:  # the journal's rename, then two files in place
            raise KeyboardInterrupt
        real_replace(src, dst, **at)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        commit(out, stager.staged, [("summary", b"s")], set())
    monkeypatch.setattr(os, "replace", real_replace)
    assert (out / JOURNAL).exists() and len(_files(out)) > len(contents)  # the journal and the temporaries
    assert recover(out)
    assert _files(out) == {**contents, "summary": b"s"}


def test_a_temporary_whose_destination_folder_is_gone_is_not_taken_as_renamed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    stager = Stager(out)
    stager.stage("html/a.html", b"a")
    tmp_rel = stager.staged[0][0]
    with pytest.raises(FileNotFoundError):
        commit(out, [(tmp_rel, "gone/a.html")], [], set())
    assert (out / tmp_rel).exists()


def test_a_forked_process_draws_its_own_temporary_names(tmp_path: Path) -> None:
    formc.writer._token()  # the pool this process drew
    read, write = os.pipe()
    child = os.fork()
    if child == 0:
        os.write(write, formc.writer._token().encode())
        os._exit(0)
    os.close(write)
    os.waitpid(child, 0)
    drawn = os.read(read, 64).decode()
    os.close(read)
    assert len(drawn) == 12 and drawn not in formc.writer._tokens


def test_a_build_refuses_an_output_symlinked_outside_and_changes_nothing(tmp_path: Path) -> None:
    out, secret = tmp_path / "out", tmp_path / "secret"
    assert build(SMALL, out, ["html", "jsonschema"], jobs=1).ok
    before = _files(out)
    secret.write_bytes(b"keep")
    page = out / "html" / "every-type.nb.html"
    page.unlink()
    page.symlink_to(secret)
    with pytest.raises(UnsafePath, match="html/every-type.nb.html"):
        build(SMALL, out, ["html", "jsonschema"], jobs=1)
    assert secret.read_bytes() == b"keep" and page.is_symlink()
    after = _files(out)
    assert after.pop("html/every-type.nb.html") == b"keep"  # (read through the link)
    assert after == {rel: content for rel, content in before.items() if rel != "html/every-type.nb.html"}
    assert not [p for p in out.rglob("*") if is_temporary(p.name)] and not (out / STAGING).exists()


@pytest.mark.parametrize("stop", [RuntimeError("a bug in a target"), KeyboardInterrupt()])
def test_a_build_stopped_by_an_exception_leaves_no_folder_it_made(shipped_copy: Path, tmp_path: Path, monkeypatch,
                                                                  stop) -> None:
    """A build that stops on an exception (a bug, Ctrl-C) after staging some forms' files leaves the output folder
    as it was: no temporary, no staging mark, and no target folder it made (nor an empty one inside it); a
    target folder that was there before stays, with its files."""
    out = tmp_path / "out"
    assert build(shipped_copy, out, ["jsonschema"], jobs=1).ok
    before = _files(out)
    target = formc.build.load_target("html")
    real = type(target).emit_form
    calls: list[str] = []

    def failing(self, form, ctx):  # type: ignore[no-untyped-def]
        calls.append(form.id)
        if len(calls) > 1:
            raise stop
        return real(self, form, ctx)

    monkeypatch.setattr(type(target), "emit_form", failing)
    with pytest.raises(type(stop)):
        build(shipped_copy, out, ["html", "jsonschema"], jobs=1)
    assert len(calls) == 2  # one form's pages were staged first
    assert not (out / "html").exists()
    assert _files(out) == before and (out / "jsonschema").is_dir()
    assert not [p for p in out.rglob("*") if is_temporary(p.name)] and not (out / STAGING).exists()
    monkeypatch.undo()
    assert build(shipped_copy, out, ["html", "jsonschema"], jobs=1).ok and (out / "html").is_dir()


def test_a_build_into_more_folders_than_are_held_open_commits_each_file_in_its_own(tmp_path: Path) -> None:
    """A process holds a bounded number of folders open (the least recently used closed first): a commit
    across more folders than that still renames each file in its own folder."""
    out = tmp_path / "out"
    out.mkdir()
    contents = {f"f{n:03d}/sub/page.html": f"<p>{n}</p>".encode() for n in range(formc.writer._DESCRIPTORS_MAX * 2 + 3)}
    before = len(os.listdir("/proc/self/fd"))
    stager = Stager(out)
    for rel, content in contents.items():
        stager.stage(rel, content)
    assert len(os.listdir("/proc/self/fd")) <= before + formc.writer._DESCRIPTORS_MAX
    commit(out, stager.staged, [], set())
    assert _files(out) == contents
