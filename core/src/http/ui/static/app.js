// appcreds page enhancements; everything works without this script.
"use strict";
function filterRows(input) {
  const query = input.value.trim().toLowerCase();
  const target = document.getElementById(input.dataset.filter);
  if (!target) return;
  let shown = 0;
  if (target.tagName === "SELECT") {
    for (const option of target.options) {
      if (!option.value) continue;
      const match = option.textContent.toLowerCase().includes(query);
      option.hidden = !match;
      shown += match ? 1 : 0;
    }
    return;
  }
  for (const row of target.querySelectorAll("tbody tr")) {
    const match = (row.dataset.filterText || row.textContent).toLowerCase().includes(query);
    row.hidden = !match;
    shown += match ? 1 : 0;
  }
  const none = document.getElementById("no-match");
  if (none) none.hidden = shown > 0;
}
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button[data-copy]")) {
    button.hidden = false;
    const label = button.innerHTML;
    button.addEventListener("click", async () => {
      const target = document.getElementById(button.dataset.copy);
      if (!target) return;
      try {
        await navigator.clipboard.writeText(target.textContent.trim());
        button.textContent = "Copied";
      } catch (_) {
        const range = document.createRange();
        range.selectNodeContents(target);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        button.textContent = "Selected: press Ctrl+C";
      }
      setTimeout(() => { button.innerHTML = label; }, 2000);
    });
  }
  for (const input of document.querySelectorAll("input[data-filter]")) {
    input.addEventListener("input", () => filterRows(input));
    if (input.value) filterRows(input);
  }
});
