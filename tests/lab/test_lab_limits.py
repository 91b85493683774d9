"""The lab's input limits (``sokkel.lab.limits``): numbers, text files, file names, outputs."""

from __future__ import annotations

import argparse

import pytest

from sokkel.lab.limits import (
    bounded,
    inside,
    line_of,
    option,
    output_problem,
    read_text,
    write_atomically,
)


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        ("12", {"whole": True}, 12),
        (3.0, {"whole": True}, 3),
        (" 7.5 ", {}, 7.5),
        (200, {}, 200),
    ],
)
def test_bounded_accepts_numbers_in_range(value, kwargs, expected):
    number = bounded(value, 1, 200, **kwargs)
    assert number == expected and type(number) is type(expected)


@pytest.mark.parametrize(
    ("value", "kwargs", "message"),
    [
        ("nan", {}, "expected a finite number from 1 to 200, got 'nan'"),
        (float("inf"), {}, "expected a finite number from 1 to 200, got inf"),
        (10**400, {}, "expected a number from 1 to 200, got 1000000000"),
        ("9" * 5000, {"whole": True}, "expected a whole number from 1 to 200, got '99999"),
        (True, {}, "expected a number from 1 to 200, got True"),
        (2.5, {"whole": True}, "expected a whole number from 1 to 200, got 2.5"),
        (1, {"above": True}, "expected a number more than 1 and at most 200, got 1"),
        ("x" * 100, {}, "expected a number from 1 to 200, got '" + "x" * 38 + "…"),
    ],
)
def test_bounded_refuses_with_the_range(value, kwargs, message):
    with pytest.raises(ValueError) as caught:
        bounded(value, 1, 200, **kwargs)
    assert str(caught.value).startswith(message)


def test_option_is_an_argparse_type_with_a_clear_message():
    parser = argparse.ArgumentParser(exit_on_error=False)
    parser.add_argument("--workers", type=option(1, 64, whole=True))
    assert parser.parse_args(["--workers", "4"]).workers == 4
    with pytest.raises(argparse.ArgumentError, match="expected a whole number from 1 to 64"):
        parser.parse_args(["--workers", "0"])


def test_read_text_names_the_line_of_a_byte_that_is_not_utf8(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfone\ntwo\nthr\xe9e\n")

    with pytest.raises(ValueError) as caught:
        read_text(path, lambda message, line: ValueError(f"{line}: {message}"))

    assert str(caught.value) == "3: not UTF-8 text: byte 0xe9 cannot be decoded"


def test_read_text_refuses_large_files_and_devices(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("x" * 2000, encoding="utf-8")
    fail = lambda message, line: ValueError(message)  # noqa: E731

    with pytest.raises(ValueError, match="larger than"):
        read_text(path, fail, max_bytes=1024)
    with pytest.raises(ValueError, match="not a regular file"):
        read_text("/dev/zero", fail)


def test_inside_keeps_names_in_their_folder(tmp_path):
    (tmp_path / "s").mkdir()
    assert inside(tmp_path / "s", "sub/x.csv") == tmp_path / "s" / "sub" / "x.csv"
    for name in ("/etc/passwd", "../x.csv", "a/../../x.csv"):
        with pytest.raises(ValueError, match="lies outside the folder"):
            inside(tmp_path / "s", name)


def test_line_of_finds_keys_in_tables_and_arrays_of_tables():
    lines = ["a = 1", "[t]", "a = 2", "[[u]]", "b = 1", "[[u]]", "b = 2", "[[u.v]]", "c = 3"]
    assert line_of(lines, "a") == 1
    assert line_of(lines, "t.a") == 3
    assert line_of(lines, "u[1].b") == 7
    assert line_of(lines, "u[1].v[0].c") == 9
    assert line_of(lines, "t") == 2
    assert line_of(lines, "t.missing") is None


def test_write_atomically_replaces_whole_or_leaves_things_as_they_were(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text("old", encoding="utf-8")
    write_atomically(path, "new")
    assert path.read_text(encoding="utf-8") == "new"

    folder = tmp_path / "folder"
    folder.mkdir()
    with pytest.raises(OSError):
        write_atomically(folder, "text")
    assert folder.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder", "plan.json"]


def test_output_problem_says_why_an_output_cannot_be_written(tmp_path):
    assert output_problem(tmp_path / "plan.json") is None
    assert output_problem(tmp_path) == f"{tmp_path} is a folder, not a file"
    missing = tmp_path / "missing" / "plan.json"
    assert output_problem(missing) == f"the folder {missing.parent} does not exist"
