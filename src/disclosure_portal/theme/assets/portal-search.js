// Full-text search in material's search box, answered from the Pagefind index of this site.
// Everything it loads lives under the site's own pagefind/ folder: no third-party host.
const PAGE = 10
const NOTHING = {  // a site without documents
  debouncedSearch: async () => ({ results: [], filters: {} }),
  filters: async () => ({}),
}
// Pagefind filters of document pages (theme/document.html: data-pagefind-filter), in the order shown
const FILTERS = [["year", "年份"], ["org", "发布机构"], ["type", "类别"], ["validity", "有效性"]]
// a query that is a 文号 (…〔2025〕3号, also typed with [], 【】, （） or 第): looked up as a number
const NUMBER_RE = /[〔\[【(（［]\s*(\d{4})\s*[〕\]】)）］]\s*第?\s*(\d+)\s*号/
const RANKED = 20  // results of a 文号 query whose numbers are compared before any is shown

function asNumber(query) {
  const m = query.match(NUMBER_RE)
  if (!m) return null
  return { text: query.replace(NUMBER_RE, `〔${m[1]}〕${m[2]}号`).replace(/\s+/g, ""), year: m[1], serial: m[2] }
}

// how well a result's 文号 answers a 文号 query: 0 the same number, 1 the same year and serial, 2 none
function numberRank(number, data) {
  const own = (data.meta.number || "").replace(/\s+/g, "")
  if (own === number.text) return 0
  const m = own.match(NUMBER_RE)
  return m && m[1] === number.year && m[2] === number.serial ? 1 : 2
}

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
  let number = null  // the 文号 the current query looks up, if it is one
  const filterBox = document.createElement("div")
  filterBox.className = "portal-search__filters"
  filterBox.hidden = true
  filterBox.setAttribute("role", "group")
  filterBox.setAttribute("aria-label", "筛选搜索结果")
  meta.before(filterBox)
  const selects = {}

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
        pagefind.filters().then(showFilters).catch(() => {})
        return pagefind
      })()
      engine.catch(() => { engine = null })
    }
    return engine
  }

  function say(message) {
    meta.textContent = message
  }

  // One <select> per filter, its options the values of every shard (Pagefind merges the counts).
  function showFilters(available) {
    for (const [key, label] of FILTERS) {
      const values = available[key]
      if (!values || !Object.keys(values).length) continue
      const select = document.createElement("select")
      select.name = key
      select.dataset.portalFilter = key
      const all = document.createElement("option")
      all.value = ""
      all.textContent = "全部"
      select.append(all)
      const names = Object.keys(values).sort((a, b) =>
        key === "year" ? b.localeCompare(a) : values[b] - values[a] || a.localeCompare(b, "zh"))
      for (const name of names) {
        const option = document.createElement("option")
        option.value = name
        option.dataset.label = name
        option.textContent = `${name}（${values[name]}）`
        select.append(option)
      }
      select.addEventListener("change", () => run())
      const wrap = document.createElement("label")
      wrap.append(label, select)
      filterBox.append(wrap)
      selects[key] = select
    }
    filterBox.hidden = !Object.keys(selects).length
  }

  function chosen() {
    const out = {}
    for (const [key, select] of Object.entries(selects))
      if (select.value) out[key] = select.value
    return out
  }

  // the counts of each value among the results of the current query (all shards)
  function countFilters(counts) {
    for (const [key, select] of Object.entries(selects)) {
      const values = (counts || {})[key] || {}
      for (const option of select.options)
        if (option.value) option.textContent = `${option.dataset.label}（${values[option.value] || 0}）`
    }
  }

  // Excerpts come as HTML with <mark>; keep only the text and the marks (none for a 文号 query:
  // Pagefind would mark its single characters all over the text).
  function excerpt(html, marks = true) {
    const p = document.createElement("p")
    const doc = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html")
    for (const node of doc.body.childNodes) {
      if (node.nodeName === "MARK" && marks) {
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
    const article = document.createElement("article")
    article.className = "md-search-result__article md-typeset"
    const h = document.createElement("h1")
    h.textContent = data.meta.title || data.url
    if (data.meta.validity && data.meta.validity !== "有效") {
      const badge = document.createElement("span")
      badge.className = "portal-search__badge"
      badge.textContent = `已${data.meta.validity}`
      h.append(badge)
    }
    article.append(h)
    const facts = [data.meta.number, data.meta.org, data.meta.date].filter(Boolean)
    if (facts.length) {
      const line = document.createElement("p")
      line.className = "portal-search__facts"
      line.textContent = facts.join(" · ")
      article.append(line)
    }
    article.append(excerpt(data.excerpt || "", !number))
    a.append(article)
    li.append(a)
    return li
  }

  async function more(mine) {
    // fetched together, shown in order as each arrives (the first result need not wait for the
    // tenth); within a page, documents in force before abolished or expired ones (not for a 文号
    // query: the document of that number comes first)
    const page = results.slice(shown, shown + PAGE).map(r => r.loaded || r.data())
    const inForce = data => number || !data.meta.validity || data.meta.validity === "有效"
    const later = []
    let cleared = false
    for (const pending of page) {
      const data = await pending
      if (mine !== generation) return
      if (!cleared) {
        list.querySelector(".portal-search__more")?.remove()
        cleared = true
      }
      if (inForce(data)) list.append(item(data))
      else later.push(data)
    }
    for (const data of later) list.append(item(data))
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
    const filters = chosen()
    if (!query && !Object.keys(filters).length) {
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
    const wanted = query ? asNumber(query) : null
    // a 文号 is looked up as an exact phrase first, then as words
    let search = await pagefind.debouncedSearch(wanted ? `"${wanted.text}"` : query || null, { filters }, 40)
    if (search && wanted && !search.results.length)
      search = await pagefind.search(query, { filters })
    if (search === null || mine !== generation) return
    let found = search.results
    if (wanted) {  // the documents of that number first
      const head = found.slice(0, RANKED)
      await Promise.all(head.map(async r => { r.loaded = await r.data() }))
      if (mine !== generation) return
      const ranked = head.map((r, i) => [numberRank(wanted, r.loaded), i, r])
        .sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(x => x[2])
      found = ranked.concat(found.slice(RANKED))
    }
    performance.mark("portal-search:results")
    number = wanted
    results = found
    shown = 0
    countFilters(search.filters)
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
  // The runtime and the shard list load when the page is idle, so that the first query after
  // the reader focuses the box only searches (or on the first touch of the box, if sooner).
  input.addEventListener("pointerdown", () => load().catch(() => {}), { once: true })
  const idle = window.requestIdleCallback || (fn => setTimeout(fn, 300))
  const soon = () => idle(() => load().catch(() => {}), { timeout: 3000 })
  if (document.readyState === "complete") soon()
  else window.addEventListener("load", soon, { once: true })
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
