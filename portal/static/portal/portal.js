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
  // A lookup inside a bigger form (the installation form's customer search):
  // Enter runs the lookup, not the form's first button. Without this file the
  // view tells the two apart itself.
  for (const field of document.querySelectorAll("[data-enter-clicks]")) {
    const button = document.getElementById(field.dataset.enterClicks);
    if (!button) continue;
    field.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" || event.isComposing) return;
      event.preventDefault();
      button.click();
    });
  }
  // A secret shown once (the new API token): one button copies it, and the
  // page says so to screen readers too. Without this file, select and copy.
  for (const button of document.querySelectorAll("[data-copy]")) {
    const field = document.getElementById(button.dataset.copy);
    const status = document.getElementById(button.dataset.copyStatus);
    if (!field) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      field.select();
      try {
        await navigator.clipboard.writeText(field.value);
      } catch {
        document.execCommand("copy");
      }
      if (status) status.textContent = button.dataset.copied;
    });
  }
  const errors = document.getElementById("form-errors");
  if (errors) errors.focus();
});
