// Full-text search, answered from the Pagefind index of this site: the box in the header (results
// as the reader types) and the results page search/?q=… (a page of its own, sort and filters in
// its address). Everything it loads lives under the site's own pagefind/ folder.
//
// Honest results. Pagefind matches each word of a query as a prefix of an indexed word, falls back
// to the longest indexed word the query word starts with (不存在 → 不), and drops a word it cannot
// find at all (xyzqq), so on its own a nonsense query lists every page with 不. Here a query is
// cut into words (Intl.Segmenter; a single Chinese character is not a word of its own: it joins
// its neighbour, 低|保 → 低保, 区|民政局 → 区民政局), a word for which Pagefind finds no page
// means nothing is found, and a result is shown only when its text contains every word of the
// query.
// Results are checked in Pagefind's order as they are shown; the count is exact once every
// candidate has been checked (small result sets at once), else an estimate marked 约.
const PAGE = 10
const NOTHING = {  // a site without documents
  search: async () => ({ results: [], filters: {} }),
  debouncedSearch: async () => ({ results: [], filters: {} }),
  filters: async () => ({}),
}
// Pagefind filters of document pages (theme/document.html: data-pagefind-filter), in the order shown
const FILTERS = [["year", "年份"], ["org", "发布机构"], ["type", "类别"], ["validity", "有效性"]]
// a query that is a 文号 (…〔2025〕3号, also typed with [], 【】, （） or 第): looked up as a number
const NUMBER_RE = /[〔\[【(（［]\s*(\d{4})\s*[〕\]】)）］]\s*第?\s*(\d+)\s*号/
const RANKED = 20  // results of a 文号 query whose numbers are compared before any is shown
const ALL_AT_ONCE = 60  // candidates checked to the end (an exact count); more are checked as shown
const BATCH = 20  // candidates checked together
const GIVE_UP = 120  // candidates in a row without a match after which the rest are left
const HAN = /\p{Script=Han}/u
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g  // Pagefind marks its word breaks with U+200B
const segmenter = typeof Intl !== "undefined" && Intl.Segmenter
  ? new Intl.Segmenter("zh", { granularity: "word" }) : null
const bundle = new URL("../pagefind/", import.meta.url)
const resultsPage = new URL("../search/", import.meta.url)

// ---- the index, shared by the box and the results page --------------------------------------
let engine = null

// The index comes in shards (verify/search.py): Pagefind loads the first, and shards.json names
// the others, merged into one result list.
function load(mode) {
  if (mode !== "pagefind") return Promise.reject(new Error(mode === "preview" ? "preview" : "none"))
  if (!engine) {
    engine = (async () => {
      const script = import(new URL("pagefind.js", bundle).href)
      script.catch(() => {})
      const response = await fetch(new URL("shards.json", bundle), { cache: "no-cache" })
      if (!response.ok) throw new Error("shards.json")
      const layout = await response.json()
      if (!layout.pages) return { pagefind: NOTHING, filters: {} }
      const pagefind = await script
      const baseUrl = new URL("../", import.meta.url).pathname
      await pagefind.options({ baseUrl, excerptLength: 40 })
      await Promise.all(layout.shards.map(shard =>
        pagefind.mergeIndex(new URL(shard, bundle).pathname, { baseUrl })))
      await pagefind.init()
      performance.mark("portal-search:ready")
      const filters = await pagefind.filters().catch(() => ({}))
      return { pagefind, filters }
    })()
    engine.catch(() => { engine = null })
  }
  return engine
}

function unavailable(error) {
  return error.message === "preview"
    ? "预览（mkdocs serve）不生成全文搜索索引；构建后的网站可以搜索。"
    : error.message === "none" ? "本站没有启用站内搜索。" : "搜索暂时不可用，请稍后再试。"
}

// ---- the query ---------------------------------------------------------------------------------
function fold(text) {
  return text.normalize("NFKC").toLowerCase()
}

// The words a result must contain ({text}), in the folded form results are compared in.
export function queryWords(query) {
  const words = []
  for (const piece of fold(query).split(/[\s\p{P}\p{S}]+/u)) {
    if (!piece) continue
    const segments = segmenter
      ? [...segmenter.segment(piece)].filter(s => s.isWordLike).map(s => s.segment)
      : [piece]
    const joined = []
    let pending = []
    const flush = next => {
      if (pending.length === 1 && next) next.unshift(pending[0])
      else if (pending.length === 1 && joined.length) joined[joined.length - 1].push(pending[0])
      else if (pending.length) joined.push(pending)
      pending = []
    }
    for (const segment of segments) {
      if ([...segment].length === 1 && HAN.test(segment)) {
        pending.push(segment)
        continue
      }
      const parts = [segment]
      flush(parts)
      joined.push(parts)
    }
    flush(null)
    for (const parts of joined) {
      const text = parts.join("")
      if (!words.some(w => w.text === text)) words.push({ text })
    }
  }
  return words
}

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

