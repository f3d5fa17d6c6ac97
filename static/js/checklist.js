// The self-assessment saves each item as soon as it changes and says so in the item's live
// region. Without JavaScript the whole form posts normally with the Save button.
(function () {
  "use strict";

  function setHidden(form, name, value) {
    var input = form.querySelector('input[type=hidden][name="' + name + '"]');
    if (input) input.value = value === null || value === undefined ? "" : String(value);
  }

  function checkedScore(item, number) {
    var checked = item.querySelector('input[name="score_' + number + '"]:checked');
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
    if (readiness) readiness.classList.toggle("app-readiness--ready", Boolean(data.ready));
  }

  function save(form, item) {
    var number = item.dataset.item;
    var status = item.querySelector("[data-item-status]");
    var body = new FormData();
    body.append("score", checkedScore(item, number));
    body.append("comment", item.querySelector('textarea[name="comment_' + number + '"]').value);
    body.append("revision", form.querySelector('input[name="revision_' + number + '"]').value);
    status.textContent = form.dataset.saving || "…";
    fetch(item.dataset.url, {
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
        item.classList.remove("govuk-form-group--error");
        setHidden(form, "revision_" + number, data.revision);
        setHidden(form, "initial-score_" + number, data.score);
        setHidden(form, "initial-comment_" + number, data.comment);
        var movement = item.querySelector("[data-movement]");
        if (movement && data.movement) movement.textContent = data.movement;
        updateSummary(form, data);
      } else if (data.conflict) {
        // Someone else saved first: keep this person's entry, move to their revision so that
        // saving again replaces it knowingly, and say what the newer value is.
        item.classList.add("govuk-form-group--error");
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
    form.querySelectorAll("[data-item]").forEach(function (item) {
      item.addEventListener("change", function (event) {
        if (event.target.matches("input[type=radio], textarea")) save(form, item);
      });
    });
  }

  document.querySelectorAll("form[data-autosave]").forEach(enhance);
})();
