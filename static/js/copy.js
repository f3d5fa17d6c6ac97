// A copy button beside a read-only field: copies its text and says "Copied" in a live region.
// Without JavaScript the button stays hidden and the field can be selected and copied by hand.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (box) {
    var source = box.querySelector("[data-copy-source]");
    var button = box.querySelector("[data-copy-button]");
    var status = box.querySelector("[data-copy-status]");
    if (!source || !button || !status || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = "";
      navigator.clipboard.writeText(source.value).then(
        function () { status.textContent = status.dataset.copiedText; },
        function () {
          source.select();
          status.textContent = status.dataset.failedText;
        }
      );
    });
  });
})();
