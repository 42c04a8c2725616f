// Stocktake count page, on top of scan.js: every scan carries a client scan id. A scan that did
// not get through (lost connection) keeps its id, so resending it is recorded once; a different
// code never reuses a pending id.
(() => {
  const hidden = () => document.getElementById("client-scan-id");
  const offline = () => document.getElementById("count-offline");
  const newId = () => {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
  let pending = null;
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!form.matches || !form.matches("form[data-stocktake-count]")) return;
    const code = form.querySelector("#scan-code").value.trim();
    if (pending && pending.code !== code) hidden().value = newId();
    pending = { code, id: hidden().value };
  }, true);
  document.addEventListener("htmx:afterSwap", () => {
    const fresh = document.querySelector("#scan-result [data-client-scan-id]");
    if (fresh && hidden()) hidden().value = fresh.dataset.clientScanId;
    pending = null;
    if (offline()) offline().hidden = true;
  });
  document.addEventListener("htmx:sendError", () => {
    if (offline()) offline().hidden = false;
  });
})();
