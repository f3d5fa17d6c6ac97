// Move focus to the page's message (e.g. "uploaded as version 3") once the page has loaded, so a
// screen reader reads it and the keyboard continues from there. Without JavaScript the message
// is still shown, first in the main content.
(function () {
  "use strict";
  var target = document.querySelector("[data-focus-on-load]");
  if (target) {
    target.focus();
  }
})();
