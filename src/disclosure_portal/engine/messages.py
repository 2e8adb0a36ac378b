"""The engine's messages in Chinese: what MkDocs or ProperDocs prints while building or serving
(its INFO lines, its known warnings, the level names, its abort messages) is translated, and any
other engine message passes through behind a Chinese prefix, so that nothing an editor reads
from `portal build`, `portal serve`, `mkdocs build` or `properdocs serve` is English boilerplate.

`install()` is called when the hook module is imported, i.e. while the engine reads mkdocs.yml:
every message logged after that is formatted here. What the engine prints before it reads the
hooks (material's end-of-life banner, which `portal build` and ProperDocs never show; ProperDocs'
advice to rename mkdocs.yml, which `-f mkdocs.yml` avoids) cannot be reached from a hook."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from mkdocs.exceptions import Abort  # under ProperDocs: properdocs.exceptions

LEVELS = {
    "DEBUG": "调试",
    "INFO": "信息",
    "WARNING": "警告",
    "ERROR": "错误",
    "CRITICAL": "严重错误",
}
# the stream handlers MkDocs and ProperDocs put on their top loggers
HANDLERS = {"mkdocs": "MkDocsStreamHandler", "properdocs": "ProperDocsStreamHandler"}
UNKNOWN = "构建引擎提示（英文原文）："
HAN = re.compile(r"[\u3400-\u9fff]")

_Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]


def _rule(pattern: str, make: Callable[[re.Match[str]], str]) -> _Rule:
    return re.compile(pattern, re.DOTALL), make


def _counts(text: str) -> str:
    """MkDocs' "2 warnings, 1 errors" in Chinese."""
    names = {"warning": "个警告", "error": "个错误"}
    parts = re.findall(r"(\d+) (warning|error)s?", text)
    return "，".join(f"{n} {names[kind]}" for n, kind in parts) or text


RULES: tuple[_Rule, ...] = (
    _rule(r"Cleaning site directory$", lambda m: "清空输出目录"),
    _rule(
        r"Building documentation to directory: (?P<dir>.*)$",
        lambda m: f"开始生成网站，输出到 {m['dir']}",
    ),
    _rule(r"Building documentation\.\.\.$", lambda m: "正在生成网站……"),
    _rule(
        r"Documentation built in (?P<s>[\d.]+) seconds$",
        lambda m: f"网站生成完毕，用时 {m['s']} 秒",
    ),
    _rule(
        r"The directory contains stale files\. Use --clean to remove them\.$",
        lambda m: "输出目录里有上次留下的旧文件（加 --clean 可以清除）",
    ),
    _rule(
        r"A 'dirty' build is being performed.*$",
        lambda m: "正在做增量构建（--dirty）：导航和页面间的链接可能不准确，只适合预览",
    ),
    _rule(
        r"Serving on (?P<url>\S+) and opening it in a browser$", lambda m: f"预览地址 {m['url']}"
    ),
    _rule(r"Serving on (?P<url>\S+)$", lambda m: f"预览地址 {m['url']}（按 Ctrl+C 停止）"),
    _rule(
        r"Watching paths for changes: (?P<paths>.*)$",
        lambda m: f"监视这些位置的改动：{m['paths']}",
    ),
    _rule(r"Detected file changes$", lambda m: "发现文件有改动，重新生成"),
    _rule(r"Reloading browsers$", lambda m: "刷新浏览器中的页面"),
    _rule(r"Browser connected: (?P<url>\S+)$", lambda m: f"浏览器已连接：{m['url']}"),
    _rule(r"Shutting down\.\.\.$", lambda m: "正在停止预览……"),
    _rule(
        r"The following pages are being built only for the preview.*?:\n(?P<list>.*)$",
        lambda m: f"以下页面只在预览中生成，不会出现在正式网站上：\n{m['list']}",
    ),
    _rule(
        r"Doc file '(?P<doc>[^']*)' contains a link '(?P<link>[^']*)', but the target "
        r"'(?P<target>[^']*)' is not found among documentation files\.(?P<rest>.*)$",
        lambda m: f"{m['doc']} 中的链接“{m['link']}”指向的 {m['target']} 不在网站的文件中",
    ),
    _rule(
        r"Doc file '(?P<doc>[^']*)' contains a link to '(?P<target>[^']*)' which is "
        r"excluded from the built site\.$",
        lambda m: f"{m['doc']} 链接到不在网站中的 {m['target']}",
    ),
    _rule(
        r"Doc file '(?P<doc>[^']*)' contains an? (?:absolute|unrecognized relative) link "
        r"'(?P<link>[^']*)', it was left as is\.(?P<rest>.*)$",
        lambda m: f"{m['doc']} 中的链接“{m['link']}”无法识别，保持原样",
    ),
    _rule(
        r"A reference to '(?P<ref>[^']*)' is included in the 'nav' configuration, which is "
        r"not found in the documentation files\.?$",
        lambda m: f"mkdocs.yml 的 nav 列出的 {m['ref']} 不在内容目录中",
    ),
    _rule(
        r"Excluding '(?P<a>[^']*)' from the site because it conflicts with '(?P<b>[^']*)'\.$",
        lambda m: f"{m['a']} 与 {m['b']} 的网址相同，{m['a']} 未生成",
    ),
    _rule(
        r"Error reading page '(?P<page>[^']*)':\s*(?P<why>.*)$",
        lambda m: f"读取页面 {m['page']} 出错" + (f"：{m['why']}" if m["why"] else ""),
    ),
    _rule(
        r"Error building page '(?P<page>[^']*)':\s*(?P<why>.*)$",
        lambda m: f"生成页面 {m['page']} 出错" + (f"：{m['why']}" if m["why"] else ""),
    ),
    _rule(
        r"Config value '(?P<key>[^']*)': (?P<why>.*)$",
        lambda m: f"mkdocs.yml 的设置 {m['key']} 有问题（构建引擎原文：{m['why']}）",
    ),
    _rule(
        r"Template skipped: '(?P<t>[^']*)'.*$",
        lambda m: f"模板 {m['t']} 未生成",
    ),
    _rule(
        r"Aborted with (?P<n>.*) in (?:'strict'|strict) mode!$",
        lambda m: f"严格模式（--strict）：有 {_counts(m['n'])}，构建已中止",
    ),
    _rule(r"Aborted with a BuildError!$", lambda m: "构建出错，已中止"),
    _rule(r"Aborted with a configuration error!$", lambda m: "mkdocs.yml 有错误，构建已中止"),
)


