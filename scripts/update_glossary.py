"""Rewrite the generated parts of README.md and the editors' manual: the key tables from the
field tables (src/disclosure_portal/model/fields.py), between `<!-- fields:start -->` and
`<!-- fields:end -->`, and the manual's examples from the files `portal init` writes
(src/disclosure_portal/skeleton/content/), between `<!-- examples:start -->` and
`<!-- examples:end -->` (and the one whole file between `<!-- example-file:start -->` and
`<!-- example-file:end -->`). Run after changing a row or an example:
`python scripts/update_glossary.py`."""

from __future__ import annotations

from pathlib import Path

from disclosure_portal.model.fields import glossary_markdown

ROOT = Path(__file__).resolve().parent.parent
FILES = ("README.md", "docs/编辑手册.md", "src/disclosure_portal/skeleton/docs/编辑手册.md")
START, END = "<!-- fields:start -->\n", "<!-- fields:end -->"
SKELETON = ROOT / "src" / "disclosure_portal" / "skeleton"
# the manual's examples: (caption, file of the skeleton), in the manual's order
EXAMPLES = (
    ("通知公告（最常见）", "content/bgs/2026/tongzhi-gonggao.md"),
    ("政策文件（其他文件引用它，所以写明 `id`）", "content/bgs/2026/zhengce-wenjian.md"),
    (
        "政策解读（`interprets` 写被解读文件的 `id`，也可以写它的文号）",
        "content/bgs/2026/zhengce-jiedu.md",
    ),
    ("征求意见", "content/bgs/2026/zhengqiu-yijian.md"),
    ("年度报告（数据文件见第四节）", "content/bgs/2026/nianbao-2025.md"),
    ("工作动态", "content/bgs/2026/gongzuo-dongtai.md"),
    ("公开指南", "content/bgs/2026/gongkai-zhinan.md"),
    ("公开制度", "content/bgs/2026/gongkai-zhidu.md"),
    (
        "不予公开（网站上不出现；每年评估一次，记在 `reviews` 中）",
        "content/bgs/2026/internal/kaohe-neibu-baogao.md",
    ),
    ("全站页面（不属于任何机构）", "content/index.md"),
)
WHOLE_FILE = "content/bgs/2026/zhengce-wenjian.md"


def front_matter(text: str) -> str:
    """The front matter of a Markdown file, with its two `---` lines."""
    lines = text.split("\n")
    end = lines.index("---", 1)
    return "\n".join(lines[: end + 1])


def examples_markdown(skeleton: Path = SKELETON) -> str:
    """The manual's examples: the front matter of each example file `portal init` writes."""
    out = []
    for caption, rel in EXAMPLES:
        text = (skeleton / rel).read_text(encoding="utf-8")
        out += [f"{caption}，`{rel}`：", "", "```yaml", front_matter(text), "```", ""]
    return "\n".join(out)


def example_file_markdown(skeleton: Path = SKELETON) -> str:
    """One whole example file, front matter and body, as `portal init` writes it."""
    text = (skeleton / WHOLE_FILE).read_text(encoding="utf-8").rstrip("\n")
    return f"`{WHOLE_FILE}`：\n\n```markdown\n{text}\n```\n"


def _replace(text: str, start: str, end: str, block: str) -> str:
    if start not in text or end not in text:
        return text
    head, rest = text.split(start, 1)
    return head + start + block + end + rest.split(end, 1)[1]


def main() -> None:
    """Replace the blocks in each file that has the markers."""
    for name in FILES:
        path = ROOT / name
        text = path.read_text(encoding="utf-8")
        new = _replace(text, START, END, glossary_markdown())
        new = _replace(
            new, "<!-- examples:start -->\n", "<!-- examples:end -->", examples_markdown()
        )
        new = _replace(
            new,
            "<!-- example-file:start -->\n",
            "<!-- example-file:end -->",
            example_file_markdown(),
        )
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"updated {name}")


if __name__ == "__main__":
    main()
