// A table wider than the screen scrolls in its .kern-table-responsive box; keyboard users
// reach the box with Tab and scroll it with the arrow keys (WCAG 2.1.1). Screen readers name
// it after the table's caption. Whether a box scrolls changes with the window, with the web
// font arriving and with content that htmx swaps in: a ResizeObserver on the box and on its
// table follows all of these.
(function () {
  function updateBox(box) {
    var scrolls = box.scrollWidth > box.clientWidth;
    if (scrolls && !box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
      box.dataset.kimScrollable = "";
      if (!box.hasAttribute("role")) {
        var caption = box.querySelector("caption");
        box.setAttribute("role", "region");
        if (caption) box.setAttribute("aria-label", caption.textContent.trim());
      }
    } else if (!scrolls && box.hasAttribute("data-kim-scrollable")) {
      box.removeAttribute("tabindex");
      box.removeAttribute("data-kim-scrollable");
    }
  }
  var observed = typeof WeakSet === "function" ? new WeakSet() : null;
  var observer = typeof ResizeObserver === "function" && observed ? new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var box = entry.target.closest(".kern-table-responsive");
      if (box) updateBox(box);
    });
  }) : null;
  function makeScrollableBoxesFocusable(root) {
    (root || document).querySelectorAll(".kern-table-responsive").forEach(function (box) {
      updateBox(box);
      if (observer && !observed.has(box)) {
        observed.add(box);
        observer.observe(box);
        if (box.firstElementChild) observer.observe(box.firstElementChild);
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { makeScrollableBoxesFocusable(); });
  window.addEventListener("resize", function () { makeScrollableBoxesFocusable(); });
  document.addEventListener("htmx:afterSettle", function (event) {
    makeScrollableBoxesFocusable(event.target);
  });
})();

// A part of a page that htmx loads after the page (data-kim-lazy, e.g. the count of persons due
// for erasure on the Löschkonzept page) says so when loading fails - an error of the server, no
// connection, a timeout - instead of "wird gezählt …" forever; it then shows its own link that
// loads the whole page with the part (data-kim-lazy-failed).
(function () {
  function showFailure(event) {
    var box = event.detail && event.detail.elt;
    if (!box || !box.hasAttribute || !box.hasAttribute("data-kim-lazy")) return;
    var waiting = box.querySelector("[data-kim-lazy-waiting]");
    var failed = box.querySelector("[data-kim-lazy-failed]");
    if (waiting) waiting.hidden = true;
    if (failed) failed.hidden = false;
    box.setAttribute("aria-busy", "false");
  }
  ["htmx:responseError", "htmx:sendError", "htmx:timeout"].forEach(function (name) {
    document.addEventListener(name, showFailure);
  });
})();
