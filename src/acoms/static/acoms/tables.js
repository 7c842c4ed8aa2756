// Wide tables scroll inside their own box instead of making the whole page scroll sideways (USWDS's
// scrollable table container). A box that does scroll is a focusable, named region, so keyboard users can
// scroll it too. Runs on load and after every htmx swap.
(function () {
  "use strict";

  function label(table) {
    const caption = table.querySelector("caption");
    return caption ? caption.textContent.trim() : "Table";
  }

  function fit(box) {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", label(box.querySelector("table")) + " (scrolls sideways)");
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }

  function wrap(root) {
    for (const table of root.querySelectorAll("table.usa-table")) {
      if (table.closest(".usa-table-container--scrollable")) continue;
      const box = document.createElement("div");
      box.className = "usa-table-container--scrollable acoms-table-box";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    }
    for (const box of document.querySelectorAll(".acoms-table-box")) fit(box);
  }

  function boxes() {
    for (const box of document.querySelectorAll(".acoms-table-box")) fit(box);
  }

  wrap(document);
  document.addEventListener("htmx:afterSettle", (event) => wrap(event.target));
  window.addEventListener("resize", boxes);
})();
