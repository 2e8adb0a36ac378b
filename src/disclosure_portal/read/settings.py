"""Portal settings: the schema of `extra.portal` in mkdocs.yml, read once, without MkDocs.

Every key the portal reads is a row of SETTINGS (type, default, meaning). `portal validate`,
the build (through the hook) and `portal audit` all read mkdocs.yml through `settings_from_mapping`,
so a bad value is reported the same way everywhere: an error on `mkdocs.yml:extra.portal.<key>`;
an unknown key is a warning with a "您是否想写" hint. Nothing here raises on bad input.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import mergedeep
import yaml
from yaml_env_tag import construct_env_tag

from disclosure_portal.model.vocab import TYPES
from disclosure_portal.read.textyaml import refusal, yaml_error_message

CONFIG_FILE = "mkdocs.yml"
PREFIX = "extra.portal"

# kinds of setting value
INT = "int"
STR = "str"
STR_LIST = "list"
CHOICE = "choice"
URL = "url"  # an https:// address
BOOL = "bool"  # true or false
IMAGE = "image"  # an image: a path under the docs folder, or an https:// address


@dataclass(frozen=True, slots=True)
class Setting:
    """One key of `extra.portal` (dotted below it, e.g. `interpretation.missing`)."""

    key: str
    kind: str
    default: Any
    meaning: str  # for the README and the editors' manual
    minimum: int = 0  # INT: the smallest value accepted
    maximum: int | None = None  # INT: the largest value accepted (None: no limit)
    choices: tuple[str, ...] = ()  # CHOICE: the accepted values


SETTINGS: tuple[Setting, ...] = (
    Setting("page_size", INT, 20, "列表每页显示的条数", minimum=1),
    Setting("types", STR_LIST, [], "在 SPEC 的九个信息类别之外增加的信息类别"),
    Setting("catalogs_dir", STR, "catalogs", "目录与机构清单所在的目录（相对于 mkdocs.yml）"),
    Setting("footer.sponsor", STR, "", "页脚：主办单位"),
    Setting("footer.organizer", STR, "", "页脚：承办单位"),
    Setting("footer.contact", STR, "", "页脚：联系方式"),
    Setting(
        "site_code", STR, "", "网站标识码：页面标签 SiteIDCode、页脚和政府网站工作年度报表显示"
    ),
    # the spelling of 0.1.0, still read (a warning names the new one; `portal upgrade` too)
    Setting("footer.site_code", STR, "", "网站标识码的旧写法，请改为 site_code"),
    Setting("footer.icp", STR, "", "页脚：ICP 备案号"),
    Setting("footer.police", STR, "", "页脚：公安机关备案号"),
    Setting("footer.police_url", URL, "", "页脚：公安机关备案号链接的地址（https://）"),
    Setting("footer.dzjg_url", URL, "", "页脚：党政机关网站标识链接的地址（https://）"),
    Setting(
        "footer.dzjg_image",
        IMAGE,
        "",
        "页脚：党政机关网站标识的图片（编办核发，由本单位提供）：content/ 下的路径或 https:// 网址",
    ),
    Setting(
        "footer.police_image",
        IMAGE,
        "",
        "页脚：公安机关备案标识的图片（由本单位提供）：content/ 下的路径或 https:// 网址",
    ),
    Setting("footer.report_url", URL, "", "页脚：“我为政府网站找错”链接的地址（https://）"),
    Setting(
        "official_contacts.emails",
        STR_LIST,
        [],
        "政府机关的公务邮箱（不算个人信息，也是 mailto 链接唯一允许的目标）",
    ),
    Setting(
        "official_contacts.domains", STR_LIST, [], "公务邮箱的域名（gov.cn 下的地址总是公务邮箱）"
    ),
    Setting(
        "official_contacts.phones",
        STR_LIST,
        [],
        "本单位对外公布的工作手机号码（不算个人信息，任何页面都可以出现）",
    ),
    Setting("http_allowed", STR_LIST, [], "允许使用 http:// 外部链接的主机（其余必须用 https://）"),
    Setting(
        "interpretation.missing",
        CHOICE,
        "error",
        "主动公开的政策文件没有主动公开的政策解读（退文）时：error 报错，warning 只警告",
        choices=("error", "warning"),
    ),
    Setting(
        "interpretation.deadline_workdays",
        INT,
        3,
        "政策解读晚于政策文件超过这么多个工作日时警告（国办发〔2016〕19号）",
        minimum=0,
    ),
    Setting(
        "audit.backdate_margin_days",
        INT,
        3,
        "portal audit：发布日期与 git 记录相差超过这么多天时列为倒填日期",
        minimum=0,
    ),
    Setting(
        "newmedia.dormant_days",
        INT,
        14,
        "portal audit newmedia：正常状态的账号最近更新早于检查日期超过这么多天时列为睡眠账号"
        "（检查指标：监测时间点前2周内无更新；可以收紧，不能放宽）",
        minimum=1,
        maximum=14,
    ),
    # the editors' app (`portal cms`, SPEC: The editors' app)
    Setting(
        "cms.backend",
        CHOICE,
        "gitlab",
        "编辑应用连接的 git 平台：gitlab（默认）、gitea 或 github",
        choices=("gitlab", "gitea", "github"),
    ),
    Setting("cms.repo", STR, "", "编辑应用使用的仓库，如 zwgk/xxgk（GitLab 的“组/项目”）"),
    Setting("cms.branch", STR, "main", "编辑应用提交到的分支（默认 main）"),
    Setting(
        "cms.base_url",
        URL,
        "",
        "git 平台的网址（https://），如本区自建 GitLab 的 https://git.example.gov.cn",
    ),
    Setting("cms.api_root", URL, "", "git 平台 API 的网址（默认按 base_url 推算）"),
    Setting(
        "cms.app_id",
        STR,
        "",
        "在 git 平台登记的 OAuth 应用的 Application ID（GitLab 用 PKCE 登录）",
    ),
    Setting(
        "cms.publish",
        BOOL,
        False,
        "true 时编辑应用也随网站发布在 admin/（应用中不含任何文件内容，登录后才从仓库读取）",
    ),
    Setting(
        "signing.key",
        STR,
        "",
        "签名私钥（OpenSSH 格式，无口令）文件的路径，必须在仓库之外；portal build 用它签署 "
        "manifest.json（环境变量 PORTAL_SIGNING_KEY 优先）",
    ),
)
SCHEMA = {s.key: s for s in SETTINGS}
NO_SITE_URL = (
    "没有填写网站的正式网址 site_url（如 https://xxgk.example.gov.cn/）：站点地图 sitemap.xml、"
    "订阅源和规范链接都需要它，网站放在子目录下时 404 页面的链接也靠它"
)
GROUPS = frozenset(s.key.split(".", 1)[0] for s in SETTINGS if "." in s.key)


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml with the tags MkDocs reads (`!ENV`, `!relative`: see mkdocs/utils/yaml.py),
    so that every command sees the folders MkDocs builds from; other tags (!!python/name …) are
    kept as None."""


