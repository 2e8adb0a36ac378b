// Reading aids (适老化) and keyboard fixes, with nothing loaded from elsewhere.
// - 字号 (标准/大/特大) and 高对比度 switches in the top bar: kept in localStorage; main.html's
//   head applies them before the first paint, this script keeps the buttons in step.
// - The search box: a dialog with a name that closes when the focus leaves it (tabbing through
//   the box must not leave its overlay open over the page).
// - The header's buttons on a phone (partials/header.html): the menu opens the navigation drawer
//   and moves the focus into it, Esc closes it and returns the focus; the search button opens the
//   search box. Both keep aria-expanded in step with material's checkboxes.
// - A document's 打印 and 分享 (the system's share sheet where there is one, else the address
//   copied, else shown to copy by hand): no third-party script.
// - Printouts: the print date, and the page's address where the build knew no site_url.
;(function () {
  "use strict"
  var root = document.documentElement
  var FONT = "portal-font"
  var CONTRAST = "portal-contrast"

  function read(key) {
    try { return localStorage.getItem(key) } catch (e) { return null }
  }
  function write(key, value) {
    try {
      if (value) localStorage.setItem(key, value)
      else localStorage.removeItem(key)
    } catch (e) { /* private mode: the switch works for this page only */ }
  }

  function applyFont(size) {
    if (size === "large" || size === "xlarge") root.setAttribute("data-portal-font", size)
    else root.removeAttribute("data-portal-font")
    var current = root.getAttribute("data-portal-font") || "standard"
    document.querySelectorAll("[data-portal-font-set]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-portal-font-set") === current))
    })
  }
  function applyContrast(high) {
    if (high) root.setAttribute("data-portal-contrast", "high")
    else root.removeAttribute("data-portal-contrast")
    document.querySelectorAll("[data-portal-contrast-toggle]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(high))
    })
  }

  applyFont(read(FONT))
  applyContrast(read(CONTRAST) === "high")
  document.querySelectorAll("[data-portal-font-set]").forEach(function (button) {
    button.addEventListener("click", function () {
      var size = button.getAttribute("data-portal-font-set")
      write(FONT, size === "standard" ? null : size)
      applyFont(size)
    })
  })
  document.querySelectorAll("[data-portal-contrast-toggle]").forEach(function (button) {
    button.addEventListener("click", function () {
      var high = root.getAttribute("data-portal-contrast") !== "high"
      write(CONTRAST, high ? "high" : null)
      applyContrast(high)
    })
  })

  // the skip link: move the focus into the content, not just the scroll position
  document.querySelectorAll(".portal-skip").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var target = document.getElementById("portal-main")
      if (!target) return
      event.preventDefault()
      target.focus()
      target.scrollIntoView()
    })
  })

  // the search dialog
  var toggle = document.getElementById("__search")
  var search = document.querySelector(".md-search")
  if (search) {
    if (!search.hasAttribute("aria-label")) search.setAttribute("aria-label", "站内搜索")
    search.addEventListener("focusout", function () {
      setTimeout(function () {
        if (!toggle || !toggle.checked || !document.hasFocus()) return
        if (search.contains(document.activeElement)) return
        toggle.checked = false
        toggle.dispatchEvent(new Event("change"))
      }, 0)
    })
  }

  // the navigation drawer (a phone): material's checkbox, opened by a button
  var drawer = document.getElementById("__drawer")
  var menu = document.querySelector("[data-portal-drawer]")
  var sidebar = document.querySelector(".md-sidebar--primary")
  function setDrawer(open, focusBack) {
    if (!drawer || drawer.checked === open) return
    drawer.checked = open
    drawer.dispatchEvent(new Event("change"))
    if (!open && focusBack && menu) menu.focus()
  }
  if (drawer && menu) {
    var sync = function () {
      menu.setAttribute("aria-expanded", String(drawer.checked))
    }
    drawer.addEventListener("change", sync)
    sync()
    menu.addEventListener("click", function () {
      setDrawer(!drawer.checked)
      if (drawer.checked && sidebar) {
        setTimeout(function () {  // once visible (assets/portal-pages.css)
          var first = sidebar.querySelector("a[href], button, input:not([type=checkbox]), [tabindex='0']")
          if (first) first.focus()
        }, 50)
      }
    })
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && drawer.checked) setDrawer(false, true)
    })
    if (sidebar) {
      sidebar.addEventListener("focusout", function () {
        setTimeout(function () {  // tabbing out of the open drawer closes it
          if (drawer.checked && document.hasFocus() && !sidebar.contains(document.activeElement) &&
              document.activeElement !== menu && window.matchMedia("(max-width: 76.234375em)").matches)
            setDrawer(false)
        }, 0)
      })
    }
  }

  // the search button of a phone's header and the close button of the open search
  var opener = document.querySelector("[data-portal-search-open]")
  var closer = document.querySelector("[data-portal-search-close]")
  var input = document.querySelector("[data-portal-search-query]")
  if (toggle && opener) {
    var syncSearch = function () { opener.setAttribute("aria-expanded", String(toggle.checked)) }
    toggle.addEventListener("change", syncSearch)
    syncSearch()
    opener.addEventListener("click", function () {
      toggle.checked = true
      toggle.dispatchEvent(new Event("change"))
      if (input) setTimeout(function () { input.focus() }, 0)
    })
  }
  if (toggle && closer) {
    closer.addEventListener("click", function () {
      toggle.checked = false
      toggle.dispatchEvent(new Event("change"))
      if (opener && opener.offsetParent !== null) opener.focus()
    })
  }

  // 打印 and 分享 on a document page
  document.querySelectorAll("[data-portal-doc-tools]").forEach(function (tools) {
    var status = tools.querySelector("[role=status]")
    var say = function (text) { if (status) status.textContent = text }
    tools.hidden = false
    var print = tools.querySelector("[data-portal-print]")
    if (print) print.addEventListener("click", function () { window.print() })
    var share = tools.querySelector("[data-portal-share]")
    if (!share) return
    share.addEventListener("click", function () {
      var address = location.href.split("#")[0]
      var title = (document.querySelector("h1") || {}).textContent || document.title
      if (navigator.share) {
        navigator.share({ title: title.trim(), url: address }).catch(function () {})
        return
      }
      var byHand = function () {
        var field = document.createElement("input")
        field.type = "text"
        field.readOnly = true
        field.value = address
        field.setAttribute("aria-label", "本页网址")
        if (status) status.replaceChildren("请复制本页网址：", field)
        field.focus()
        field.select()
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(address).then(function () { say("本页网址已复制，可以粘贴分享。") }, byHand)
      } else {
        byHand()
      }
    })
  })

  // printouts
  var url = document.querySelector("[data-portal-print-url]")
  if (url && !url.textContent) url.textContent = location.href
  function stamp() {
    var now = new Date()
    var pad = function (n) { return (n < 10 ? "0" : "") + n }
    var text = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate())
    document.querySelectorAll("[data-portal-print-date]").forEach(function (el) {
      el.textContent = text
    })
  }
  stamp()
  window.addEventListener("beforeprint", stamp)
})()
