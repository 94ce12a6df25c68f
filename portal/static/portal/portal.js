// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
  // The installation form: choosing the appliance shows its consumables at
  // once (the same as pressing the button next to it), and a form sent back
  // with errors brings the summary into view for keyboard and screen readers.
  for (const button of document.querySelectorAll("[data-auto-submit-for]")) {
    const select = document.getElementById(button.dataset.autoSubmitFor);
    if (select) select.addEventListener("change", () => button.click());
  }
  const errors = document.getElementById("form-errors");
  if (errors) errors.focus();
});
