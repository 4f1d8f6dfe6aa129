// Progressive enhancement only: every page works without it.
// On a phone, a list's filters start closed (unless some are set), so the list comes first.
(function () {
  if (!window.matchMedia || !window.matchMedia("(max-width: 48rem)").matches) return;
  document.querySelectorAll("details[data-narrow-closed]:not([data-active])").forEach(function (box) {
    box.open = false;
  });
})();
