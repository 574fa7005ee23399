// A table wider than the screen scrolls in its .kern-table-responsive box; keyboard users
// reach the box with Tab and scroll it with the arrow keys (WCAG 2.1.1). Screen readers name
// it after the table's caption.
(function () {
  function makeScrollableBoxesFocusable(root) {
    (root || document).querySelectorAll(".kern-table-responsive").forEach(function (box) {
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
    });
  }
  document.addEventListener("DOMContentLoaded", function () { makeScrollableBoxesFocusable(); });
  window.addEventListener("resize", function () { makeScrollableBoxesFocusable(); });
  document.addEventListener("htmx:afterSettle", function (event) {
    makeScrollableBoxesFocusable(event.target);
  });
})();
