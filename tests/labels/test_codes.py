"""labels.codes: the check character catches typos; scans are normalised; errors say why."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from labels.codes import (
    ALPHABET,
    LabelCodeError,
    check_character,
    make_item_code,
    make_location_code,
    normalise_scan,
    parse_code,
)

item_codes = st.builds(
    lambda letter, division, serial: make_item_code(
        type_letter=letter, division_code=division, serial=serial
    ),
    st.sampled_from("SHWGJFC"),
    st.from_regex(r"\A[0-9]{6}\Z"),
    st.integers(min_value=1, max_value=10**9),
)


def checked_characters(code: str) -> str:
    """The code as the check digit sees it: hyphens dropped, check character last."""
    return code.replace("-", "")


def passes_check(characters: str) -> bool:
    return check_character(characters[:-1]) == characters[-1]


@given(item_codes, st.data())
def test_every_single_substitution_is_caught(code, data):
    characters = checked_characters(code)
    position = data.draw(st.integers(0, len(characters) - 1))
    replacement = data.draw(st.sampled_from(ALPHABET).filter(lambda ch: ch != characters[position]))
    mutated = characters[:position] + replacement + characters[position + 1 :]
    assert not passes_check(mutated)


def test_almost_every_adjacent_transposition_is_caught():
    """ISO 7064 MOD 37,36 (the format the product mandates) catches all single substitutions but
    not quite every swap of neighbours: measured over every adjacent swap of 2,000 codes, at
    least 99 % are caught (about 99.5 % in practice). The known miss below documents the limit."""
    import random

    rng = random.Random(2026)
    swaps = caught = 0
    for _ in range(2000):
        code = make_item_code(type_letter=rng.choice("SHWGJFC"), division_code=f"{rng.randrange(10**6):06d}",
                              serial=rng.randrange(1, 10**7))
        characters = checked_characters(code)
        for position in range(len(characters) - 1):
            a, b = characters[position], characters[position + 1]
            if a == b:
                continue
            swaps += 1
            caught += not passes_check(characters[:position] + b + a + characters[position + 2 :])
    assert caught / swaps >= 0.99


def test_known_transposition_that_slips_through():
    assert passes_check("J0606660000010X")
    assert passes_check("J0606660000100X")


def test_nearly_all_adjacent_transpositions_are_caught():
    """What the check does deliver today, on a fixed sample of 2,000 codes."""
    swaps = missed = 0
    for serial in range(1, 2001):
        characters = checked_characters(
            make_item_code(type_letter="SHWGJFC"[serial % 7], division_code=f"{serial * 7919 % 10**6:06d}",
                           serial=serial * 104729)
        )
        for position in range(len(characters) - 1):
            a, b = characters[position], characters[position + 1]
            if a != b:
                swaps += 1
                missed += passes_check(characters[:position] + b + a + characters[position + 2 :])
    assert missed / swaps < 0.01


def test_exhaustive_single_substitutions_on_one_code():
    characters = checked_characters(make_item_code(type_letter="S", division_code="440305", serial=123))
    for position, original in enumerate(characters):
        for replacement in ALPHABET.replace(original, ""):
            assert not passes_check(characters[:position] + replacement + characters[position + 1 :])


def test_made_codes_parse_back():
    item = parse_code(make_item_code(type_letter="S", division_code="440305", serial=123))
    assert (item.code, item.kind, item.letter, item.division_code, item.serial) == (
        "S440305-0000123-N", "item", "S", "440305", 123,
    )
    location = parse_code(make_location_code(division_code="440300", serial=12))
    assert (location.kind, location.code) == ("location", "K440300-00012-X")


@pytest.mark.parametrize(
    "scan",
    [
        "Ｓ４４０３０５－００００１２３－Ｎ",  # typed through a Chinese input method (full width)
        "s440305-0000123-n",
        "  S440305-0000123-N\n",
        "HTTPS://CUSTODY.EXAMPLE.GOV.CN/L/S440305-0000123-N",
        "https://custody.example.gov.cn/l/s440305-0000123-n/?src=scan#x",
    ],
)
def test_scans_are_normalised(scan):
    assert normalise_scan(scan) == "S440305-0000123-N"
    assert parse_code(scan).code == "S440305-0000123-N"


@pytest.mark.parametrize(
    ("scan", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("S440305-0000123", "malformed"),
        ("S44030-0000123-N", "malformed"),
        ("S440305_0000123_N", "malformed"),
        ("中文", "malformed"),
        ("S440305-0000123-P", "bad_check"),
        ("S440305-0000132-N", "bad_check"),
    ],
)
def test_bad_scans_raise_with_stable_reason(scan, reason):
    with pytest.raises(LabelCodeError) as caught:
        parse_code(scan)
    assert caught.value.reason == reason
