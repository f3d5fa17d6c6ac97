// The self-assessment saves each item as soon as it changes and says so in the item's live
// region. Without JavaScript the whole form posts normally with the Save button.
(function () {
  "use strict";

  function setHidden(form, name, value) {
    var input = form.querySelector('input[type=hidden][name="' + name + '"]');
    if (input) input.value = value === null || value === undefined ? "" : String(value);
  }

  function checkedScore(fieldset, number) {
    var checked = fieldset.querySelector('input[name="score_' + number + '"]:checked');
    return checked ? checked.value : "";
  }

  function updateSummary(form, data) {
    var page = form.ownerDocument;
    var fields = { total: "[data-total]", scored: "[data-scored]", total_movement: "[data-total-movement]", readiness: "[data-readiness]" };
    Object.keys(fields).forEach(function (key) {
      var node = page.querySelector(fields[key]);
      if (node && data[key] !== undefined && data[key] !== "") node.textContent = data[key];
    });
    var readiness = page.querySelector("[data-readiness]");
    if (readiness) readiness.classList.toggle("ready", Boolean(data.ready));
  }

  function save(form, fieldset) {
    var number = fieldset.dataset.item;
    var status = fieldset.querySelector("[data-item-status]");
    var body = new FormData();
    body.append("score", checkedScore(fieldset, number));
    body.append("comment", fieldset.querySelector('textarea[name="comment_' + number + '"]').value);
    body.append("revision", form.querySelector('input[name="revision_' + number + '"]').value);
    status.textContent = form.dataset.saving || "…";
    fetch(fieldset.dataset.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: {
        "Accept": "application/json",
        "X-CSRFToken": form.querySelector("[name=csrfmiddlewaretoken]").value
      }
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (result) {
      var data = result.data;
      status.textContent = data.message || "";
      if (data.ok) {
        fieldset.classList.remove("item-conflict");
        setHidden(form, "revision_" + number, data.revision);
        setHidden(form, "initial-score_" + number, data.score);
        setHidden(form, "initial-comment_" + number, data.comment);
        var movement = fieldset.querySelector("[data-movement]");
        if (movement && data.movement) movement.textContent = data.movement;
        updateSummary(form, data);
      } else if (data.conflict) {
        // Someone else saved first: keep this person's entry, move to their revision so that
        // saving again replaces it knowingly, and say what the newer value is.
        fieldset.classList.add("item-conflict");
        setHidden(form, "revision_" + number, data.revision);
        setHidden(form, "initial-score_" + number, data.score);
        setHidden(form, "initial-comment_" + number, data.comment);
      }
    }).catch(function () {
      status.textContent = form.dataset.networkError || "";
    });
  }

  function enhance(form) {
    if (!window.fetch || !window.FormData) return;
    form.querySelectorAll("fieldset[data-item]").forEach(function (fieldset) {
      fieldset.addEventListener("change", function (event) {
        if (event.target.matches("input[type=radio], textarea")) save(form, fieldset);
      });
    });
  }

  document.querySelectorAll("form[data-autosave]").forEach(enhance);
})();
