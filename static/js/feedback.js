// The feedback page: each box saves itself a moment after typing stops, posting only its own
// fields, and says when it was saved; leaving the page with unsaved text asks first. Without
// JavaScript the page is one form whose every Save button saves each changed box.
(function () {
  "use strict";

  var DELAY = 1500;
  var submitting = false;

  function inputsOf(box) {
    return Array.prototype.slice.call(box.querySelectorAll("textarea, input[type=checkbox]"));
  }

  function initialOf(box, input) {
    return box.querySelector('input[type=hidden][name="initial-' + input.name + '"]');
  }

  function current(input) {
    if (input.type === "checkbox") return input.checked ? "True" : "False";
    return input.value.replace(/\r\n/g, "\n").trim();
  }

  function stored(initial, input) {
    if (input.type === "checkbox") return initial.value === "True" ? "True" : "False";
    return initial.value.replace(/\r\n/g, "\n").trim();
  }

  function isDirty(box) {
    return inputsOf(box).some(function (input) {
      var initial = initialOf(box, input);
      return initial && stored(initial, input) !== current(input);
    });
  }

  function say(box, text, kind) {
    var status = box.querySelector("[data-saved-state]");
    if (!status) return;
    status.textContent = text;
    status.className = "govuk-body-s app-saved-state" + (kind ? " app-saved-state--" + kind : "");
  }

  function save(form, box) {
    if (box.dataset.inFlight) {
      box.dataset.again = "1";
      return;
    }
    if (!isDirty(box)) return;
    var body = new FormData();
    var sent = [];
    body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    body.append("save", box.id);
    inputsOf(box).forEach(function (input) {
      var initial = initialOf(box, input);
      if (input.type !== "checkbox") body.append(input.name, input.value);
      else if (input.checked) body.append(input.name, "on");
      if (initial) {
        body.append(initial.name, initial.value);
        sent.push([initial, input.type === "checkbox" ? current(input) : input.value]);
      }
    });
    box.dataset.inFlight = "1";
    say(box, form.dataset.saving || "…", "");
    fetch(window.location.pathname, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json();
    }).then(function (data) {
      if (data.ok) {
        // What was sent is now what is stored: a later save of the whole form skips it.
        sent.forEach(function (pair) { pair[0].value = pair[1]; });
        say(box, data.message, "success");
      } else {
        say(box, data.message || form.dataset.networkError, "error");
      }
    }).catch(function () {
      say(box, form.dataset.networkError || "", "error");
    }).then(function () {
      delete box.dataset.inFlight;
      if (box.dataset.again) {
        delete box.dataset.again;
        save(form, box);
      }
    });
  }

  function enhance(form) {
    if (!window.fetch || !window.FormData) return;
    form.querySelectorAll("[data-box]").forEach(function (box) {
      var timer = null;
      function later(delay) {
        window.clearTimeout(timer);
        if (isDirty(box)) say(box, form.dataset.unsaved || "", "warning");
        timer = window.setTimeout(function () { save(form, box); }, delay);
      }
      box.addEventListener("input", function () { later(DELAY); });
      box.addEventListener("change", function (event) {
        if (event.target.type === "checkbox") later(0);
      });
    });
    form.addEventListener("submit", function () { submitting = true; });
    window.addEventListener("beforeunload", function (event) {
      if (submitting) return;
      var unsaved = Array.prototype.some.call(form.querySelectorAll("[data-box]"), function (box) {
        return isDirty(box) || box.dataset.inFlight;
      });
      if (unsaved) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  document.querySelectorAll("form[data-feedback-autosave]").forEach(enhance);
})();
