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
  stickyHeader();
  toasts();
});

// The header sticks to the top by its tab row: the part above it (brand,
// search, account) is measured and scrolls away. The height that stays is
// given to scroll-padding-top, so an anchor or a field reached with Tab is
// never hidden under it.
function stickyHeader() {
  const header = document.querySelector(".site-header");
  const top = header && header.querySelector(".site-header__inner");
  if (!header || !top) return;
  const root = document.documentElement;
  const measure = () => {
    const away = top.offsetHeight;
    root.style.setProperty("--header-top", `${away}px`);
    root.style.setProperty("--sticky-header", `${header.offsetHeight - away}px`);
  };
  // Toasts sit just under the header, wherever the page is scrolled.
  const below = () => {
    root.style.setProperty("--header-bottom", `${Math.max(0, header.getBoundingClientRect().bottom)}px`);
  };
  root.classList.add("js");
  measure();
  below();
  new ResizeObserver(() => { measure(); below(); }).observe(header);
  window.addEventListener("scroll", below, { passive: true });
}

// Messages become toasts: each has a close button (Escape closes the one
// that has focus); success and info fade after a while, unless the pointer
// or the focus is on them; warnings and errors stay until closed. A closed
// toast is hidden, not removed, so the live region keeps its text.
const TOAST_SECONDS = 8;
function toasts() {
  const region = document.querySelector("[data-toasts]");
  if (!region) return;
  region.classList.add("messages--toasts");
  for (const toast of region.querySelectorAll(".message")) {
    const close = toast.querySelector(".message__close");
    const hide = () => {
      toast.classList.add("message--leaving");
      window.setTimeout(() => { toast.hidden = true; }, 300);
    };
    if (close) {
      close.hidden = false;
      close.addEventListener("click", hide);
    }
    toast.addEventListener("keydown", (event) => {
      if (event.key === "Escape") hide();
    });
    if (["error", "warning"].includes(toast.dataset.level)) continue;
    let timer = window.setTimeout(hide, TOAST_SECONDS * 1000);
    const pause = () => window.clearTimeout(timer);
    const resume = () => {
      if (toast.matches(":hover, :focus-within")) return;
      timer = window.setTimeout(hide, TOAST_SECONDS * 500);
    };
    toast.addEventListener("mouseenter", pause);
    toast.addEventListener("focusin", pause);
    toast.addEventListener("mouseleave", resume);
    toast.addEventListener("focusout", resume);
  }
}
