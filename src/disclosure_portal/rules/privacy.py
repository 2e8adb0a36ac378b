"""Personal information (条例 Art. 15) in public text: resident ID numbers (GB 11643, 18 and 15
digits), mobile numbers, bank card numbers (Luhn), passport numbers, names next to an ID or
mobile number, and private e-mail addresses; in the forms people type them (SPEC Guarantee 6).

How a text is read:
1. **Fold** (`fold`): one pass of `str.translate` maps every Unicode decimal digit (full-width,
   Arabic-Indic, mathematical …) to ASCII, full-width letters and punctuation to ASCII, the many
   spaces, dashes and dots to one of each, and invisible characters (zero-width, soft hyphen,
   Hangul fillers) to a connector; then, only where the text has any, markup and escapes are
   replaced: an inline HTML tag or comment becomes a connector, `<br>` a line break, a block tag
   (td, p, li …) a hard boundary, and character references (`&#49;`, `&#x31;`, `&nbsp;`), `\\u0031`
   and `%31` the character they stand for. A short list of anchors maps every folded position back
   to the original one, so a finding names the line it is on.
2. **Runs**: one linear regex finds runs of 7 or more digits (ASCII or Chinese numerals
   〇一二三四五六七八九, 幺, 零, the financial forms 壹贰…) joined by at most 3 connectors
   (space, hyphen, dot, one line break, markup, `*_~` and backquote). Only inside such a run are Chinese
   numerals read as digits, so 第一条 or 二〇二五年 never becomes a number.
3. **Candidates** inside a run, every kind by its shape, aligned on the run's groups (a number
   never starts or ends inside a group of digits), then judged by context: an amount (a unit such
   as 元 or 万元 after it, a currency or 金额/预算 before it, a decimal point next to it), a
   number with a contract, case, file or code label before it (合同编号, 案号, 文号, 索引号,
   统一社会信用代码 …) or 号 after it, a part of a longer code (a letter next to it, a `/` after
   it) is not personal data. A number written in groups must be grouped the way people write
   that kind of number when it is only part of a longer run of figures; a run of figures grouped
   in thousands (13 800 138 000) or one figure a line (a table) is not a number.

No pattern can backtrack more than a bounded amount per position (every repetition is over
disjoint character classes or bounded), so any input is read in linear time.

Numbers are never printed in full in a message: `mask` keeps the first and last few characters.
"""

from __future__ import annotations

import bisect
import datetime as dt
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

# --- folding -------------------------------------------------------------------------------------

CONNECTOR = "\x1f"  # what an inline tag or an invisible character becomes: joins digits
BOUNDARY = "\t"  # what a block tag becomes: never joins digits (like a table cell's edge)
FILL = "\x1e"  # pads a replacement to the length of what it replaces; read as nothing

# The first code point (the digit zero) of every block of Unicode decimal digits (category Nd,
# Unicode 14) after ASCII: `[c for c in range(0x110000) if unicodedata.decimal(chr(c), -1) == 0]`.
# tests/unit/test_personal_data_detection.py checks the list against the running Python.
DIGIT_BLOCKS = (
    0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6,
    0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50,
    0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50,
    0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
)  # fmt: skip


# full-width punctuation the context patterns read as it is (，：（）…): most Chinese text then
# has nothing to fold, and is not copied
KEPT_FULL_WIDTH = "".join(
    chr(0xFF00 + c) for c in (1, 2, 3, 5, 6, 7, 8, 9, 0xC, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F)
) + "".join(chr(0xFF00 + c) for c in (0x3B, 0x3D, 0x3E, 0x5B, 0x5C, 0x5D))


def _fold_table() -> dict[int, str]:
    table = {c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F) if chr(c) not in KEPT_FULL_WIDTH}
    for start in DIGIT_BLOCKS:
        table.update({start + i: str(i) for i in range(10)})
    spaces = (0x00A0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000, 0x2028, 0x2029, 0xD)
    table.update(dict.fromkeys(spaces, " "))
    dashes = (*range(0x2010, 0x2016), 0x2212, 0xFE58, 0xFE63, 0x2E3A, 0x2E3B, 0x2500, 0x30FC)
    table.update(dict.fromkeys(dashes, "-"))
    table.update(dict.fromkeys((0x00B7, 0x2022, 0x2027, 0x2219, 0x30FB, 0xFF65), "."))
    invisible = (0x00AD, 0x034F, 0x115F, 0x1160, 0x180E, *range(0x200B, 0x200E), 0x3164, 0xFFA0)
    table.update(dict.fromkeys((*invisible, *range(0x2060, 0x2065), 0xFEFF), CONNECTOR))
    table.update({0x2169: "X", 0x2179: "x"})  # the Roman numeral ten an input method offers
    return table


FOLD = _fold_table()


def _char_class(codes: list[int]) -> str:
    """A regex character class of `codes`, as ranges (the engine then tests a bitmap)."""
    ranges: list[list[int]] = []
    for c in sorted(codes):
        if ranges and c == ranges[-1][1] + 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    parts = (re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in ranges)
    return "[" + "".join(parts) + "]"


# two searches: a class of only BMP characters is tested on a bitmap, one with astral ranges not
FOLD_RE = re.compile(_char_class([c for c in FOLD if c < 0x10000]))
ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")


