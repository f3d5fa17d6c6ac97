// Polls several files being built together: updates each row's status and the overall
// progress, and reloads the page (with its download links) once every file is finished.
(function () {
  "use strict";
  var box = document.querySelector("[data-batch]");
  if (!box || !window.fetch) return;
  var status = box.querySelector("[data-batch-status]");
  var progress = box.querySelector("[data-batch-progress]");

  function poll() {
    fetch(box.dataset.batch, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data.finished >= data.total) {
          window.location.reload();
          return;
        }
        progress.value = data.overall;
        status.textContent = data.finished + " / " + data.total + " – " + data.overall + " %";
        data.files.forEach(function (file) {
          var cell = box.querySelector('[data-file="' + file.id + '"] [data-file-status]');
          if (!cell) return;
          var done = file.status === "ready" || file.status === "failed";
          cell.textContent = done ? file.label : file.label + " – " + file.progress + " %";
        });
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  if (progress.value >= 100) return;
  window.setTimeout(poll, 1000);
})();
