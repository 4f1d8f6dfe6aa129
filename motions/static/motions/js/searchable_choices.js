// Makes a list of checkboxes or a select searchable and shows only the entries of the body chosen
// in the form. Without JavaScript the list is complete and plain; the server checks the body either way.
(function () {
  function init(root) {
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
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