def translate(message: str) -> str:
    """The engine's `message` in Chinese: a known one translated, one of ours (Chinese already)
    as it is, any other behind the UNKNOWN prefix."""
    text = message.strip("\n")
    stamp = re.match(r"\[\d\d:\d\d:\d\d\] ", text)  # `serve` puts the time first
    prefix, body = (stamp[0], text[stamp.end() :]) if stamp else ("", text)
    for pattern, make in RULES:
        if match := pattern.match(body):
            return prefix + make(match)
    if not body or HAN.search(body) or not re.search(r"[A-Za-z]{2}", body):
        return text
    return f"{prefix}{UNKNOWN}{body}"


class ChineseFormatter(logging.Formatter):
    """`级别：消息` with the message translated; tracebacks as the standard formatter gives them."""

    def format(self, record: logging.LogRecord) -> str:
        copy = logging.makeLogRecord(record.__dict__)  # other handlers see the record unchanged
        copy.msg, copy.args = translate(record.getMessage()), None
        level = LEVELS.get(record.levelname, record.levelname)
        return f"{level}：{super().format(copy)}"


def _translated_show(original: Callable[..., None]) -> Callable[..., None]:
    def show(self: Exception, *args: object, **kwargs: object) -> None:
        message = getattr(self, "message", None)
        if isinstance(message, str):
            self.message = translate(message)  # type: ignore[attr-defined]
        original(self, *args, **kwargs)

    show.portal_translated = True  # type: ignore[attr-defined]
    return show


def install() -> None:
    """Format the engine's log in Chinese (its stream handler only: counting handlers and
    others are left alone) and translate its abort messages. Safe to call more than once."""
    for logger_name, handler_name in HANDLERS.items():
        for handler in logging.getLogger(logger_name).handlers:
            if handler.get_name() == handler_name and not isinstance(
                handler.formatter, ChineseFormatter
            ):
                handler.setFormatter(ChineseFormatter())
    if not getattr(Abort.show, "portal_translated", False):
        Abort.show = _translated_show(Abort.show)  # type: ignore[method-assign]


class _NotDirty(logging.Filter):
    """Drops the engine's warning about --dirty builds (the hook's own use of --dirty renders
    every page a clean build renders; engine/mkdocs_hook.py)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("A 'dirty' build is being performed")


def without_dirty_warning() -> None:
    """Leave out the engine's warning about --dirty builds from here on."""
    for name in ("mkdocs.commands.build", "properdocs.commands.build"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _NotDirty) for f in logger.filters):
            logger.addFilter(_NotDirty())
