// The preview mode "the county's website": a frame shows nothing useful when the county site
// does not answer, so ask it first. A no-cors request fails only when nothing answers at all
// (no such host, refused, timed out); then the frame gives way to the explanation beside it.
(() => {
  const frame = document.querySelector("iframe[data-county-site]");
  const notice = document.getElementById("county-site-unreachable");
  if (!frame || !notice) return;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 8000);
  fetch(frame.src, { mode: "no-cors", cache: "no-store", signal: controller.signal })
    .catch(() => {
      frame.hidden = true;
      notice.hidden = false;
    })
    .finally(() => clearTimeout(timer));
})();
