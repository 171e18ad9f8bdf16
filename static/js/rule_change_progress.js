// The impact preview while it is counted: ask how far along every two seconds and
// show the counts once they are in (the page stays as it is: nothing typed is lost).
(function () {
  "use strict";
  function follow(box) {
    var url = box.getAttribute("data-rule-change-progress");
    if (!url || box.getAttribute("data-following")) {
      return;
    }
    box.setAttribute("data-following", "1");
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (data.html) {
            var holder = document.createElement("div");
            holder.innerHTML = data.html;
            box.replaceWith(holder.firstElementChild);
            return;
          }
          var bar = box.querySelector("progress");
          var count = box.querySelector("[data-rule-change-count]");
          if (bar) { bar.value = data.percent; bar.textContent = data.percent + "%"; }
          if (count) { count.textContent = data.done + " / " + data.total; }
          window.setTimeout(poll, 2000);
        })
        .catch(function () { window.setTimeout(poll, 5000); });
    }
    window.setTimeout(poll, 1000);
  }
  function start() {
    document.querySelectorAll("[data-rule-change-progress]").forEach(follow);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