// a page's text as the reader sees it (Pagefind's word breaks removed)
function textOf(data) {
  return (data.content || "").replace(INVISIBLE, "")
}

function contains(data, words) {
  const text = fold(textOf(data)).replace(/\s+/g, "")
  return words.every(w => text.includes(w.text))
}

// ---- one search: its results in order, checked as they are shown -------------------------------
// `filters`: Pagefind filter values ({year: "2025", org: "某区民政局"}); `byDate`: newest first.
async function find(pagefind, query, { filters = {}, byDate = false } = {}) {
  const number = asNumber(query)
  // a 文号 is compared in its usual form (〔2025〕3号, however it was typed)
  const words = queryWords(number ? number.text : query)
  const found = { number, words, trusted: false, total: 0, exact: true, checked: 0, passed: 0 }
  const none = { ...found, next: async () => [], more: () => false, settle: async () => {} }
  if (!words.length && !number) return none
  // Pagefind is asked for the words (it cuts them again, and answers with more pages than
  // contain them: the candidates, checked below)
  let term = words.map(w => w.text).join(" ")
  let search = null
  if (number) {  // a 文号 as an exact phrase (the words in this order) first, then as words
    search = await pagefind.search(`"${number.text}"`, { filters })
    if (search.results.length) {
      term = `"${number.text}"`
      found.trusted = true
    } else search = null
  }
  if (!search) {
    // a word found nowhere in the index: nothing is found (Pagefind would drop it)
    const alone = words.length > 1
      ? await Promise.all(words.map(w => pagefind.search(w.text, { filters })))
      : []
    if (alone.some(s => !s.results.length)) return none
    search = await pagefind.search(term, { filters })
  }
  found.filters = search.filters || {}
  let queue = search.results.slice()
  if (number && found.trusted) {  // the documents of that number first
    const head = queue.slice(0, RANKED)
    await Promise.all(head.map(async r => { r.loaded = await r.data() }))
    const ranked = head.map((r, i) => [numberRank(number, r.loaded), i, r])
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(x => x[2])
    queue = ranked.concat(queue.slice(RANKED))
  }
  const candidates = queue.length
  found.total = candidates
  found.exact = found.trusted || candidates === 0
  // by date: Pagefind ranks by relevance only, so the candidates come in groups of days, newest
  // first (the `day` filter's counts), each group ordered by date; pages without a date last
  const days = byDate ? Object.entries(found.filters.day || {}).filter(([, n]) => n > 0)
    .map(([day]) => day).sort().reverse() : []
  const seen = new Set()
  let streak = 0
  let given = false
  const ready = []  // checked and passed, not yet handed out
  let index = 0
  const loaded = async r => r.loaded || (r.loaded = await r.data())

  async function pull() {  // the next candidates, loaded, in order
    while (days.length) {
      const group = []
      let count = 0
      while (days.length && count < BATCH) {
        const day = days.shift()
        group.push(day)
        count += found.filters.day[day]
      }
      const part = await pagefind.search(term, { filters: { ...filters, day: { any: group } } })
      const fresh = part.results.filter(r => !seen.has(r.id))
      fresh.forEach(r => seen.add(r.id))
      if (!fresh.length) continue
      const data = await Promise.all(fresh.map(loaded))
      return data.map((d, i) => [d, i])
        .sort((a, b) => (b[0].meta.date || "").localeCompare(a[0].meta.date || "") || a[1] - b[1])
        .map(x => x[0])
    }
    const part = []
    while (index < queue.length && part.length < BATCH) {
      const r = queue[index++]
      if (!seen.has(r.id)) {
        seen.add(r.id)
        part.push(r)
      }
    }
    return Promise.all(part.map(loaded))
  }

  async function checkNow(limit) {
    while (ready.length < limit && !given) {
      const batch = await pull()
      if (!batch.length) break
      for (const data of batch) {
        found.checked += 1
        if (found.trusted || contains(data, words)) {
          ready.push(data)
          found.passed += 1
          streak = 0
        } else if (++streak >= GIVE_UP) {
          given = true
          break
        }
      }
    }
    const done = given || found.checked >= candidates
    if (done) {
      found.exact = true
      found.total = found.passed
    } else if (!found.trusted) {
      found.exact = false
      const rate = found.checked ? found.passed / found.checked : 1
      found.total = Math.max(found.passed, Math.round(found.passed + (candidates - found.checked) * rate))
    }
  }

  // one check at a time, so that the results stay in order
  let lock = Promise.resolve()
  const check = limit => (lock = lock.catch(() => {}).then(() => checkNow(limit)))

  if (!found.trusted) await check(PAGE)
  found.next = async (n = PAGE) => {
    await check(n)
    return ready.splice(0, n)
  }
  found.more = () => ready.length > 0 || (!given && found.checked < candidates)
  // after the first page is shown: a small set is checked to the end, for an exact count
  found.settle = () => (!found.exact && candidates <= ALL_AT_ONCE ? check(candidates) : lock)
  return found
}

