// Makes a list of checkboxes or a select searchable and shows only the entries of the body chosen
// in the form. Without JavaScript the list is complete and plain; the server checks the body either way.
// Rows added later (a new "Beratung" of the Beratungsfolge) are set up as they appear.
(function () {
  function init(root) {
    if (root.dataset.searchableReady) return;
    root.dataset.searchableReady = "1";
    var filter = root.querySelector(".ris-searchable__filter");
    var none = root.querySelector(".ris-searchable__none");
    var body = document.getElementById(root.dataset.bodyField);
    var select = root.querySelector("select");
    var options = select
      ? Array.prototype.slice.call(select.options).filter(function (o) { return o.value; })
      : Array.prototype.slice.call(root.querySelectorAll("input[type=checkbox]"));
    filter.hidden = false;
    function row(input) { return select ? input : input.closest("div") || input.parentNode; }
    function chosen(input) { return select ? input.selected : input.checked; }
    function update() {
      var term = filter.value.trim().toLowerCase();
      var shown = 0;
      options.forEach(function (input) {
        var label = (select ? input : input.closest("label") || row(input)).textContent.toLowerCase();
        var sameBody = !body || !body.value || !input.dataset.body || input.dataset.body === body.value;
        var visible = chosen(input) || (sameBody && (!term || label.indexOf(term) !== -1));
        row(input).hidden = !visible;
        if (visible) shown += 1;
      });
      none.hidden = shown !== 0;
    }
    filter.addEventListener("input", update);
    if (body) body.addEventListener("change", update);
    update();
  }
  function start() {
    document.querySelectorAll("[data-searchable-choices]").forEach(init);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(function (node) {
          if (node.nodeType !== 1) return;
          if (node.matches("[data-searchable-choices]")) init(node);
          node.querySelectorAll("[data-searchable-choices]").forEach(init);
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
