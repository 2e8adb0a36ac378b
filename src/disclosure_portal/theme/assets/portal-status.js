// The status of a consultation (征求意见) printed at build time ages between builds: recompute
// it from its two dates with today's date in China (UTC+8), as plan/views.py does at build time.
(function () {
  "use strict";
  var today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  var marks = document.querySelectorAll(".portal-status[data-opens][data-closes]");
  for (var i = 0; i < marks.length; i++) {
    var el = marks[i];
    var opens = el.getAttribute("data-opens");
    var closes = el.getAttribute("data-closes");
    var status;
    if (opens && today < opens) {
      status = "未开始";
    } else if (!closes || today <= closes) {
      status = "征求意见中";
    } else {
      status = el.getAttribute("data-answered") === "true" ? "已反馈" : "已结束";
    }
    if (el.textContent !== status) {
      el.textContent = status;
    }
    el.setAttribute("data-status", status);
  }
})();
