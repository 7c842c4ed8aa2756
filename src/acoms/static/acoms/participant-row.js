// "Add one row" on the participant list page: show only the fields of the list chosen in "List"
// (the fields carry data-lists="participants providers"...). Without JavaScript every field shows.
(function () {
  "use strict";
  const select = document.querySelector("select[name=kind]");
  if (!select) return;
  const form = select.form;
  function show() {
    for (const box of form.querySelectorAll("[data-lists]")) {
      box.hidden = !box.dataset.lists.split(" ").includes(select.value);
    }
    const hint = form.querySelector("[data-row-hint]");
    if (hint) hint.hidden = true;
  }
  select.addEventListener("change", show);
  show();
})();