@dataclass(frozen=True, slots=True)
class _Relative:
    """A `!relative` value, resolved once the file is read: `$config_dir/…`, `$docs_dir/…`, or
    (no value) the folder of the page being rendered."""

    base: str
    suffix: str


# `!relative` without a value: the folder of the Markdown page being rendered (inside content/)
PAGE_FOLDER = "!relative"
MAX_INHERIT = 8  # INHERIT chains longer than this are a loop, or nobody's intent


def _construct_relative(loader: yaml.SafeLoader, node: yaml.Node) -> _Relative | None:
    value = loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None
    if not isinstance(value, str):
        return None
    prefix, _, suffix = value.partition("/")
    if prefix in ("$config_dir", "$docs_dir"):
        return _Relative(prefix, suffix)
    return _Relative("", "") if not value else None


_TolerantLoader.add_constructor("!ENV", construct_env_tag)
_TolerantLoader.add_constructor("!relative", _construct_relative)
_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class SettingProblem:
    """A problem of mkdocs.yml: `key` is the full dotted path (extra.portal.page_size)."""

    key: str
    message: str
    is_error: bool = True


@dataclass(frozen=True)
class Settings:
    """The project's folders and every `extra.portal` value, validated and defaulted."""

    root: Path
    docs_dir: Path
    site_dir: Path
    catalogs_dir: Path
    extra_types: tuple[str, ...] = ()
    page_size: int = 20
    footer: dict[str, str] = field(default_factory=dict)
    official_emails: frozenset[str] = frozenset()
    official_domains: tuple[str, ...] = ()
    official_phones: tuple[str, ...] = ()  # as written; rules/safety.py reads them as numbers
    http_allowed: tuple[str, ...] = ()
    interpretation_missing_is_error: bool = True
    interpretation_deadline_workdays: int = 3
    backdate_margin_days: int = 3
    newmedia_dormant_days: int = 14  # 政务新媒体: days without a post before an account is 睡眠
    cms: dict[str, Any] = field(default_factory=dict)  # extra.portal.cms.<key>, defaults filled
    signing_key: str = ""  # the private key that signs manifest.json, outside the repository
    problems: tuple[SettingProblem, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict)  # the whole mkdocs.yml, as read

    @property
    def types(self) -> tuple[str, ...]:
        """SPEC's document types, then the configured extra ones."""
        return TYPES + tuple(t for t in self.extra_types if t not in TYPES)


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "一个映射"
    if isinstance(value, list):
        return "一个列表"
    return f"“{value}”"


