// What every reader gets on top of the server-rendered pages (analysts get static/app.js too).
// Everything works without it; no inline script or handler is needed (CSP script-src 'self').
"use strict";

// "Copy link" buttons: shown only where the clipboard API exists.
function setUpCopyButtons(root) {
  root.querySelectorAll("[data-copy]").forEach((button) => {
    if (!navigator.clipboard || button.dataset.ready) return;
    button.dataset.ready = "yes";
    button.hidden = false;
    button.addEventListener("click", async () => {
      const field = document.getElementById(button.dataset.copy);
      const status = button.parentElement.querySelector(".share-status");
      try {
        await navigator.clipboard.writeText(field.value);
        status.textContent = "Link copied";
      } catch {
        field.select();
        status.textContent = "Press Ctrl+C to copy";
      }
    });
  });
}

window.addEventListener("DOMContentLoaded", () => setUpCopyButtons(document));

// --- The article reader (templates/pages/article.html). Picking a highlight makes htmx replace
// #reader, which would drop focus to <body>: focus goes to the opened claim instead, and the
// status line outside #reader says what changed. Closing the claim puts focus back on its passage.
let shownClaim = null;

function announce(message) {
  const status = document.getElementById("reader-status");
  if (status) status.textContent = message;
}

function focusPassage(claimId) {
  const run = document.querySelector(`#article-text .hl[data-claims~="${CSS.escape(claimId)}"]`);
  if (run) run.focus();
}

// On phones the panel is a sheet over the bottom of the screen (app.css): the passage it opened
// from must stay visible above it.
function keepPassageAboveSheet(panel, claimId) {
  if (getComputedStyle(panel).position !== "fixed") return;
  const run = document.querySelector(`#article-text .hl[data-claims~="${CSS.escape(claimId)}"]`);
  if (!run) return;
  const passage = run.getBoundingClientRect();
  const sheetTop = panel.getBoundingClientRect().top;
  if (passage.top < 0 || passage.bottom > sheetTop) {
    window.scrollBy({ top: passage.top - Math.max(16, (sheetTop - passage.height) / 3), behavior: "instant" });
  }
}

function readerSwapped() {
  const panel = document.getElementById("claim-panel");
  if (!panel) return;
  const claimId = panel.dataset.selectedClaim || null;
  if (claimId) {
    const statement = panel.querySelector(".statement");
    // The panel is in view wherever it sits (sticky beside the text, or a sheet on phones).
    panel.focus({ preventScroll: true });
    keepPassageAboveSheet(panel, claimId);
    announce(`Showing the claim: ${statement ? statement.textContent.trim() : claimId}`);
  } else {
    if (shownClaim) focusPassage(shownClaim);
    announce("Claim closed; showing all the claims in this article");
  }
  shownClaim = claimId;
}

window.addEventListener("DOMContentLoaded", () => {
  const panel = document.getElementById("claim-panel");
  shownClaim = panel ? panel.dataset.selectedClaim || null : null;
});

// htmx:load fires on the content a swap brought in (and on <body> for a whole page).
document.addEventListener("htmx:load", (event) => {
  if (event.target.id === "reader") readerSwapped();
  setUpCopyButtons(event.target);
});

// Escape closes the open claim (on phones the bottom sheet), like its Close link.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape" || event.defaultPrevented) return;
  if (event.target.closest && event.target.closest("input, textarea, select, [contenteditable]")) return;
  const close = document.querySelector("#claim-panel[data-selected-claim] [data-close-claim]");
  if (!close) return;
  event.preventDefault();
  close.click();
});