function countText(found) {
  if (!found.total) return "没有找到符合条件的结果"
  return `${found.exact ? "" : "约 "}${found.total.toLocaleString("zh-CN")} 个符合条件的结果`
}

// ---- a result: title, facts, a clean excerpt ----------------------------------------------------
// The excerpt is taken from the page's text without its title (shown above it), the 内容概述 label
// and the weighted 索引号 and 文号 after the body, around the first word of the query; the words
// are marked (not for a 文号 query: its single characters would be marked all over).
function excerpt(data, words, marks) {
  let text = textOf(data).replace(/\s+/g, " ").trim()
  const title = (data.meta.title || "").trim()
  if (title && text.startsWith(title)) text = text.slice(title.length).replace(/^[\s.。]+/, "")
  for (const key of [data.meta.index, data.meta.number]) {
    if (!key) continue
    const at = text.lastIndexOf(key)
    if (at > 0) text = text.slice(0, at) + text.slice(at + key.length)
  }
  text = text.replace(/\s+/g, " ").trim()
  const lower = fold(text)
  const hits = words.map(w => lower.indexOf(w.text)).filter(i => i >= 0)
  const first = hits.length ? Math.min(...hits) : 0
  const start = Math.max(0, first - 24)
  const end = Math.min(text.length, start + 96)
  const p = document.createElement("p")
  p.className = "portal-search__excerpt"
  if (start > 0) p.append("…")
  const piece = text.slice(start, end)
  const low = fold(piece)
  let at = 0
  while (at < piece.length) {
    let next = -1
    let word = null
    if (marks) {
      for (const w of words) {
        const i = low.indexOf(w.text, at)
        if (i >= 0 && (next < 0 || i < next)) { next = i; word = w }
      }
    }
    if (next < 0) { p.append(piece.slice(at)); break }
    p.append(piece.slice(at, next))
    const mark = document.createElement("mark")
    mark.textContent = piece.slice(next, next + word.text.length)
    p.append(mark)
    at = next + word.text.length
  }
  if (end < text.length) p.append("…")
  return p
}

function facts(data) {
  return [data.meta.number, data.meta.org, data.meta.date].filter(Boolean).join(" · ")
}

function badge(data) {
  if (!data.meta.validity || data.meta.validity === "有效") return null
  const span = document.createElement("span")
  span.className = "portal-search__badge"
  span.textContent = `已${data.meta.validity}`
  return span
}

// documents in force before abolished or expired ones within a page of results (not for a 文号
// query: the document of that number comes first; not when sorted by date)
function inForceFirst(page, found, byDate) {
  if (found.number || byDate) return page
  const valid = d => !d.meta.validity || d.meta.validity === "有效"
  return page.filter(valid).concat(page.filter(d => !valid(d)))
}

// ---- the box in the header ------------------------------------------------------------------------
const root = document.querySelector("[data-portal-search]")
if (root) setupBox(root)