def _int_range(setting: Setting) -> str:
    """The whole numbers an INT setting accepts, in words."""
    if setting.maximum is not None:
        return f" {setting.minimum} 到 {setting.maximum} 的整数"
    return f"不小于 {setting.minimum} 的整数"


def _check(setting: Setting, value: Any, problems: list[SettingProblem]) -> Any:
    """The value of one setting, or its default after recording why `value` is not accepted."""
    key = f"{PREFIX}.{setting.key}"
    if value is None:
        return setting.default
    if setting.kind == INT:
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or value < setting.minimum
            or (setting.maximum is not None and value > setting.maximum)
        ):
            problems.append(
                SettingProblem(key, f"应为{_int_range(setting)}，实际为{_describe(value)}")
            )
            return setting.default
        return value
    if setting.kind == STR:
        if isinstance(value, (dict, list, bool)):
            problems.append(SettingProblem(key, f"应为一段文本，实际为{_describe(value)}"))
            return setting.default
        return str(value)
    if setting.kind == URL:
        if not isinstance(value, str) or not value.startswith("https://") or value.strip() != value:
            problems.append(
                SettingProblem(key, f"应为以 https:// 开头的网址，实际为{_describe(value)}")
            )
            return setting.default
        return value
    if setting.kind == BOOL:
        if not isinstance(value, bool):
            problems.append(SettingProblem(key, f"应为 true 或 false，实际为{_describe(value)}"))
            return setting.default
        return value
    if setting.kind == IMAGE:
        if (
            not isinstance(value, str)
            or not value.strip()
            or value.strip() != value
            or ("://" in value and not value.startswith("https://"))
            or value.startswith(("//", "data:", "javascript:"))
        ):
            problems.append(
                SettingProblem(
                    key, f"应为图片文件的路径或以 https:// 开头的网址，实际为{_describe(value)}"
                )
            )
            return setting.default
        return value
    if setting.kind == CHOICE:
        if not isinstance(value, str) or value not in setting.choices:
            problems.append(
                SettingProblem(
                    key, f"应为 {' 或 '.join(setting.choices)}，实际为{_describe(value)}"
                )
            )
            return setting.default
        return value
    if setting.kind == STR_LIST:
        if not isinstance(value, list):
            problems.append(
                SettingProblem(key, f"应为列表（每行以“- ”开头），实际为{_describe(value)}")
            )
            return setting.default
        good = []
        for i, item in enumerate(value):
            if isinstance(item, (dict, list, bool)) or item is None or not str(item).strip():
                problems.append(
                    SettingProblem(
                        f"{key}[{i}]", f"第 {i + 1} 项应为非空文本，实际为{_describe(item)}"
                    )
                )
                continue
            good.append(str(item).strip())
        return good
    raise ValueError(f"unknown setting kind {setting.kind!r}")  # pragma: no cover


