"""Atomic result files and LaTeX macros (exactdln.io)."""

import json

import numpy as np
import pytest

from exactdln import io


def test_arrays_round_trip(tmp_path):
    path = io.save_arrays(tmp_path / "sub" / "a.npz", x=np.arange(3.0), names=np.array(["a", "b"]))
    data = io.load_arrays(path)
    np.testing.assert_array_equal(data["x"], [0.0, 1.0, 2.0])
    assert list(data["names"]) == ["a", "b"]
    assert [p.name for p in path.parent.iterdir()] == ["a.npz"]  # no temporary left behind


def test_failed_write_leaves_no_file(tmp_path):
    target = tmp_path / "numbers.json"
    with pytest.raises(ValueError, match="non-finite"):
        io.save_json(target, {"gap": float("nan")})
    assert list(tmp_path.iterdir()) == []


def test_failed_write_keeps_the_old_file(tmp_path):
    target = io.save_json(tmp_path / "numbers.json", {"gap": 1.0})
    with pytest.raises(TypeError):
        io.save_json(target, {"gap": object()})
    assert json.loads(target.read_text()) == {"gap": 1.0}
    assert list(tmp_path.iterdir()) == [target]


def test_json_converts_numpy(tmp_path):
    path = io.save_json(tmp_path / "n.json", {"a": np.float64(0.5), "b": np.arange(2), "c": np.bool_(True)})
    assert io.load_json(path) == {"a": 0.5, "b": [0, 1], "c": True}


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [
        (0.0123, 2, "0.012"),
        (1.5e-7, 2, "\\ensuremath{1.5 \\times 10^{-7}}"),
        (9.96e-8, 2, "\\ensuremath{1.0 \\times 10^{-7}}"),
        (12345.0, 2, "\\ensuremath{1.2 \\times 10^{4}}"),
        (10000, 2, "10{,}000"),
        (0.1, None, "0.1"),
        (5e-4, None, "\\ensuremath{5 \\times 10^{-4}}"),
        (20.0, None, "20"),
        (-0.25, 2, "\\ensuremath{-0.25}"),  # a minus sign, not a hyphen
        (True, 2, "yes"),
        (0.0, 2, "0"),
    ],
)
def test_format_number(value, digits, text):
    assert io.format_number(value, digits) == text


def test_latex_macros_names_and_values():
    tex = io.latex_macros({"small": {"gap": 0.5, "n2": 3}, "etas": [0.1, 0.2], "note": "x"}, "fig_one")
    assert "\\newcommand{\\FigOneSmallGap}{0.50}" in tex
    assert "\\newcommand{\\FigOneSmallNTwo}{3}" in tex
    assert "\\newcommand{\\FigOneEtasZero}{0.10}" in tex and "\\FigOneEtasOne" in tex
    assert "note" not in tex.lower().replace("newcommand", "")
    for line in tex.strip().splitlines():  # every name is a valid TeX control word
        name = line.split("}{")[0].removeprefix("\\newcommand{\\")
        assert name.isalpha(), name


def test_non_finite_number_refused():
    with pytest.raises(ValueError, match="non-finite"):
        io.latex_macros({"gap": float("inf")}, "x")


def test_negative_numbers_print_a_minus_sign_not_a_hyphen():
    assert io.format_number(-4.0, 2) == "\\ensuremath{-4.0}"
    assert io.format_number(-3) == "\\ensuremath{-3}"
    assert io.format_number(-0.25, None) == "\\ensuremath{-0.25}"
    assert io.format_number(-1.2e-5) == "\\ensuremath{-1.2 \\times 10^{-5}}"  # already in math mode
    assert io.format_number(4.0) == "4.0"


def test_latex_macros_name_every_entry_of_lists_up_to_max_list():
    """A list of up to MAX_LIST numbers (Part I's 13 initial scales) gives one macro per entry,
    indices spelled digit by digit; a longer one is data and gives none."""
    numbers = {"scales": list(range(13)), "long": list(range(io.MAX_LIST + 1))}
    text = io.latex_macros(numbers, "p", digits=None)
    assert "\\newcommand{\\PScalesOneTwo}{12}" in text and "\\newcommand{\\PScalesOne}{1}" in text
    assert "PScalesList" in text and "PLong" not in text