def fold_chars(text: str) -> str:
    """`text` with every character FOLD maps folded (a copy only where there is one)."""
    if FOLD_RE.search(text) or ASTRAL_RE.search(text):
        return text.translate(FOLD)
    return text


# Chinese numerals read one digit at a time (as people read phone numbers aloud: 幺 for 1),
# and the financial forms; applied inside a run of digits only
# (U+3007 ideographic zero, and U+25CB white circle typed for it)
CHINESE_DIGIT_CHARS = "\u3007\u25cb零一幺壹二贰貳三叁參四肆五伍六陆陸七柒八捌九玖"
CHINESE_DIGITS = str.maketrans(CHINESE_DIGIT_CHARS, "0001112223334455666778899")
BLOCK_TAGS = frozenset(
    (
        "p",
        "div",
        "td",
        "th",
        "tr",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "caption",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "header",
        "footer",
        "nav",
        "aside",
        "blockquote",
        "pre",
        "hr",
        "figure",
        "figcaption",
        "main",
        "form",
        "select",
        "option",
        "textarea",
        "body",
        "html",
        "head",
        "title",
        "script",
        "style",
        "center",
        "address",
        "details",
        "summary",
    )
)
# an HTML comment or tag, a character reference, a JSON or URL escape; every repetition is
# bounded and stops at the next "<", so no input makes this slow
MARKUP_RE = re.compile(
    r"<!--[^<]{0,2000}?-->"
    r"|</?([A-Za-z][A-Za-z0-9:-]{0,30})(?:[\s/][^<>]{0,1000})?>"
    r"|&#[0-9]{1,8};?|&#[xX][0-9A-Fa-f]{1,7};?|&[A-Za-z][A-Za-z0-9]{1,31};"
    r"|\\u[0-9A-Fa-f]{4}|%3[0-9]"
)


@dataclass(frozen=True, slots=True)
class Folded:
    """A text as the detector reads it: `text` has the length of `source`, position for position
    (a replacement is padded with FILL). A replaced tag or comment that holds digits or an "@"
    (an attribute, a comment's text: served, and read by anyone who opens the source) is kept in
    `hidden` with its position, to be read on its own."""

    text: str
    source: str
    hidden: tuple[tuple[int, str], ...] = ()


def fold(text: str) -> Folded:
    """`text` with its markup folded (see the module's docstring); characters are folded (FOLD)
    only where the detector reads them closely: around runs of digits, e-mail addresses and
    passport labels (one `translate` of a whole text costs more than the rest of the scan)."""
    folded = text
    if "<" not in folded and "&" not in folded and "\\u" not in folded and "%3" not in folded:
        return Folded(folded, text)
    hidden: list[tuple[int, str]] = []

    def replace(m: re.Match) -> str:
        whole = m.group(0)
        if whole[0] == "<":
            if len(whole) > 9 and (RUN_RE.search(whole) or "@" in whole):
                hidden.append((m.start() + 1, whole[1:-1]))
            name = (m.group(1) or "").lower()
            char = "\n" if name == "br" else BOUNDARY if name in BLOCK_TAGS else CONNECTOR
        elif whole[0] == "\\":
            char = chr(int(whole[2:], 16)).translate(FOLD)
        elif whole[0] == "%":
            char = whole[2]
        else:
            char = html.unescape(whole).translate(FOLD)
        if len(char) != 1:
            return whole
        return char + FILL * (len(whole) - 1)

    return Folded(MARKUP_RE.sub(replace, folded), text, tuple(hidden))


# --- shapes --------------------------------------------------------------------------------------

SEP = r"[ \-.\n\x1f*_~`\\]"  # what may stand between the digits of one number
SEPS = SEP + "{0,3}"  # between two digits of one number
GAP = SEP + "{1,3}"  # between two groups of digits of one number
DIGITS = "0-9" + CHINESE_DIGIT_CHARS
# the same before folding: every character FOLD maps to a digit or a separator
_RAW_SEP = "".join(re.escape(chr(c)) for c, to in sorted(FOLD.items()) if to in " -.\n\x1f*_~`\\")
RAW_SEP = rf"[ \-.\n\x1f*_~`\\{_RAW_SEP}]"
RAW_DIGITS = r"\d" + CHINESE_DIGIT_CHARS  # \d: every Unicode decimal digit
RUN_RE = re.compile(rf"[{RAW_DIGITS}](?:{RAW_SEP}{{0,3}}[{RAW_DIGITS}]){{6,}}")
# the same where markup left padding (possessive: padding is never given back, never tried twice)
PADDED_RUN_RE = re.compile(
    rf"[{RAW_DIGITS}](?:(?:\x1e*+{RAW_SEP}){{0,3}}\x1e*+[{RAW_DIGITS}]){{6,}}"
)
TIMES = "\u00d7"  # the multiplication sign, typed for an ID number's X
GROUPS_RE = re.compile(rf"[0-9Xx{TIMES}]+")
SEP_RUN_RE = re.compile(rf"{SEP}+")
NOT_DIGIT_RE = re.compile(r"[^0-9]+")
ASCII_DIGIT_RE = re.compile(r"[0-9]")
CHINESE_RE = re.compile(f"[{CHINESE_DIGIT_CHARS}]")
NEWLINE_RE = re.compile("\n")
SHORT_RUN = 64  # a run this long or shorter may group its numbers any way; longer runs are tables