def _unknown(key: str, known: list[str], problems: list[SettingProblem]) -> None:
    leaf = key.rsplit(".", 1)[-1]
    hint = difflib.get_close_matches(leaf, known, n=1)
    suggestion = f"，您是否想写“{hint[0]}”？" if hint else ""
    problems.append(
        SettingProblem(f"{PREFIX}.{key}", f"未知的设置项“{leaf}”{suggestion}", is_error=False)
    )


def read_portal_settings(portal: Any) -> tuple[dict[str, Any], list[SettingProblem]]:
    """Every setting of SETTINGS (dotted key -> value, defaults filled in) from the raw
    `extra.portal` mapping, and the problems found in it."""
    problems: list[SettingProblem] = []
    values = {s.key: s.default for s in SETTINGS}
    if portal is None:
        return values, problems
    if not isinstance(portal, dict):
        problems.append(SettingProblem(PREFIX, f"应为映射（键: 值），实际为{_describe(portal)}"))
        return values, problems
    top = sorted({k.split(".", 1)[0] for k in SCHEMA})
    for key, value in portal.items():
        key = str(key)
        if key in SCHEMA:
            values[key] = _check(SCHEMA[key], value, problems)
        elif key in GROUPS:
            if value is None:
                continue
            if not isinstance(value, dict):
                problems.append(
                    SettingProblem(
                        f"{PREFIX}.{key}", f"应为映射（键: 值），实际为{_describe(value)}"
                    )
                )
                continue
            known = sorted(k.split(".", 1)[1] for k in SCHEMA if k.startswith(f"{key}."))
            for sub, sub_value in value.items():
                dotted = f"{key}.{sub}"
                if dotted in SCHEMA:
                    values[dotted] = _check(SCHEMA[dotted], sub_value, problems)
                else:
                    _unknown(dotted, known, problems)
        else:
            _unknown(key, top, problems)
    return values, problems


def _site_code(values: dict[str, Any], footer: dict[str, str], problems: list[SettingProblem]):
    """The 网站标识码 is `extra.portal.site_code` (SPEC); 0.1.0 wrote it under `footer`. The
    templates read it with the footer's values."""
    new, old = values["site_code"], footer.get("site_code", "")
    if old and new and old != new:
        problems.append(
            SettingProblem(
                f"{PREFIX}.footer.site_code",
                f"与 {PREFIX}.site_code（“{new}”）不一致：网站标识码只写一处，请删除 footer.site_code",
            )
        )
    elif old:
        problems.append(
            SettingProblem(
                f"{PREFIX}.footer.site_code",
                f"网站标识码现在写作 {PREFIX}.site_code，请在 mkdocs.yml 中改写（本次仍按“{old}”生成）",
                is_error=False,
            )
        )
    if new:
        footer["site_code"] = new


