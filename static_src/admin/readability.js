// The readability (LIX) panel of the page editor, measured again as the editor types.
//
// Like Wagtail's live preview, it reads the edit form once a second; when the form has changed,
// it posts it to the panel's address, which measures the unsaved text, and shows the result.
// The checks side panel shows the same figure (its "Lesbarhet (LIX)"), copied from this panel,
// so that the editor sees one score, computed in one place (home.readability).
(() => {
  const INTERVAL = 1000;

  function showInChecks(content) {
    const figure = content.querySelector("[data-readability-figure]");
    if (!figure) return;
    const text = figure.textContent.replace(/\s+/g, " ").trim();
    document.querySelectorAll("[data-readability-checks]").forEach((element) => {
      if (element.textContent !== text) element.textContent = text;
    });
  }

  function formState(form) {
    const data = new FormData(form);
    data.delete("csrfmiddlewaretoken");
    return new URLSearchParams(data).toString();
  }

  function watch(panel) {
    const form = panel.closest("form");
    const url = panel.dataset.readabilityUrl;
    const content = panel.querySelector("[data-readability-content]");
    const note = panel.querySelector("[data-readability-note]");
    if (!content) return;
    showInChecks(content);
    if (!form || !url || !note) return;

    let measured = formState(form);
    let shown = null;
    let busy = false;

    async function measure() {
      const state = formState(form);
      if (busy || state === measured) return;
      busy = true;
      try {
        const response = await fetch(url, {
          method: "POST",
          body: new FormData(form),
          credentials: "same-origin",
          headers: { "X-Requested-With": "XMLHttpRequest" },
        });
        // Answered, even with a refusal or a login page: asked again when the form changes.
        measured = state;
        if (!response.ok) return;
        const result = await response.json();
        if (result.valid) {
          // Replaced only when the numbers change, so that screen readers announce news only.
          if (result.html !== shown) {
            content.innerHTML = result.html;
            shown = result.html;
            showInChecks(content);
          }
          note.hidden = true;
        } else {
          note.textContent = result.message;
          note.hidden = false;
        }
      } catch {
        // Offline for a moment (the next round tries again), or an answer that is not ours (the
        // login page, once the session has expired): the numbers stay as they were.
      } finally {
        busy = false;
      }
    }

    window.setInterval(measure, INTERVAL);
  }

  function start() {
    document.querySelectorAll("[data-readability]").forEach(watch);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
