// Reading aids (适老化) and keyboard fixes, with nothing loaded from elsewhere.
// - 字号 (标准/大/特大) and 高对比度 switches in the top bar: kept in localStorage; main.html's
//   head applies them before the first paint, this script keeps the buttons in step.
// - The search box: a dialog with a name that closes when the focus leaves it (tabbing through
//   the box must not leave its overlay open over the page).
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