def settings_from_mapping(root: Path, config: dict[str, Any]) -> Settings:
    """Settings from a parsed mkdocs.yml (or MkDocs' own config values): docs_dir, site_dir
    and `extra.portal`. Bad values are kept in `Settings.problems`, never raised."""
    extra = config.get("extra") or {}
    portal = extra.get("portal") if isinstance(extra, dict) else None
    values, problems = read_portal_settings(portal)
    docs_dir = _folder(root, config.get("docs_dir"), "docs", "docs_dir", problems)
    site_dir = _folder(root, config.get("site_dir"), "site", "site_dir", problems)
    catalogs_dir = _folder(
        root, values["catalogs_dir"], "catalogs", f"{PREFIX}.catalogs_dir", problems
    )
    footer = {k.split(".", 1)[1]: v for k, v in values.items() if k.startswith("footer.") and v}
    _site_code(values, footer, problems)
    if config and not config.get("site_url"):
        problems.append(SettingProblem("site_url", NO_SITE_URL, is_error=False))
    contacts_domains = tuple(d.lower() for d in values["official_contacts.domains"])
    return Settings(
        root=root,
        docs_dir=docs_dir,
        site_dir=site_dir,
        catalogs_dir=catalogs_dir,
        extra_types=tuple(values["types"]),
        page_size=values["page_size"],
        footer=footer,
        official_emails=frozenset(e.lower() for e in values["official_contacts.emails"]),
        official_domains=contacts_domains,
        official_phones=tuple(values["official_contacts.phones"]),
        http_allowed=tuple(h.lower() for h in values["http_allowed"]),
        interpretation_missing_is_error=values["interpretation.missing"] == "error",
        interpretation_deadline_workdays=values["interpretation.deadline_workdays"],
        backdate_margin_days=values["audit.backdate_margin_days"],
        newmedia_dormant_days=values["newmedia.dormant_days"],
        cms={k.split(".", 1)[1]: v for k, v in values.items() if k.startswith("cms.")},
        signing_key=values["signing.key"],
        problems=tuple(problems),
        raw=config,
    )


def _folder(root: Path, value: Any, default: str, key: str, problems: list) -> Path:
    """The folder `value` names (relative to `root`), or `default` after recording why a value
    that cannot be a folder's name (a mapping, a list, a control character) is not accepted."""
    text = default if value is None or value == "" else value
    if isinstance(text, (dict, list)) or any(ord(c) < 32 for c in str(text)):
        shown = _describe(text) if isinstance(text, (dict, list)) else "含有控制字符的文本"
        problems.append(SettingProblem(key, f"应为一个目录的路径，实际为{shown}"))
        text = default
    try:
        return (root / str(text)).resolve()
    except (OSError, ValueError, RuntimeError) as exc:  # too long a name, a symbolic-link loop
        problems.append(SettingProblem(key, f"目录“{text}”无法解析：{exc}"))
        return (root / default).resolve()


def load_settings(root: Path, config_file: str = CONFIG_FILE) -> Settings:
    """Read `root/config_file` (mkdocs.yml) as MkDocs reads it: `!ENV` and `!relative` values,
    and the file it names in `INHERIT` merged under it. A file that does not parse as YAML is
    reported as a problem of the file, with its line, instead of raising."""
    config, problem = _read_config(root / config_file, config_file)
    if problem is not None:
        return _unreadable(root, problem)
    if not isinstance(config, dict):
        settings = settings_from_mapping(root.resolve(), {})
        return _with_problems(settings, (SettingProblem("yaml", "mkdocs.yml 应为“键: 值”的映射"),))
    return settings_from_mapping(root.resolve(), _resolve_relative(config, root.resolve()))


