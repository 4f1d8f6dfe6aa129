// Shows the proposed reference number as soon as body and paper type are chosen.
// Without JavaScript the form still proposes it after the first choice and numbers on save.
(function () {
  function init() {
    var reference = document.getElementById("id_reference");
    if (!reference || !reference.dataset.referencePreview) return;
    var fields = [document.getElementById("id_body"), document.getElementById("id_paper_type")];
    function update() {
      var params = new URLSearchParams({
        body: fields[0] ? fields[0].value : "",
        paper_type: fields[1] ? fields[1].value : "",
      });
      fetch(reference.dataset.referencePreview + "?" + params.toString(), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data) return;
          reference.placeholder = data.label || "";
          reference.dataset.proposal = data.reference || "";
        });
    }
    fields.forEach(function (field) { if (field) field.addEventListener("change", update); });
    update();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