function setupBox(root) {
  const mode = root.dataset.portalSearch
  const toggle = document.getElementById("__search")
  const input = root.querySelector("[data-portal-search-query]")
  const form = root.querySelector("form")
  const reset = root.querySelector("button[type=reset]")
  const meta = root.querySelector(".md-search-result__meta")
  const list = root.querySelector(".md-search-result__list")
  const text = key => root.dataset["text" + key] || ""
  let generation = 0
  const filterBox = document.createElement("div")
  filterBox.className = "portal-search__filters"
  filterBox.hidden = true
  filterBox.setAttribute("role", "group")
  filterBox.setAttribute("aria-label", "筛选搜索结果")
  meta.before(filterBox)
  const selects = {}

  function open() {
    if (toggle && !toggle.checked) {
      toggle.checked = true
      toggle.dispatchEvent(new Event("change"))
    }
  }
  function say(message) {
    meta.textContent = message
  }

  // One <select> per filter, its options the values of every shard (Pagefind merges the counts).
  function showFilters(available) {
    if (Object.keys(selects).length) return
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

  // the counts of each value among the results of the current query (all shards); left out while
  // some results are still to be checked and some did not pass (they would count those)
  function countFilters(found) {
    const counts = found.passed === found.checked ? found.filters || {} : null
    for (const [key, select] of Object.entries(selects)) {
      const values = (counts || {})[key] || {}
      for (const option of select.options)
        if (option.value)
          option.textContent = counts ? `${option.dataset.label}（${values[option.value] || 0}）` : option.dataset.label
    }
  }

  function item(data, found) {
    const li = document.createElement("li")
    li.className = "md-search-result__item"
    const a = document.createElement("a")
    a.className = "md-search-result__link"
    a.href = data.url
    const article = document.createElement("article")
    article.className = "md-search-result__article md-typeset"
    const h = document.createElement("h1")
    h.textContent = data.meta.title || data.url
    const mark = badge(data)
    if (mark) h.append(mark)
    article.append(h)
    const line = facts(data)
    if (line) {
      const p = document.createElement("p")
      p.className = "portal-search__facts"
      p.textContent = line
      article.append(p)
    }
    article.append(excerpt(data, found.words, !found.number))
    a.append(article)
    li.append(a)
    return li
  }

  async function more(found, mine) {
    list.querySelector(".portal-search__more")?.remove()
    const page = await found.next(PAGE)
    if (mine !== generation) return
    for (const data of inForceFirst(page, found, false)) list.append(item(data, found))
    say(found.total ? countText(found) : text("None"))
    countFilters(found)
    found.settle().then(() => {
      if (mine !== generation) return
      say(found.total ? countText(found) : text("None"))
      countFilters(found)
    })
    if (found.more()) {
      const li = document.createElement("li")
      li.className = "md-search-result__item portal-search__more"
      const button = document.createElement("button")
      button.type = "button"
      button.className = "md-button"
      button.textContent = "显示更多结果"
      button.addEventListener("click", () => more(found, generation))
      li.append(button)
      list.append(li)
    }
  }

  async function run() {
    const mine = ++generation
    const query = input.value.trim()
    const filters = chosen()
    if (reset) reset.tabIndex = query ? 0 : -1
    if (!query) {
      list.replaceChildren()
      say(text("Placeholder"))
      return
    }
    let index
    try {
      index = await load(mode)
    } catch (error) {
      say(unavailable(error))
      return
    }
    showFilters(index.filters)
    const found = await find(index.pagefind, query, { filters })
    if (mine !== generation) return
    performance.mark("portal-search:results")
    list.replaceChildren()
    if (!found.total) {
      say(text("None"))
      countFilters(found)
      return
    }
    await more(found, mine)
  }

  let typing = null
  function later() {
    clearTimeout(typing)
    typing = setTimeout(run, 60)
  }
  // The runtime and the shard list load when the page is idle, so that the first query after
  // the reader focuses the box only searches (or on the first touch or focus of the box, if
  // sooner). Focus alone never opens the box: a click, typing, "/" or the phone's button does.
  input.addEventListener("focus", () => { load(mode).catch(() => {}) })
  input.addEventListener("pointerdown", () => { load(mode).catch(() => {}); open() })
  const idle = window.requestIdleCallback || (fn => setTimeout(fn, 300))
  const soon = () => idle(() => load(mode).then(i => showFilters(i.filters)).catch(() => {}), { timeout: 3000 })
  if (document.readyState === "complete") soon()
  else window.addEventListener("load", soon, { once: true })
  input.addEventListener("input", event => {
    if (event.isComposing) return
    open()
    later()
  })
  input.addEventListener("compositionend", () => { open(); later() })
  input.addEventListener("keydown", event => {
    if (event.key === "Escape") {
      if (toggle) {
        toggle.checked = false
        toggle.dispatchEvent(new Event("change"))
      }
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
      open()
      input.focus()
    }
  })
  // Enter: the results page, with the query and the filters chosen here
  form.addEventListener("submit", event => {
    event.preventDefault()
    const url = new URL(resultsPage)
    const query = input.value.trim()
    if (query) url.searchParams.set("q", query)
    for (const [key, value] of Object.entries(chosen())) url.searchParams.set(key, value)
    location.href = url.href
  })
  form.addEventListener("reset", () => {
    setTimeout(run)
  })
}

// ---- the results page (search/) --------------------------------------------------------------
const page = document.querySelector("[data-portal-search-page]")
if (page) setupPage(page)

function setupPage(form) {
  const mode = form.dataset.portalSearchPage
  const input = form.querySelector("input[name=q]")
  const sort = form.querySelector("select[name=sort]")
  const selects = [...form.querySelectorAll("select[data-portal-filter]")]
  const status = document.querySelector("[data-portal-search-status]")
  const list = document.querySelector("[data-portal-search-results]")
  const moreBox = document.querySelector("[data-portal-search-more]")
  const moreButton = moreBox.querySelector("button")
  let generation = 0
  let found = null

  // an option is chosen by its value in the address (ASCII: a slug, an id) or by the value
  // Pagefind filters on (the header's box passes those)
  function choose(select, wanted) {
    const option = [...select.options].find(o => o.value && (o.value === wanted || o.dataset.filter === wanted))
    select.value = option ? option.value : ""
  }
  function fromAddress() {
    const params = new URLSearchParams(location.search)
    input.value = params.get("q") || ""
    sort.value = params.get("sort") === "date" ? "date" : ""
    for (const select of selects) choose(select, params.get(select.name) || "")
  }
  function toAddress(push) {
    const params = new URLSearchParams()
    if (input.value.trim()) params.set("q", input.value.trim())
    if (sort.value) params.set("sort", sort.value)
    for (const select of selects) if (select.value) params.set(select.name, select.value)
    const search = params.toString()
    const url = `${location.pathname}${search ? `?${search}` : ""}`
    if (url !== `${location.pathname}${location.search}`)
      history[push ? "pushState" : "replaceState"](null, "", url)
  }
  function filters() {
    const out = {}
    for (const select of selects) {
      const option = select.selectedOptions[0]
      if (select.value && option) out[select.name] = option.dataset.filter
    }
    return out
  }
  function say(message) {
    status.textContent = message
  }

  function item(data) {
    const li = document.createElement("li")
    const h = document.createElement("h2")
    const a = document.createElement("a")
    a.href = data.url
    a.textContent = data.meta.title || data.url
    h.append(a)
    const mark = badge(data)
    if (mark) h.append(" ", mark)
    li.append(h)
    const line = facts(data)
    if (line) {
      const p = document.createElement("p")
      p.className = "portal-search__facts"
      p.textContent = line
      li.append(p)
    }
    li.append(excerpt(data, found.words, !found.number))
    return li
  }

  async function show(mine) {
    moreBox.hidden = true
    const next = await found.next(PAGE)
    if (mine !== generation) return
    const first = list.children.length === 0
    for (const data of inForceFirst(next, found, sort.value === "date")) list.append(item(data))
    const query = input.value.trim()
    const report = () => say(found.total
      ? `“${query}”：${countText(found)}${sort.value === "date" ? "，按发布日期排列" : "，按相关度排列"}`
      : `没有找到与“${query}”相关的信息。请检查是否有错别字，换用其他词语，或减少筛选条件。`)
    report()
    moreBox.hidden = !found.more()
    found.settle().then(() => {
      if (mine !== generation) return
      report()
      moreBox.hidden = !found.more()
    })
    if (!first && next.length) list.children[list.children.length - next.length]?.querySelector("a")?.focus()
  }

  async function run(push) {
    const mine = ++generation
    toAddress(push)
    list.replaceChildren()
    moreBox.hidden = true
    const query = input.value.trim()
    document.title = query ? `“${query}”的搜索结果 - ${document.title.split(" - ").pop()}` : document.title
    if (!query) {
      say("请输入要查找的词语、标题或文号。")
      return
    }
    say("正在搜索……")
    let index
    try {
      index = await load(mode)
    } catch (error) {
      say(unavailable(error))
      return
    }
    found = await find(index.pagefind, query, { filters: filters(), byDate: sort.value === "date" })
    if (mine !== generation) return
    performance.mark("portal-search:results")
    await show(mine)
  }

  fromAddress()
  form.addEventListener("submit", event => {
    event.preventDefault()
    run(true)
  })
  for (const select of [sort, ...selects]) select.addEventListener("change", () => run(false))
  moreButton.addEventListener("click", () => show(generation))
  window.addEventListener("popstate", () => { fromAddress(); run(false) })
  if (input.value.trim()) run(false)
  else say("请输入要查找的词语、标题或文号。")
}
