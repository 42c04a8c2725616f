// Scan station: keep the scan input focused for keyboard-wedge scanners, and offer the camera
// where the browser has BarcodeDetector (Chrome on Android, macOS, ChromeOS).
(() => {
  const input = () => document.getElementById("scan-code");
  const refocus = () => {
    const field = input();
    const active = document.activeElement;
    const typingElsewhere = active && active !== field && ["INPUT", "TEXTAREA", "SELECT"].includes(active.tagName);
    if (field && !typingElsewhere) field.focus();
  };
  document.addEventListener("htmx:afterSwap", () => {
    const field = input();
    if (field) field.value = "";
    refocus();
  });
  document.addEventListener("DOMContentLoaded", () => {
    refocus();
    document.addEventListener("click", (event) => {
      if (!event.target.closest("input, textarea, select, button, a")) refocus();
    });
    const button = document.getElementById("camera-button");
    if (!button || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
    button.hidden = false;
    button.addEventListener("click", async () => {
      const video = document.getElementById("camera-view");
      const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      video.srcObject = stream;
      video.hidden = false;
      await video.play();
      const stop = () => { stream.getTracks().forEach((track) => track.stop()); video.hidden = true; };
      const look = async () => {
        const codes = await detector.detect(video).catch(() => []);
        if (codes.length) {
          stop();
          input().value = codes[0].rawValue;
          document.getElementById("scan-form").requestSubmit();
          return;
        }
        if (!video.hidden) requestAnimationFrame(look);
      };
      look();
    });
  });
})();