def _read_config(path: Path, shown: str, depth: int = 0) -> tuple[Any, SettingProblem | None]:
    """The parsed configuration file at `path` with its INHERIT parents merged under it (as
    MkDocs merges them), or the problem that kept it from being read."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return None, SettingProblem("file", f"{shown} 不是 UTF-8 编码，请另存为 UTF-8")
    except OSError as exc:
        why = exc.strerror or type(exc).__name__
        return None, SettingProblem("file", f"无法读取 {shown}：{why}")
    where = "" if depth == 0 else f"（{shown}）"
    try:
        # the whole file is judged on the parser's events first: too deep a nesting would make
        # the (recursive) Python loader fail; anchors are MkDocs' business and stay allowed
        refused = refusal(text, anchors=True)
        if refused is not None:
            message, line = refused
            return None, SettingProblem("yaml", f"{message}{where}（第 {line} 行）")
        config = yaml.load(text, Loader=_TolerantLoader) or {}
    except yaml.YAMLError as exc:
        message, line = yaml_error_message(exc)
        at = f"（第 {line} 行）" if line else ""
        return None, SettingProblem("yaml", f"{message}{where}{at}")
    except (ValueError, TypeError, OverflowError, RecursionError, UnicodeError) as exc:
        # a value the loader cannot construct: `!!int x`, an impossible date such as 2024-13-45
        return None, SettingProblem("yaml", f"YAML 的值无法读取{where}：{exc}")
    if not isinstance(config, dict) or "INHERIT" not in config:
        return config, None
    parent_name = config.pop("INHERIT")
    if not isinstance(parent_name, str) or not parent_name.strip():
        return None, SettingProblem("INHERIT", "INHERIT 应为另一个配置文件的路径")
    if depth >= MAX_INHERIT:
        return None, SettingProblem(
            "INHERIT", f"INHERIT 连续继承超过 {MAX_INHERIT} 层（可能形成循环），请检查"
        )
    parent_path = path.parent / parent_name
    if not parent_path.is_file():
        return None, SettingProblem("INHERIT", f"INHERIT 指定的配置文件“{parent_name}”不存在")
    parent, problem = _read_config(parent_path, parent_name, depth + 1)
    if problem is not None:
        return None, problem
    if not isinstance(parent, dict):
        return None, SettingProblem("INHERIT", f"INHERIT 指定的“{parent_name}”应为“键: 值”的映射")
    return mergedeep.merge(parent, config), None  # as mkdocs.utils.yaml.yaml_load merges


def _resolve_relative(config: dict[str, Any], root: Path) -> dict[str, Any]:
    """`config` with every `!relative` value replaced by the path MkDocs gives it: the folder
    of mkdocs.yml or the docs folder with the suffix, or PAGE_FOLDER (the page's own folder)."""
    docs = config.get("docs_dir")
    if isinstance(docs, _Relative):
        docs = str(root / docs.suffix) if docs.base == "$config_dir" else None
        config["docs_dir"] = docs
    docs_dir = root / str(docs or "docs")

    def resolve(value: Any) -> Any:
        if isinstance(value, _Relative):
            if not value.base:
                return PAGE_FOLDER
            return str((root if value.base == "$config_dir" else docs_dir) / value.suffix)
        if isinstance(value, dict):
            return {k: resolve(v) for k, v in value.items()}
        if isinstance(value, list):
            return [resolve(v) for v in value]
        return value

    return resolve(config)


def _unreadable(root: Path, problem: SettingProblem) -> Settings:
    """Default settings carrying the problem that kept mkdocs.yml from being read."""
    return _with_problems(settings_from_mapping(root.resolve(), {}), (problem,))


def _with_problems(settings: Settings, problems: tuple[SettingProblem, ...]) -> Settings:
    return replace(settings, problems=settings.problems + problems)


def engine_settings(
    config_file: str,
    docs_dir: str,
    site_dir: str,
    extra: dict[str, Any],
    files: dict[str, Any] | None = None,
) -> Settings:
    """Settings as the engine runs a build: mkdocs.yml as written (its theme and Markdown
    extensions, which template and link checks need), with the folders and `extra` the engine
    resolved (`mkdocs build -d DIR`, `!ENV` values) and `files`, the settings that name files as
    the engine holds them (`extra_css`, `extra_javascript`, `extra_templates`; `theme.logo` and
    `theme.favicon` by those dotted keys): a plugin may have added one."""
    path = Path(config_file).resolve()
    written = load_settings(path.parent, path.name)
    raw = {**written.raw, "docs_dir": docs_dir, "site_dir": site_dir, "extra": extra}
    theme = dict(raw["theme"]) if isinstance(raw.get("theme"), dict) else {"name": raw.get("theme")}
    for key, value in (files or {}).items():
        if key.startswith("theme."):
            theme[key.removeprefix("theme.")] = value
        else:
            raw[key] = value
    if files:
        raw["theme"] = theme
    return settings_from_mapping(path.parent, raw)