def _candidates(first: str, rest: str, letters: bool = False) -> re.Pattern:
    """Overlapping candidates that start with a character of `first`, where a group of digits
    starts, and go on with `rest` (group 1) to where a group ends. The pattern consumes only the
    first character (so the engine's fast scan for it applies and matches may overlap)."""
    edge = "0-9A-Za-z" if letters else "0-9"
    return re.compile(rf"{first}(?<![{edge}].)(?=({rest})(?![{edge}]))")


def _shape(*sizes: int, second: str = "[0-9]", last: str = "[0-9]") -> str:
    """The digits after the first of a number in groups of `sizes` (3, 4, 4 for 138 0013 8000):
    `second` is the class of its second digit, `last` of its last one."""
    classes = ["[0-9]"] * sum(sizes)
    classes[1], classes[-1] = second, last
    out, i = [], 0
    for g, size in enumerate(sizes):
        out.append((GAP if g else "") + "".join(classes[i : i + size]))
        i += size
    return "".join(out)[len("[0-9]") :]


def _any(n: int, last: str = "[0-9]") -> str:
    """`n` more digits, grouped any way (the first digit is the pattern's first character)."""
    return f"(?:{SEPS}[0-9]){{{n - 1}}}{SEPS}{last}" if n > 1 else f"{SEPS}{last}"


_MOBILE_SHAPES = ((11,), (3, 8), (3, 4, 4), (4, 3, 4), (4, 7), (7, 4))
_MOBILE_STRICT = "|".join(_shape(*g, second="[3-9]") for g in _MOBILE_SHAPES)
_ID18_SHAPES = ((18,), (6, 8, 4), (6, 8, 3, 1), (6, 4, 4, 4), (4, 4, 4, 4, 2))
_ID18_STRICT = "|".join(_shape(*g, last=f"[0-9Xx{TIMES}]") for g in _ID18_SHAPES)
_ID15_STRICT = "|".join(_shape(*g) for g in ((15,), (6, 9), (6, 6, 3)))
_CARD_SHAPES = ((16,), (17,), (18,), (19,), (4, 4, 4, 4), *((4, 4, 4, 4, n) for n in (1, 2, 3)))
_CARD_STRICT = "|".join(_shape(*g) for g in _CARD_SHAPES)
_PREFIX = rf"(?:(?<=\+)86|(?<=0)0{SEPS}8{SEPS}6|(?<=8)6){SEPS}1"  # +86, 0086, 86 (first char: +08)
# (kind, pattern for runs of SHORT_RUN characters or fewer, pattern for longer runs)
CANDIDATES = (
    ("id18", _candidates("[1-8]", _any(17, f"[0-9Xx{TIMES}]")), _candidates("[1-8]", _ID18_STRICT)),
    ("id15", _candidates("[1-8]", _ID15_STRICT), _candidates("[1-8]", _ID15_STRICT)),
    (
        "passport",
        _candidates(
            "[EGDSPKM]",
            rf"(?:(?<=E)[A-HJ-NP-Z]?|(?<=[DSP])E?|(?<=M)A|(?<=[PS])\.|(?<=[GK])){SEPS}[0-9]"
            + _any(7).replace("{6}", "{5,6}"),
            letters=True,
        ),
        _candidates(
            "[EGDSPKM]",
            r"(?:(?<=E)[A-HJ-NP-Z]?|(?<=[DSP])E?|(?<=M)A|(?<=[GK]))[0-9]{7,8}",
            letters=True,
        ),
    ),
    ("mobile", _candidates("1", f"{SEPS}[3-9]" + _any(9)), _candidates("1", _MOBILE_STRICT)),
    (
        "mobile",
        _candidates("[+08]", _PREFIX + f"{SEPS}[3-9]" + _any(9)),
        _candidates("[+08]", rf"(?:(?<=\+)86|(?<=0)086|(?<=8)6)(?:{GAP})?1(?:{_MOBILE_STRICT})"),
    ),
    (
        "card",
        _candidates("[3-6]", _any(15) + f"(?:{SEPS}[0-9]){{0,3}}"),
        _candidates("[3-6]", _CARD_STRICT),
    ),
)
# any 1[3-9] segment: new segments are allocated every few years, and a made-up number is still
# read as a person's by the public
MOBILE_SEGMENT_RE = re.compile(r"1[3-9]\d{9}")
PASSPORT_SHAPE_RE = re.compile(
    r"E\d{8}|E[A-HJ-NP-Z]\d{7}|[DSP]E\d{7}|[GKS]\d{8}|MA\d{7}|[DPS]\d{7}"
)
ID18_RE = re.compile(r"([1-8]\d{5})((?:18|19|20)\d{2})(\d{2})(\d{2})(\d{3})([0-9X])")
ID15_RE = re.compile(r"([1-8]\d{5})(\d{2})(\d{2})(\d{2})(\d{3})")
EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-]+) ?(?:@|[\[\uff3b(（]at[\]\uff3d)）]) ?"
    r"([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
)
PASSPORT_LABEL_RE = re.compile(
    rf"(?:护照|[Pp]assport)(?:号码|号|编号|[Nn]o\.?|[Nn]umber)?[\s:：#\uff03*_\x1f(（\[\uff3b【]{{0,4}}"
    rf"([A-Za-z]{{0,2}}{SEPS}[0-9](?:{SEP}{{0,2}}[0-9A-Za-z]){{4,16}})(?![0-9A-Za-z])"
)

