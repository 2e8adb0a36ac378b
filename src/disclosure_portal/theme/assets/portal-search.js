// Full-text search in material's search box, answered from the Pagefind index of this site.
// Everything it loads lives under the site's own pagefind/ folder: no third-party host.
const PAGE = 10
const NOTHING = { debouncedSearch: async () => ({ results: [] }) }  // a site without documents

const root = document.querySelector("[data-portal-search]")
if (root) setup(root)

function setup(root) {
  const toggle = document.getElementById("__search")
  const input = root.querySelector("[data-portal-search-query]")
  const form = root.querySelector("form")
  const meta = root.querySelector(".md-search-result__meta")
  const list = root.querySelector(".md-search-result__list")
  const text = key => root.dataset["text" + key] || ""
  const bundle = new URL("../pagefind/", import.meta.url)
  let engine = null
  let shown = 0
  let results = []
  let generation = 0

  // The index comes in shards (hooks/disclosure/search.py): Pagefind loads the first, and
  // shards.json names the others, merged into one result list.
  function load() {
    if (root.dataset.portalSearch !== "pagefind")
      return Promise.reject(new Error("preview"))
    if (!engine) {
      engine = (async () => {
        const script = import(new URL("pagefind.js", bundle).href)
        script.catch(() => {})
        const response = await fetch(new URL("shards.json", bundle), { cache: "no-cache" })
        if (!response.ok) throw new Error("shards.json")
        const layout = await response.json()
        if (!layout.pages) return NOTHING
        const pagefind = await script
        const baseUrl = new URL("../", import.meta.url).pathname
        await pagefind.options({ baseUrl, excerptLength: 40 })
        await Promise.all(layout.shards.map(shard =>
          pagefind.mergeIndex(new URL(shard, bundle).pathname, { baseUrl })))
        await pagefind.init()
        performance.mark("portal-search:ready")
        return pagefind
      })()
      engine.catch(() => { engine = null })
    }
    return engine
  }

  function say(message) {
    meta.textContent = message
  }

  // Excerpts come as HTML with <mark>; keep only the text and the marks.
  function excerpt(html) {
    const p = document.createElement("p")
    const doc = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html")
    for (const node of doc.body.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark")
        mark.textContent = node.textContent
        p.append(mark)
      } else {
        p.append(node.textContent)
      }
    }
    return p
  }

  function item(data) {
    const li = document.createElement("li")
    li.className = "md-search-result__item"
    const a = document.createElement("a")
    a.className = "md-search-result__link"
    a.href = data.url
    a.tabIndex = -1
    const article = document.createElement("article")
    article.className = "md-search-result__article md-typeset"
    const h = document.createElement("h1")
    h.textContent = data.meta.title || data.url
    article.append(h)
    const facts = [data.meta.number, data.meta.org, data.meta.date].filter(Boolean)
    if (facts.length) {
      const line = document.createElement("p")
      line.className = "portal-search__facts"
      line.textContent = facts.join(" · ")
      article.append(line)
    }
    article.append(excerpt(data.excerpt || ""))
    a.append(article)
    li.append(a)
    return li
  }

  async function more(mine) {
    const page = await Promise.all(results.slice(shown, shown + PAGE).map(r => r.data()))
    if (mine !== generation) return
    list.querySelector(".portal-search__more")?.remove()
    for (const data of page) list.append(item(data))
    shown += page.length
    if (shown < results.length) {
      const li = document.createElement("li")
      li.className = "md-search-result__item portal-search__more"
      const button = document.createElement("button")
      button.type = "button"
      button.className = "md-button"
      button.textContent = `显示更多结果（还有 ${results.length - shown} 个）`
      button.addEventListener("click", () => more(generation))
      li.append(button)
      list.append(li)
    }
  }

  async function run() {
    const mine = ++generation
    const query = input.value.trim()
    if (!query) {
      list.replaceChildren()
      say(text("Placeholder"))
      return
    }
    let pagefind
    try {
      pagefind = await load()
    } catch (error) {
      say(error.message === "preview"
        ? "预览（mkdocs serve）不生成全文搜索索引；构建后的网站可以搜索。"
        : "搜索暂时不可用，请稍后再试。")
      return
    }
    const search = await pagefind.debouncedSearch(query, {}, 40)
    if (search === null || mine !== generation) return
    performance.mark("portal-search:results")
    results = search.results
    shown = 0
    list.replaceChildren()
    if (!results.length) say(text("None"))
    else if (results.length === 1) say(text("One"))
    else say(text("Other").replace("#", results.length))
    await more(mine)
  }

  input.addEventListener("focus", () => {
    if (toggle) toggle.checked = true
    load().catch(() => {})
  })
  input.addEventListener("input", event => {
    if (!event.isComposing) run()
  })
  input.addEventListener("compositionend", run)
  input.addEventListener("keydown", event => {
    if (event.key === "Escape") {
      if (toggle) toggle.checked = false
      input.blur()
    }
  })
  // material's shortcuts for its own search box: "/", "s" and "f" open it
  document.addEventListener("keydown", event => {
    const target = event.target
    if (event.ctrlKey || event.metaKey || event.altKey || target.isContentEditable ||
        ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)) return
    if (["/", "s", "f"].includes(event.key)) {
      event.preventDefault()
      input.focus()
    }
  })
  form.addEventListener("submit", event => {
    event.preventDefault()
    const first = list.querySelector(".md-search-result__link")
    if (first) location.href = first.href
  })
  form.addEventListener("reset", () => {
    setTimeout(run)
  })
}
