"""Rewrite the key tables in README.md and the editors' manual from the field tables
(src/disclosure_portal/model/fields.py), between `<!-- fields:start -->` and `<!-- fields:end -->`.
Run after adding or changing a row: `python scripts/update_glossary.py`."""

from __future__ import annotations

from pathlib import Path

from disclosure_portal.model.fields import glossary_markdown

ROOT = Path(__file__).resolve().parent.parent
FILES = ("README.md", "docs/编辑手册.md", "src/disclosure_portal/skeleton/docs/编辑手册.md")
START, END = "<!-- fields:start -->\n", "<!-- fields:end -->"


def main() -> None:
    """Replace the block in each file that has the markers."""
    block = glossary_markdown()
    for name in FILES:
        path = ROOT / name
        text = path.read_text(encoding="utf-8")
        if START in text and END in text:
            head, rest = text.split(START, 1)
            path.write_text(head + START + block + END + rest.split(END, 1)[1], encoding="utf-8")
            print(f"updated {name}")


if __name__ == "__main__":
    main()
