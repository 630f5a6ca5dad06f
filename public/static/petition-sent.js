// Progressive enhancement of the page after sending a petition (src/petitions/public-pages.tsx): buttons to copy the
// tracking code and to share it (the phone's own share sheet). Without this script the code is plain text to note down.
(() => {
  const box = document.querySelector("[data-share-code]");
  if (!box) return;
  const { shareCode: code, shareUrl: url, shareText: text } = box.dataset;
  const status = box.querySelector("[data-copied]");
  const copy = box.querySelector("[data-copy]");
  const share = box.querySelector("[data-share]");
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(code);
        if (status) status.textContent = status.dataset.copied;
      } catch {
        // Copying was refused (permissions): the code stays on the page to note down.
      }
    });
  }
  if (share && navigator.share) {
    share.hidden = false;
    share.addEventListener("click", () => navigator.share({ text, url }).catch(() => {}));
  }
})();
