// Polls a file being built and shows the download link when it is ready.
(function () {
  "use strict";
  var box = document.querySelector("[data-generated]");
  if (!box || !window.fetch) return;
  var status = box.querySelector("[data-generated-status]");
  var progress = box.querySelector("[data-generated-progress]");
  var download = box.querySelector("[data-generated-download]");

  function poll() {
    fetch(box.dataset.generated, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data.status === "ready") {
          progress.hidden = true;
          download.hidden = false;
          status.textContent = download.textContent.trim();
          return;
        }
        if (data.status === "failed") {
          window.location.reload();
          return;
        }
        progress.value = data.progress;
        status.textContent = data.label + " – " + data.progress + " %";
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  if (!download.hidden || progress.hidden) return;
  window.setTimeout(poll, 1000);
})();
