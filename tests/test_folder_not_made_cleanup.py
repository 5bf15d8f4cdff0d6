"""A folder for outputs that cannot be made leaves none of the folders above it that the command
made before the failure (review231): `template --out`, `template --blank-registry` and `demo`
into "a/b/<a name too long>" said the folder could not be made but left "a" and "a/b" behind,
where `Publication.make_folder` (the feedback folder) removed them. A folder that was there
before, or that holds anything, is never removed. Real folders, the CLI; a name longer than any
file system takes (255 bytes) fails the last `mkdir` after its parents were made."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import main

TOO_LONG = "n" * 300


def _cli(*args: str | Path) -> tuple[int, str]:
    done = CliRunner().invoke(main, [str(a) for a in args])
    return done.exit_code, " ".join(done.output.split())


@pytest.mark.parametrize(
    "command",
    [("template", "--out"), ("template", "--blank-registry", "--out"), ("demo",)],
    ids=["template", "blank-registry", "demo"],
)
def test_the_folders_made_before_the_failure_are_removed(tmp_path: Path, command: tuple[str, ...]) -> None:
    kept = tmp_path / "co_san"
    kept.mkdir()
    (kept / "ghi_chu.txt").write_text("của người dùng", encoding="utf-8")
    target = kept / "moi" / "con" / TOO_LONG
    code, output = _cli(*command, target)
    assert code != 0, output
    assert "Không tạo được thư mục" in output and "tên tệp hoặc đường dẫn quá dài" in output, output
    assert "Traceback" not in output
    assert not (kept / "moi").exists()  # made for this run, removed again
    assert (kept / "ghi_chu.txt").read_text(encoding="utf-8") == "của người dùng"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["co_san"]


def test_a_folder_that_holds_something_is_never_removed(tmp_path: Path) -> None:
    from toolkit.core.errors import OutputError
    from toolkit.io.atomic import make_folders

    made = make_folders(tmp_path / "a" / "b")
    assert made == [tmp_path / "a" / "b", tmp_path / "a"]
    (tmp_path / "a" / "b" / "x.txt").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError):
        make_folders(tmp_path / "a" / "b" / "c" / TOO_LONG)
    assert (tmp_path / "a" / "b" / "x.txt").is_file()
    assert not (tmp_path / "a" / "b" / "c").exists()
