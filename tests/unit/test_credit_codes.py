"""统一社会信用代码 (GB 32100): length, characters and the check character."""

from __future__ import annotations

import pytest

from disclosure_portal.read.catalogs import credit_code_problem

CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def with_check(first17: str) -> str:
    """An independent computation of the check character."""
    total = sum(CHARS.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return first17 + CHARS[(31 - total % 31) % 31]


@pytest.mark.parametrize(
    "code",
    ["11500299009134283G", "11500299009134523B", "115002990091351630", "54500299307158429W"],
)
def test_valid_codes_of_the_fixture_organisations(code):
    assert credit_code_problem(code) is None


@pytest.mark.parametrize("first17", ["91110000600037341", "12100000400000624", "12100000MB0000000"])
def test_generated_codes_pass_and_every_other_check_character_fails(first17):
    code = with_check(first17)
    assert credit_code_problem(code) is None
    for wrong in (c for c in CHARS if c != code[17]):
        message = credit_code_problem(first17 + wrong)
        assert message is not None and f"应为“{code[17]}”" in message


def test_wrong_length():
    message = credit_code_problem("1150029900913452")
    assert message is not None and "18 位" in message and "16 位" in message


@pytest.mark.parametrize("bad", ["I", "O", "S", "V", "Z", "a"])
def test_letters_outside_the_code_alphabet(bad):
    message = credit_code_problem("1150029900913452" + bad + "B")
    assert message is not None and bad in message and "字符" in message
