// The analysts' tools on top of server-rendered pages (readers get static/reader.js alone).
"use strict";

// Mark every highlighted run of one claim (a quote can span several runs and paragraphs).
function markClaim(claimId, scroll) {
  document.querySelectorAll(".hl.is-selected").forEach((el) => el.classList.remove("is-selected"));
  if (!claimId) return;
  const runs = document.querySelectorAll(`.hl[data-claims~="${CSS.escape(claimId)}"]`);
  runs.forEach((el) => el.classList.add("is-selected"));
  if (scroll && runs.length) runs[0].scrollIntoView({ block: "center" });
}

function claimFromHash() {
  const match = /^#claim-(\d+)$/.exec(window.location.hash);
  return match ? match[1] : null;
}

window.addEventListener("DOMContentLoaded", () => {
  const fromHash = claimFromHash();
  if (fromHash) markClaim(fromHash, true);
});

window.addEventListener("hashchange", () => markClaim(claimFromHash(), true));

// After htmx swaps the claim panel, mark the passage of the claim it now shows.
document.addEventListener("htmx:afterSettle", () => {
  const panel = document.getElementById("claim-panel");
  if (panel) markClaim(panel.dataset.selectedClaim || null, false);
});

// Ctrl+Enter (⌘+Enter) saves a form marked data-submit-shortcut from any of its fields.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
  const form = event.target.closest && event.target.closest("form[data-submit-shortcut]");
  if (form) {
    event.preventDefault();
    form.requestSubmit();
  }
});

// --- Marking a claim: map the reader's selection back to character offsets in the body. ---
// Every run of the article text carries data-o, its offset in the stored body.

function runAfter(node) {
  for (let n = node; n; n = n.nextSibling) {
    if (n.nodeType === Node.ELEMENT_NODE) {
      const run = n.matches("[data-o]") ? n : n.querySelector("[data-o]");
      if (run) return run;
    }
  }
  return null;
}

function pointOffset(node, offset) {
  if (node.nodeType === Node.TEXT_NODE) {
    const run = node.parentElement && node.parentElement.closest("[data-o]");
    return run ? Number(run.dataset.o) + offset : null;
  }
  if (offset < node.childNodes.length) {
    const run = runAfter(node.childNodes[offset]);
    return run ? Number(run.dataset.o) : null;
  }
  const runs = node.querySelectorAll("[data-o]");
  const last = runs[runs.length - 1];
  return last ? Number(last.dataset.o) + last.textContent.length : null;
}

function selectedOffsets(container) {
  const selection = window.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!container.contains(range.commonAncestorContainer)) return null;
  const start = pointOffset(range.startContainer, range.startOffset);
  const end = pointOffset(range.endContainer, range.endOffset);
  return start !== null && end !== null && end > start ? { start, end } : null;
}

function markSelection() {
  const text = document.getElementById("article-text");
  if (!text || !text.dataset.annotate || !window.htmx) return false;
  const offsets = selectedOffsets(text);
  if (!offsets) return false;
  const url = `${text.dataset.annotate}?start=${offsets.start}&end=${offsets.end}`;
  window.htmx.ajax("GET", url, { target: "#claim-panel", swap: "outerHTML" });
  return true;
}

document.addEventListener("selectionchange", () => {
  const text = document.getElementById("article-text");
  const button = document.querySelector("[data-mark-selection]");
  if (text && button) button.disabled = !selectedOffsets(text);
});

document.addEventListener("click", (event) => {
  if (event.target.closest && event.target.closest("[data-mark-selection]")) markSelection();
});

document.addEventListener("keydown", (event) => {
  const typing = event.target.closest && event.target.closest("input, textarea, select, [contenteditable]");
  if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
  if ((event.key === "m" || event.key === "M") && markSelection()) event.preventDefault();
});

// --- Claim suggestions beside an imported article. With a suggestion card focused, A accepts
// it (a draft claim), E opens it in the claim form, R rejects it; J/K or the arrow keys move
// between cards. After a decision htmx replaces the panel and focus goes to the card that took
// the decided one's place, so an analyst can work down the list from the keyboard.
let suggestionFocus = null;

function suggestionCards() {
  return Array.from(document.querySelectorAll("[data-suggestion]"));
}

// Show where the focused suggestion's words are: the paragraph holding its first character.
function showSuggestionInText(card) {
  document.querySelectorAll(".suggestion-target").forEach((el) => el.classList.remove("suggestion-target"));
  const start = Number(card.dataset.start);
  let found = null;
  document.querySelectorAll("#article-text [data-o]").forEach((run) => {
    if (Number(run.dataset.o) <= start) found = run;
  });
  const paragraph = found && found.closest("p");
  if (!paragraph) return;
  paragraph.classList.add("suggestion-target");
  paragraph.scrollIntoView({ block: "nearest" });
}

document.addEventListener("focusin", (event) => {
  const card = event.target.closest && event.target.closest("[data-suggestion]");
  if (card) showSuggestionInText(card);
});

document.addEventListener("focusout", (event) => {
  const next = event.relatedTarget;
  if (!next || !next.closest || !next.closest("[data-suggestion]")) {
    document.querySelectorAll(".suggestion-target").forEach((el) => el.classList.remove("suggestion-target"));
  }
});

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || !event.target.closest) return;
  const card = event.target.closest("[data-suggestion]");
  if (!card || event.target.closest("input, textarea, select, [contenteditable]")) return;
  const cards = suggestionCards();
  const index = cards.indexOf(card);
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  const step = { j: 1, ArrowDown: 1, k: -1, ArrowUp: -1 }[key];
  if (step) {
    const next = cards[index + step];
    if (next) {
      event.preventDefault();
      next.focus();
    }
    return;
  }
  const action = card.querySelector(`[data-key="${CSS.escape(key)}"]`);
  if (!action || action.disabled) return;
  event.preventDefault();
  suggestionFocus = index;
  action.click();
});

// A click on a card's button counts too (the next card gets focus afterwards); so does a
// decision on one of the card's links to other articles (the card keeps focus).
document.addEventListener("click", (event) => {
  const action =
    event.target.closest &&
    event.target.closest("[data-suggestion] [data-key], [data-suggestion] .cross-link button");
  if (action) suggestionFocus = suggestionCards().indexOf(action.closest("[data-suggestion]"));
});

document.addEventListener("htmx:afterSettle", () => {
  if (suggestionFocus === null) return;
  const cards = suggestionCards();
  if (cards.length) cards[Math.min(suggestionFocus, cards.length - 1)].focus();
  suggestionFocus = null;
});