# --- context -------------------------------------------------------------------------------------

_GAP = r"(?:为|是)?[\s:：#\uff03*_\x1f(（\[\uff3b【]*"
# labels of a person's number (then any grouping counts, and 编号 does not excuse it)
PERSONAL_LABEL_RE = re.compile(
    r"(?:身份证|公民身份|身份号码|证件|手机|移动电话|电话|联系方式|联系号码|号码|[Tt]el|TEL|"
    r"卡号|账号|帐号|账户|帐户|银行卡|信用卡|借记卡|社保卡|护照|[Pp]assport)[^\n]{0,6}" + _GAP + "$"
)
ID_LABEL_RE = re.compile(r"身份|证件")
# labels of a number that is not a person's: an organisation's, a document's, a figure
NOT_PERSONAL_RE = re.compile(
    r"(?:信用代码|注册号|执照|索引号|登记号|登记编号|税号|代码|编码|编号|文号|案号|合同号|序列号|流水号|"
    r"订单号|单号|批号|批次号|备案号|标识码|凭证号|发票号码|许可证号|批准号|准字|档案号|型号|规格|"
    r"金额|合计|总计|小计|共计|累计|预算|资金|投资|产值|余额|价款|造价|总价|单价|收入|支出|"
    r"人民币|¥|￥|\$|RMB|CNY)" + _GAP + "$"
)
# a unit after a number makes it an amount or a count; units that begin ordinary words (人社局)
# count only right after the digits
UNIT_RE = re.compile(
    r"(?:[ \x1f]?(?:余|多)?(?:元|万元|亿元|千元|美元|港元|欧元|万|亿|%|\uff05|‰)"
    r"|(?:余|多)?(?:人次|人|户|次|件|个|份|册|本|篇|页|吨|公斤|千克|克|斤|升|公里|千米|米|平方|"
    r"立方|亩|公顷|㎡|m²|kg|km|kW|kWh|千瓦|兆瓦|度|台|辆|套|项|条|家|所|名|岁|股|张|头|只|盒|箱|床|"
    r"间|栋|幢|座|号(?!码)))"
)
# the holder of a labelled account named as an organisation: an office's account, not a person's
ORG_ACCOUNT_RE = re.compile(
    r"(?:户名|收款单位|开户单位|单位名称|收款人)[:：\s]*[^\s:：，,；;]{0,24}"
    r"(?:局|委员会|委|办公室|政府|中心|公司|学校|医院|院|所|站|队|社区|社|会|厂|银行|馆|处|部|办)"
)
LETTER_RE = re.compile(r"[A-Za-z]")
CARD_WORD_RE = re.compile(r"卡|账|帐|银行")
INDEX_CODE_RE = re.compile(r"/[0-9]{4}-")  # after the code part of a 索引号
# common single-character surnames and the compound ones: a name is one of them plus 1-2 Han
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐")
NAME_RE = re.compile(
    r"(?:^|[^\u4e00-\u9fff])((?:"
    + "|".join(COMPOUND_SURNAMES)
    + r"|["
    + SURNAMES
    + r"])[\u4e00-\u9fff]{1,2})"
    r"[\s,，:：、(（\x1f*_]*(?:身份证(?:号码?)?|公民身份号码|证件(?:号码?)?|手机(?:号码?)?|联系电话|电话|联系方式|号码)?"
    r"[\s,，:：、(（\x1f*_]*$"
)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
MAX_FINDINGS = 1000  # per text: a file with more is reported with its first 1,000

ID = "身份证号"
MOBILE = "手机号码"
CARD = "银行卡号"
PASSPORT = "护照号码"
EMAIL = "个人电子邮箱"


@dataclass(frozen=True, slots=True)
class Finding:
    """One item of personal information on one line; only `masked` and `written` may be shown."""

    kind: (
        str  # 身份证号, 手机号码, 银行卡号, 护照号码, 个人电子邮箱, 姓名与身份证号, 姓名与手机号码
    )
    value: str  # canonical (digits, X, upper-case letters; an e-mail in lower case); never printed
    line: int
    masked: str
    written: str = ""  # the number as written, masked, where it differs from `masked`


def mask(value: str) -> str:
    """`value` safe to print: an e-mail keeps its first character and domain, a number its first
    3 (1 when shorter than 11) and last 2 characters; 4 characters or fewer are all masked."""
    digits = value.strip()
    if "@" in digits:
        local, _, domain = digits.partition("@")
        return f"{local[:1]}***@{domain}"
    if len(digits) <= 4:
        return "*" * len(digits)
    keep = 3 if len(digits) >= 11 else 1
    return digits[:keep] + "*" * (len(digits) - keep - 2) + digits[-2:]


