// The policy library (policies/): filters that combine (年份, 发布机构, 有效性, 主题, 文种), a
// 文号/标题 box and a sort order, all kept in the page's address (policies/?year=2026&org=mzj
// &validity=valid&topic=…&genre=…&q=…&sort=written&page=2), so a reader can share or bookmark a
// selection. The data is search/policies.json (plan/pages.py policy_library: the public policies
// only). Without script the page stays what the build wrote: the facet links (policies/year-2026/,
// policies/org-mzj/ …) and the list of every policy.
const PAGE = 20
const FIELDS = ["year", "org", "validity", "topic", "genre"]
const SORTS = {
  "": (a, b) => b.published.localeCompare(a.published),
  "published-asc": (a, b) => a.published.localeCompare(b.published),
  written: (a, b) => (b.written || "").localeCompare(a.written || ""),
  "written-asc": (a, b) => (a.written || "9999").localeCompare(b.written || "9999"),
}
const root = document.querySelector("[data-portal-library]")
if (root) setup(root).catch(() => {
  // the data could not be read: the page stays as the build wrote it
  root.hidden = true
})

function fold(text) {
  return (text || "").normalize("NFKC").toLowerCase().replace(/[\s〔〕［］\[\]【】()（）第]/g, "")
}

async function setup(root) {
  const response = await fetch(root.dataset.portalLibrary)
  if (!response.ok) throw new Error("policies.json")
  const data = await response.json()
  const base = new URL("../", new URL(root.dataset.portalLibrary, location.href))
  const slugs = data.validity  // 有效 -> valid …
  const rows = data.policies.map((p, i) => ({
    ...p,
    order: i,
    year: p.published.slice(0, 4),
    validitySlug: slugs[p.validity] || "",
    key: fold(`${p.title} ${p.doc_number} ${p.index_no}`),
  }))
  const form = root.querySelector("[data-portal-library-form]")
  const status = root.querySelector("[role=status]")
  const results = root.querySelector(".portal-library__results")
  const pager = root.querySelector(".portal-library__pager")
  const staticPart = document.querySelector("[data-portal-library-static]")
  const select = name => form.elements[name]
  const label = {
    year: v => `${v}年`,
    org: v => data.orgs[v] || v,
    validity: v => Object.keys(slugs).find(k => slugs[k] === v) || v,
    topic: v => v,
    genre: v => v,
  }
  const valueOf = {
    year: r => r.year,
    org: r => r.org,
    validity: r => r.validitySlug,
    topic: r => r.topic,
    genre: r => r.genre,
  }
  let pageNumber = 1

  function state() {
    const out = {}
    for (const name of FIELDS) if (select(name).value) out[name] = select(name).value
    const q = form.elements.q.value.trim()
    if (q) out.q = q
    if (form.elements.sort.value) out.sort = form.elements.sort.value
    return out
  }
  function matches(row, chosen, except) {
    for (const name of FIELDS)
      if (name !== except && chosen[name] && valueOf[name](row) !== chosen[name]) return false
    return !chosen.q || row.key.includes(fold(chosen.q))
  }

  // every select lists the values some policy has, each with the number of policies it would
  // leave given the other choices (so that a combination never surprises with nothing)
  function fillOptions(chosen) {
    for (const name of FIELDS) {
      const el = select(name)
      const counts = new Map()
      for (const row of rows) {
        const value = valueOf[name](row)
        if (!value) continue
        if (!counts.has(value)) counts.set(value, 0)
        if (matches(row, chosen, name)) counts.set(value, counts.get(value) + 1)
      }
      const values = [...counts.keys()].sort((a, b) =>
        name === "year" ? b.localeCompare(a)
          : name === "validity" ? Object.values(slugs).indexOf(a) - Object.values(slugs).indexOf(b)
            : name === "org" ? Object.keys(data.orgs).indexOf(a) - Object.keys(data.orgs).indexOf(b)
              : a.localeCompare(b, "zh"))
      const keep = chosen[name] || ""
      el.replaceChildren(new Option("全部", ""))
      for (const value of values) el.append(new Option(`${label[name](value)}（${counts.get(value)}）`, value))
      el.value = values.includes(keep) ? keep : ""
      el.closest("label").hidden = values.length === 0
    }
  }

  function fromAddress() {
    const params = new URLSearchParams(location.search)
    const chosen = {}
    for (const name of FIELDS) if (params.get(name)) chosen[name] = params.get(name)
    if (params.get("q")) chosen.q = params.get("q")
    fillOptions(chosen)
    form.elements.q.value = chosen.q || ""
    form.elements.sort.value = SORTS[params.get("sort") || ""] ? params.get("sort") || "" : ""
    pageNumber = Math.max(1, parseInt(params.get("page") || "1", 10) || 1)
  }
  function toAddress(push) {
    const params = new URLSearchParams(state())
    if (pageNumber > 1) params.set("page", String(pageNumber))
    const search = params.toString()
    const url = `${location.pathname}${search ? `?${search}` : ""}`
    if (url !== `${location.pathname}${location.search}`)
      history[push ? "pushState" : "replaceState"](null, "", url)
  }

  function cell(text, className) {
    const td = document.createElement("td")
    if (className) td.className = className
    td.textContent = text
    return td
  }
  function table(list) {
    const t = document.createElement("table")
    t.className = "portal-list portal-list--one-type portal-list--policies"
    const head = t.createTHead().insertRow()
    for (const [text, className] of [["标题", ""], ["发布机构", "portal-list__org"],
      ["成文日期", "portal-list__date portal-list__written"], ["发布日期", "portal-list__date"],
      ["有效性", "portal-list__validity"]]) {
      const th = document.createElement("th")
      th.scope = "col"
      if (className) th.className = className
      th.textContent = text
      head.append(th)
    }
    const body = t.createTBody()
    for (const row of list) {
      const tr = body.insertRow()
      const title = cell("", "portal-list__title")
      const a = document.createElement("a")
      a.href = new URL(row.url, base).pathname
      a.textContent = row.title
      title.append(a)
      if (row.doc_number || row.index_no) {
        const ids = document.createElement("div")
        ids.className = "portal-list__ids"
        if (row.doc_number) {
          const n = document.createElement("span")
          n.className = "portal-docno"
          n.textContent = row.doc_number
          ids.append(n)
        }
        if (row.index_no) {
          const n = document.createElement("span")
          n.className = "portal-nowrap portal-list__index"
          n.textContent = `索引号：${row.index_no}`
          ids.append(n)
        }
        title.append(ids)
      }
      tr.append(title, cell(data.orgs[row.org] || row.org, "portal-list__org"))
      const written = cell("", "portal-list__date portal-list__written")
      const when = document.createElement("span")
      when.className = "portal-list__label"
      when.textContent = "成文："
      written.append(when, row.written || "—")
      const published = cell("", "portal-list__date")
      const at = document.createElement("span")
      at.className = "portal-list__label"
      at.textContent = "发布："
      published.append(at, row.published)
      const validity = cell("", "portal-list__validity")
      const mark = document.createElement("span")
      mark.className = `portal-validity portal-validity--${row.validity === "有效" ? "valid" : "invalid"}`
      mark.textContent = row.validity
      validity.append(mark)
      tr.append(written, published, validity)
    }
    if (!list.length) {
      const tr = body.insertRow()
      const td = cell("没有符合条件的政策文件。请减少筛选条件，或检查文号、标题中的字词。")
      td.colSpan = 5
      tr.append(td)
    }
    return t
  }

  function address(number) {
    const params = new URLSearchParams(state())
    if (number > 1) params.set("page", String(number))
    const search = params.toString()
    return `${location.pathname}${search ? `?${search}` : ""}`
  }
  function link(text, number, className, current) {
    if (current) {
      const span = document.createElement("span")
      span.className = className
      span.setAttribute("aria-current", "page")
      span.textContent = text
      return span
    }
    const a = document.createElement("a")
    a.className = className
    a.href = address(number)
    a.textContent = text
    if (/^\d+$/.test(text)) a.setAttribute("aria-label", `第 ${text} 页`)
    a.addEventListener("click", event => {
      event.preventDefault()
      pageNumber = number
      render(true)
      status.focus()
    })
    return a
  }
  function pages(count) {
    pager.replaceChildren()
    pager.hidden = count <= 1
    if (count <= 1) return
    const off = text => {
      const span = document.createElement("span")
      span.className = "portal-pager__step portal-pager__off"
      span.textContent = text
      return span
    }
    pager.append(pageNumber > 1 ? link("上一页", pageNumber - 1, "portal-pager__step") : off("上一页"))
    let last = 0
    for (let n = 1; n <= count; n++) {
      if (n !== 1 && n !== count && Math.abs(n - pageNumber) > 2) continue
      if (n - last > 1) {
        const gap = document.createElement("span")
        gap.className = "portal-pager__gap"
        gap.setAttribute("aria-hidden", "true")
        gap.textContent = "…"
        pager.append(gap)
      }
      pager.append(link(String(n), n, "portal-pager__page", n === pageNumber))
      last = n
    }
    pager.append(pageNumber < count ? link("下一页", pageNumber + 1, "portal-pager__step") : off("下一页"))
  }

  function render(push) {
    const chosen = state()
    fillOptions(chosen)
    const list = rows.filter(row => matches(row, chosen)).sort((a, b) =>
      SORTS[chosen.sort || ""](a, b) || a.order - b.order)
    const count = Math.max(1, Math.ceil(list.length / PAGE))
    pageNumber = Math.min(pageNumber, count)
    toAddress(push)
    const shown = list.slice((pageNumber - 1) * PAGE, pageNumber * PAGE)
    results.replaceChildren(table(shown))
    const parts = FIELDS.filter(n => chosen[n]).map(n => label[n](chosen[n]))
    if (chosen.q) parts.push(`“${chosen.q}”`)
    status.textContent = `${parts.length ? `${parts.join("，")}：` : ""}共 ${list.length} 件政策文件${count > 1 ? `，第 ${pageNumber} / ${count} 页` : ""}`
    pages(count)
  }

  status.tabIndex = -1
  fromAddress()
  for (const name of [...FIELDS, "sort"])
    select(name).addEventListener("change", () => { pageNumber = 1; render(false) })
  form.addEventListener("submit", event => {
    event.preventDefault()
    pageNumber = 1
    render(true)
  })
  form.addEventListener("reset", () => {
    setTimeout(() => {
      for (const name of FIELDS) select(name).value = ""
      pageNumber = 1
      render(true)
    })
  })
  window.addEventListener("popstate", () => { fromAddress(); render(false) })
  root.hidden = false
  if (staticPart) staticPart.hidden = true
  render(false)
}
