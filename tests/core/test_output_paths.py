"""The output-path check: every path a build writes stays inside the output folder, symlinks included."""

from __future__ import annotations

from pathlib import Path

import pytest

from formc.writer import OutputRoot, UnsafePath, safe_join


def test_paths_inside_the_folder_are_the_resolved_paths(tmp_path: Path) -> None:
    out = tmp_path / "build"
    (out / "html").mkdir(parents=True)
    paths = OutputRoot(out)
    assert paths.join("html/a.nb.html") == (out / "html" / "a.nb.html").resolve()
    assert paths.join("top.json") == (out / "top.json").resolve()
    assert paths.join("new/folder/x.json") == (out / "new" / "folder" / "x.json").resolve()


@pytest.mark.parametrize("relative", ["../escape.html", "html/../../escape.html", "/etc/passwd", "\\share\\x", ""])
def test_paths_that_leave_the_folder_are_refused(tmp_path: Path, relative: str) -> None:
    with pytest.raises(UnsafePath):
        OutputRoot(tmp_path).join(relative)
    with pytest.raises(UnsafePath):
        safe_join(tmp_path, relative)


def test_a_symlinked_subfolder_pointing_outside_is_refused(tmp_path: Path) -> None:
    outside, out = tmp_path / "outside", tmp_path / "build"
    outside.mkdir()
    out.mkdir()
    (out / "html").symlink_to(outside, target_is_directory=True)
    paths = OutputRoot(out)
    for _ in range(2):  # the folder's verdict is cached, never its approval
        with pytest.raises(UnsafePath):
            paths.join("html/a.nb.html")


def test_a_symlinked_file_pointing_outside_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "build"
    (out / "html").mkdir(parents=True)
    (tmp_path / "secret").write_text("x")
    (out / "html" / "a.nb.html").symlink_to(tmp_path / "secret")
    paths = OutputRoot(out)
    with pytest.raises(UnsafePath):
        paths.join("html/a.nb.html")
    assert paths.join("html/b.nb.html") == (out / "html" / "b.nb.html").resolve()


def test_the_quick_signature_is_a_plain_files_and_nothing_elses(tmp_path: Path) -> None:
    out = tmp_path / "build"
    (out / "html" / "sub").mkdir(parents=True)
    (out / "html" / "a.html").write_bytes(b"abc")
    (tmp_path / "secret").write_bytes(b"secret")
    (out / "html" / "link.html").symlink_to(tmp_path / "secret")
    info = (out / "html" / "a.html").stat()
    paths = OutputRoot(out)
    for _ in range(2):  # the first call checks the folder, the second finds it checked
        assert paths.quick_signature("html/a.html") == (3, info.st_mtime_ns)
        assert paths.quick_signature("html//a.html") == (3, info.st_mtime_ns)
        for other in ("html/link.html", "html/sub", "html/missing", "html/../../secret", "html/..", "", "/etc/passwd"):
            assert paths.quick_signature(other) is None