def canonical(value: str) -> str:
    """The form a finding's `value` has, for a number or address written any way (a declared
    exception, an official phone): e-mail addresses in lower case; numbers without separators,
    markup or a +86 prefix, in ASCII digits and upper-case letters."""
    text = fold_chars(fold(value.strip()).text)
    if "@" in text:
        return text.strip().lower()
    text = SEP_RUN_RE.sub("", text.translate(CHINESE_DIGITS)).replace(" ", "").upper()
    text = text.replace(TIMES, "X")
    for prefix in ("+86", "0086", "86"):
        rest = text.removeprefix(prefix)
        if rest != text and MOBILE_SEGMENT_RE.fullmatch(rest):
            return rest
    return text


def _valid_date(year: int, month: int, day: int) -> bool:
    try:
        born = dt.date(year, month, day)
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= born <= dt.date.today()


def id18_valid(number: str) -> bool:
    """GB 11643: region, birth date and the check character."""
    number = number.upper()
    m = ID18_RE.fullmatch(number)
    if not m or not _valid_date(int(m.group(2)), int(m.group(3)), int(m.group(4))):
        return False
    total = sum(int(c) * w for c, w in zip(number[:17], ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11] == number[17]


def id15_valid(number: str) -> bool:
    """A 15-digit ID number (no check character): region and a real birth date in 19yy."""
    m = ID15_RE.fullmatch(number)
    return bool(m) and _valid_date(1900 + int(m.group(2)), int(m.group(3)), int(m.group(4)))


def luhn_valid(digits: str) -> bool:
    """The Luhn checksum of a bank card number holds; `digits` must contain digits only."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


# --- judging one candidate ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    """What is around a candidate in its run: `before` and `after` on the same line, whether
    digits continue the run on either side (joined by connectors), and the labels before it."""

    before: str
    after: str
    joined_before: str  # the connectors between the candidate and digits before it ("" if none)
    joined_after: str
    personal_label: bool
    not_personal_label: bool


_JOINED_BEFORE_RE = re.compile(rf"[0-9]({GAP})$")
_JOINED_AFTER_RE = re.compile(rf"^({GAP})[0-9]")


def _context(seg: str, start: int, end: int) -> _Context:
    lo, hi = max(0, start - MARGIN_BEFORE), end + MARGIN_AFTER
    line_start = seg.rfind("\n", lo, start) + 1
    line_end = seg.find("\n", end, hi)
    before = seg[max(line_start, lo) : start][-24:]
    after = seg[end : hi if line_end < 0 else line_end][:8]
    near_after = seg[end:hi]
    jb = _JOINED_BEFORE_RE.search(before[-4:])
    ja = _JOINED_AFTER_RE.match(near_after[:4])
    return _Context(
        before,
        after,
        jb.group(1) if jb else "",
        ja.group(1) if ja else "",
        PERSONAL_LABEL_RE.search(before[-16:]) is not None,
        NOT_PERSONAL_RE.search(before[-16:]) is not None,
    )


def _thousands(sizes: list[int], seps: list[str]) -> bool:
    """Grouped like a figure in thousands (13 800 138 000, 1.380.013.800)."""
    return (
        len(sizes) >= 3
        and 1 <= sizes[0] <= 3
        and all(s == 3 for s in sizes[1:])
        and len(set(seps)) == 1
        and seps[0] in (" ", ".")
    )


def _uniform(sizes: list[int]) -> bool:
    """All groups of one size but a shorter last one (5002 2219 8001 0112 34, 1 3 8 0 …)."""
    return all(s == sizes[0] for s in sizes[:-1]) and sizes[-1] <= sizes[0]


TYPICAL = {
    MOBILE: {(11,), (3, 8), (3, 4, 4), (4, 3, 4), (4, 7), (7, 4)},
    ID: None,  # the check character makes any grouping safe enough (at most 6 groups)
    CARD: None,  # groups of four, the last one shorter (_uniform)
}


def _grouping_ok(kind: str, raw: str, ctx: _Context, line_has_text_before: bool) -> bool:
    """Whether the way `raw` is grouped is a way people write a `kind` number, given what is
    around it (see the module's docstring)."""
    seps = SEP_RUN_RE.findall(raw)
    if not seps:
        return True
    newlines = sum(s.count("\n") for s in seps)
    if newlines > 1 or (newlines and not (line_has_text_before or ctx.personal_label)):
        return False  # one figure a line is a table, not a wrapped number
    if ctx.personal_label:
        return True
    sizes = [len(g) for g in GROUPS_RE.findall(raw)]
    plain = [s.strip(" ") or " " for s in seps]
    if all(s == "." for s in plain) and len(plain) == 1:
        return False  # a decimal point
    if kind in (MOBILE, CARD) and _thousands(sizes, plain):
        return False
    whole = not ctx.joined_before and not ctx.joined_after
    if kind == MOBILE:
        core = sizes
        while core and sum(core) > 11:  # the +86 / 0086 group
            core = core[1:]
        if not whole:  # in a row of figures: grouped as phones are, and set apart from them
            outer = {s.strip(" ") or " " for s in (ctx.joined_before, ctx.joined_after) if s}
            return tuple(core) in TYPICAL[MOBILE] and not outer & set(plain)
        return len(sizes) <= 5 or _uniform(sizes)
    if kind == ID:
        return len(sizes) <= 6 or _uniform(sizes)
    if kind == CARD:
        return _uniform(sizes) or (whole and len(sizes) <= 5)
    return whole  # 15-digit IDs and passports: grouped only when alone


def _excluded(ctx: _Context, kind: str) -> bool:
    """A number that is not a person's by its context: a figure, a code, a document's number."""
    if ctx.joined_before.strip(" ") == "." or ctx.joined_after.strip(" ") == ".":
        return True  # a decimal part of a figure (13800138000.00, 0.13800138000)
    after = ctx.after
    if INDEX_CODE_RE.match(after) or LETTER_RE.match(after[:1]):
        return True  # a code: 索引号 <code>/<year>-<n>, letters and digits mixed
    if kind != PASSPORT and LETTER_RE.match(ctx.before[-1:]) and not ctx.personal_label:
        return True
    if UNIT_RE.match(after) and not (ctx.personal_label and after.lstrip(" ")[:1] == "号"):
        return True
    if ctx.not_personal_label:
        return not (kind == ID and ID_LABEL_RE.search(ctx.before[-12:]))
    return False


class _Scan:
    """The findings of one folded text, each number once, in the order found."""

    def __init__(
        self,
        folded: Folded,
        first_line: int,
        official_emails: frozenset[str],
        official_domains: tuple[str, ...],
        official_phones: frozenset[str],
    ) -> None:
        self.folded = folded
        self.first_line = first_line
        self.official_emails = official_emails
        self.official_domains = official_domains
        self.official_phones = official_phones
        self.findings: list[Finding] = []
        self.seen: set[tuple[str, str, int]] = set()
        self._newlines: list[int] | None = None
        self.amounts = amount_cells(folded.source)
        self._amount_starts = [a for a, _ in self.amounts]

    def in_amount_cell(self, start: int, end: int) -> bool:
        """Whether [start, end) lies in a table cell of figures (amount_cells)."""
        i = bisect.bisect_right(self._amount_starts, start) - 1
        return i >= 0 and self.amounts[i][0] <= start and end <= self.amounts[i][1]

    def line(self, pos: int) -> int:
        """The line (counted from `first_line`) of position `pos`."""
        if self._newlines is None:
            self._newlines = [m.start() for m in NEWLINE_RE.finditer(self.folded.source)]
        return self.first_line + bisect.bisect_left(self._newlines, pos)

    def written(self, start: int, end: int, value: str) -> str:
        """The original text of a finding, masked, when it differs from its canonical form."""
        raw = self.folded.source[start:end]
        raw = " ".join(raw.split())
        return "" if raw.lower() == value.lower() else mask(raw)

    def known(self, kind: str, value: str, start: int) -> bool:
        """Whether `value` was already found on the line of `start`."""
        return (kind, value, self.line(start)) in self.seen

    def add(self, kind: str, value: str, start: int, end: int, name: str | None = None) -> bool:
        """Record a finding (once a line); False once MAX_FINDINGS are recorded."""
        if len(self.findings) >= MAX_FINDINGS:
            return False
        line = self.line(start)
        key = (kind, value, line)
        if key in self.seen:
            return True
        self.seen.add(key)
        self.findings.append(
            Finding(kind, value, line, mask(value), self.written(start, end, value))
        )
        if name and kind in (ID, MOBILE):
            masked = name[0] + "*" * (len(name) - 1)
            self.findings.append(Finding(f"姓名与{kind}", name, line, masked))
        return len(self.findings) < MAX_FINDINGS


def _a_persons_card(digits: str, ctx: _Context, line_before: str) -> bool:
    """A UnionPay card number (issuer prefix 62), or a number named as a card or an account
    whose holder is not named as an organisation (户名：溪山区财政局 is an office's account)."""
    if digits.startswith("62"):
        return True
    labelled = ctx.personal_label and CARD_WORD_RE.search(ctx.before[-16:])
    return bool(labelled) and not ORG_ACCOUNT_RE.search(line_before)


def _line_before(seg: str, start: int) -> str:
    """The text of `seg` before `start` on its line (at most MARGIN_BEFORE characters)."""
    lo = max(0, start - MARGIN_BEFORE)
    return seg[seg.rfind("\n", lo, start) + 1 or lo : start]


def _digits(raw: str) -> str:
    """A candidate's characters without separators and padding: digits and letters."""
    return SEP_RUN_RE.sub("", raw).upper().replace(TIMES, "X")


def _scan_run(scan: _Scan, run: _Run) -> None:
    """Every candidate of `run` (see _Run)."""
    seg, run_start, run_end = run.seg, run.start, run.end
    taken: set[int] = set()
    lo = max(0, run_start - 3)  # a passport's letters, a + or 00 before the run's digits
    short = run_end - run_start <= SHORT_RUN
    digits_in_run = len(NOT_DIGIT_RE.sub("", seg[run_start:run_end]))
    for kind, loose, strict in CANDIDATES:
        if digits_in_run < MIN_DIGITS[kind]:
            continue
        for m in (loose if short else strict).finditer(seg, lo):
            start, end = m.start(), m.end(1)
            if start >= run_end:
                break
            if end > run_end + 4 or (taken and any(i in taken for i in range(start, end))):
                continue
            raw = seg[start:end]
            value = _value(kind, _digits(raw), scan)
            if value is None or scan.known(KINDS[kind], value, run.at(start)):
                continue
            ctx = _context(seg, start, end)
            if _excluded(ctx, KINDS[kind]):
                continue
            if scan.amounts and scan.in_amount_cell(run.at(start), run.at(end - 1) + 1):
                continue
            line_start = seg.rfind("\n", max(0, start - MARGIN_BEFORE), start) + 1
            text_before = seg[max(line_start, start - MARGIN_BEFORE) : start].strip(" \t\x1f")
            if not _grouping_ok(KINDS[kind], raw, ctx, bool(text_before)):
                continue
            if kind == "card" and not _a_persons_card(value, ctx, _line_before(seg, start)):
                continue
            name = None
            if kind in ("id18", "id15", "mobile"):
                named = NAME_RE.search(ctx.before[-16:])
                name = named.group(1) if named else None
            taken.update(range(start, end))
            if not scan.add(KINDS[kind], value, run.at(start), run.at(end - 1) + 1, name):
                return  # MAX_FINDINGS reached


MIN_DIGITS = {"id18": 17, "id15": 15, "passport": 7, "mobile": 11, "card": 16}
KINDS = {"id18": ID, "id15": ID, "passport": PASSPORT, "mobile": MOBILE, "card": CARD}


def _value(kind: str, digits: str, scan: _Scan) -> str | None:
    """The canonical value of a candidate of `kind` if it has that kind's structure."""
    if kind == "id18":
        return digits if id18_valid(digits) else None
    if kind == "id15":
        return digits if id15_valid(digits) else None
    if kind == "passport":
        return digits if PASSPORT_SHAPE_RE.fullmatch(digits) else None
    if kind == "mobile":
        core = digits[-11:]
        ok = MOBILE_SEGMENT_RE.fullmatch(core) and core not in scan.official_phones
        return core if ok else None
    if not luhn_valid(digits) or (len(digits) == 18 and ID18_RE.fullmatch(digits)):
        return None  # not a card; or shaped like an ID number with a wrong check digit: neither
    return digits


def _scan_label_passports(scan: _Scan, text: str, offset: int) -> None:
    for m in PASSPORT_LABEL_RE.finditer(text):
        value = _digits(m.group(1))
        if sum(c.isdigit() for c in value) >= 5:
            scan.add(PASSPORT, value, offset + m.start(1), offset + m.end(1))


def _scan_emails(scan: _Scan, text: str, offset: int) -> None:
    for m in EMAIL_RE.finditer(text):
        local, domain = m.group(1), m.group(2).lower()
        address = f"{local}@{domain}".lower()
        if address in scan.official_emails or _official_domain(domain, scan.official_domains):
            continue
        scan.add(EMAIL, address, offset + m.start(), offset + m.end())


def _official_domain(domain: str, official: tuple[str, ...]) -> bool:
    return (
        domain == "gov.cn"
        or domain.endswith(".gov.cn")
        or any(domain == d or domain.endswith("." + d) for d in official)
    )


MARGIN_BEFORE, MARGIN_AFTER = 64, 24  # context read around a run (labels before, units after)


@dataclass(frozen=True, slots=True)
class _Run:
    """A run of digits as the candidates are read in it: `seg` holds the run at `start:end` and
    some context on either side (labels, units, a passport's letters, an ID's X), without the
    padding of replaced markup; `base` is where `seg` starts in the folded text, `where` (when
    padding was taken out) the folded position of each character of `seg`."""

    seg: str
    start: int
    end: int
    base: int
    where: list[int] | None = None

    def at(self, i: int) -> int:
        """The position in the folded (and original) text of `seg[i]`."""
        return self.where[i] if self.where is not None else self.base + i


def _runs(text: str) -> Iterator[_Run]:
    """Each run of digits of `text`, folded with some context (FOLD). Chinese numerals in a run
    are read as digits and, where the run mixes them with ASCII digits, also as a boundary
    (第一13800138000)."""
    padded = FILL in text
    for m in (PADDED_RUN_RE if padded else RUN_RE).finditer(text):
        start, end = m.span()
        lo, hi = max(0, start - MARGIN_BEFORE), min(len(text), end + MARGIN_AFTER)
        folded = fold_chars(text[lo:hi])
        a, b = start - lo, end - lo
        run = folded[a:b]
        variants = [run]
        if CHINESE_RE.search(run):
            variants = [run.translate(CHINESE_DIGITS)]
            if ASCII_DIGIT_RE.search(run):
                variants.append(run.translate({ord(c): BOUNDARY for c in CHINESE_DIGIT_CHARS}))
        for variant in variants:
            seg = folded[:a] + variant + folded[b:]
            if not padded or FILL not in seg:
                yield _Run(seg, a, b, lo)
                continue
            where = [lo + i for i, c in enumerate(seg) if c != FILL]
            before = a - folded.count(FILL, 0, a)
            inside = len(variant) - variant.count(FILL)
            yield _Run(seg.replace(FILL, ""), before, before + inside, lo, where)


AT_RE = re.compile(r"[@\uff20]|[\[(\uff08\uff3b][aA\uff41][tT\uff54][\])\uff09\uff3d]")
PASSPORT_WORD_RE = re.compile(r"护照|[Pp]assport|PASSPORT")


def _windows(text: str, pattern: re.Pattern, before: int, after: int) -> Iterator[tuple[int, str]]:
    """(start, folded text) of the stretches of `text` around each match of `pattern`, merged
    where they overlap, so that each character is folded at most once."""
    lo = hi = -1
    for m in pattern.finditer(text):
        start, end = max(0, m.start() - before), min(len(text), m.end() + after)
        if start > hi:
            if hi > lo:
                yield lo, fold_chars(text[lo:hi])
            lo = start
        hi = max(hi, end)
    if hi > lo:
        yield lo, fold_chars(text[lo:hi])


# a table column of figures: its header names an amount or gives a unit (金额（元）, 预算（万元）)
# and names no personal number (联系电话, 身份证号, 银行卡号)
AMOUNT_HEADER_RE = re.compile(
    r"金额|预算|决算|资金|投资|支出|收入|合计|小计|总计|价款|造价|总价|单价|余额|产值|数额|拨付|"
    r"[（(]\s*(?:单位\s*[:：]?\s*)?(?:元|万元|亿元|千元)\s*[）)]"
)
PERSONAL_HEADER_RE = re.compile(r"电话|手机|身份|证件|卡号|账号|帐号|号码|联系|护照")
FIGURE_CELL_RE = re.compile(
    r"\s*[-\u2212]?[0-9\uff10-\uff19]+(?:[,，][0-9\uff10-\uff19]{3})*(?:[.\uff0e][0-9\uff10-\uff19]+)?\s*"
)
_DELIMITER_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _cell_spans(line: str, offset: int) -> list[tuple[int, int]]:
    """(start, end) of each cell of a table line (`|` or tab separated), in text positions."""
    sep = "\t" if "\t" in line and "|" not in line else "|"
    spans, pos = [], 0
    for cell in line.split(sep):
        spans.append((offset + pos, offset + pos + len(cell)))
        pos += len(cell) + 1
    if sep == "|":  # the outer pipes open and close the row: no cells of their own
        if line.strip().startswith("|"):
            spans = spans[1:]
        if line.strip().endswith("|"):
            spans = spans[:-1]
    return spans


def amount_cells(text: str) -> list[tuple[int, int]]:
    """The cells of `text`'s tables (Markdown, and the tab-separated rows of office readers)
    that hold only a figure in a column whose header names an amount: 金额（元） over 13800138000
    is a figure, not a mobile number. Sorted (start, end) positions."""
    if "|" not in text and "\t" not in text:
        return []
    out: list[tuple[int, int]] = []
    columns: set[int] | None = None  # the amount columns of the current table
    lines = text.split("\n")
    offset = 0
    for i, line in enumerate(lines):
        start = offset
        offset += len(line) + 1
        tabular = line.count("|") >= 2 or "\t" in line
        if not tabular:
            columns = None
            continue
        if _DELIMITER_RE.match(line):
            continue
        following = lines[i + 1] if i + 1 < len(lines) else ""
        spans = _cell_spans(line, start)
        if columns is None or _DELIMITER_RE.match(following):  # a header row
            cells = [text[a:b] for a, b in spans]
            columns = {
                n
                for n, cell in enumerate(cells)
                if AMOUNT_HEADER_RE.search(cell) and not PERSONAL_HEADER_RE.search(cell)
            }
            continue
        for n, (a, b) in enumerate(spans):
            if n in columns and FIGURE_CELL_RE.fullmatch(text[a:b]):
                out.append((a, b))
    return out


def scan_text(
    text: str,
    first_line: int = 1,
    *,
    official_emails: frozenset[str] = frozenset(),
    official_domains: tuple[str, ...] = (),
    official_phones: frozenset[str] = frozenset(),
) -> list[Finding]:
    """Personal information in `text`, whose first line is line `first_line` of its file.

    Each number is reported once a line, as the first kind it matches (ID, passport, mobile, bank
    card); an ID or mobile number right after a name also gives a 姓名与… finding. E-mail addresses
    in `official_emails` or under gov.cn or `official_domains` (all in lower case) and mobile
    numbers in `official_phones` (canonical) pass.
    """
    folded = fold(text)
    scan = _Scan(folded, first_line, official_emails, official_domains, official_phones)
    body = folded.text
    for run in _runs(body):
        _scan_run(scan, run)
        if len(scan.findings) >= MAX_FINDINGS:
            break
    for start, window in _windows(body, PASSPORT_WORD_RE, 0, 64):
        _scan_label_passports(scan, window, start)
    for start, window in _windows(body, AT_RE, 128, 320):
        _scan_emails(scan, window, start)
    for pos, inner in folded.hidden:  # attributes and comments, read on their own
        for finding in scan_text(
            inner,
            scan.line(pos),
            official_emails=official_emails,
            official_domains=official_domains,
            official_phones=official_phones,
        ):
            key = (finding.kind, finding.value, finding.line)
            if key not in scan.seen and len(scan.findings) < MAX_FINDINGS:
                scan.seen.add(key)
                scan.findings.append(finding)
    return scan.findings
