// Presentation upload: drag and drop onto the field, progress while sending, and errors shown
// next to the field. Without JavaScript the form still posts normally.
(function () {
  "use strict";

  function showErrors(form, input, messages) {
    var id = input.id + "_error";
    var box = document.getElementById(id);
    if (!box) {
      box = document.createElement("p");
      box.className = "govuk-error-message";
      box.id = id;
      input.parentNode.insertBefore(box, input);
    }
    box.textContent = "";
    messages.forEach(function (text, index) {
      var prefix = document.createElement("span");
      prefix.className = "govuk-visually-hidden";
      prefix.textContent = form.dataset.errorPrefix || "Error:";
      if (index) box.appendChild(document.createElement("br"));
      box.appendChild(prefix);
      box.appendChild(document.createTextNode(" " + text));
    });
    input.setAttribute("aria-invalid", "true");
    input.classList.add("govuk-file-upload--error");
    var described = (input.getAttribute("aria-describedby") || "").split(" ");
    if (described.indexOf(id) === -1) {
      described.push(id);
      input.setAttribute("aria-describedby", described.join(" ").trim());
    }
    input.closest(".govuk-form-group").classList.add("govuk-form-group--error");
    input.focus();
  }

  function enhance(form) {
    var input = form.querySelector("input[type=file]");
    var zone = form.querySelector("[data-dropzone]");
    var progress = form.querySelector("[data-progress]");
    var status = form.querySelector("[data-upload-status]");
    if (!input || !window.FormData || !window.XMLHttpRequest) return;

    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("app-dropzone--dragging");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("app-dropzone--dragging"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        status.textContent = input.files[0].name;
      }
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      var request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.setRequestHeader("Accept", "application/json");
      request.setRequestHeader("X-CSRFToken", form.querySelector("[name=csrfmiddlewaretoken]").value);
      request.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          progress.hidden = false;
          progress.value = Math.round((e.loaded / e.total) * 100);
        }
      });
      request.addEventListener("load", function () {
        button.disabled = false;
        var data = {};
        try { data = JSON.parse(request.responseText); } catch (ignored) { data = {}; }
        if (request.status === 200 && data.ok) {
          status.textContent = data.message;
          // The answer names this page: reload it to show the new version.
          window.location.reload();
          return;
        }
        progress.hidden = true;
        showErrors(form, input, data.errors && data.errors.length ? data.errors : [form.dataset.genericError || "Error"]);
      });
      request.addEventListener("error", function () {
        button.disabled = false;
        progress.hidden = true;
        showErrors(form, input, [form.dataset.networkError || "Network error"]);
      });
      button.disabled = true;
      request.send(new FormData(form));
    });
  }

  document.querySelectorAll("form[data-upload]").forEach(enhance);
})();
