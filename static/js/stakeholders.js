// The stakeholder page saves, adds and removes rows without reloading the page: a form marked
// data-enhance is posted with fetch, and the server answers with the page's editable body
// (the grid, its table and the rows), which replaces the old one. Focus goes to the first field
// with an error, or back to the saved stakeholder, and the outcome is read out by the status
// region. Without JavaScript the same forms post normally and the page reloads.
(function () {
  "use strict";

  var body = document.getElementById("analysis-body");
  var status = document.getElementById("analysis-status");
  if (!body || !window.fetch || !window.FormData || !window.DOMParser) return;

  function focusAfter(form, ok) {
    if (!ok) {
      var invalid = body.querySelector('[aria-invalid="true"]');
      if (invalid) { invalid.focus(); return; }
    }
    var article = form.closest("article[id]");
    var target = article && document.getElementById(article.id + "-name");
    if (!target) target = document.getElementById("stakeholders-heading");
    if (target) target.focus();
  }

  function submit(form) {
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) return;
    var article = form.closest("article[id]");
    var articleId = article ? article.id : null;
    status.textContent = "…";
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Fragment": "analysis-body" }
    }).then(function (response) {
      return response.text().then(function (html) { return { ok: response.ok, status: response.status, html: html }; });
    }).then(function (result) {
      if (result.status !== 200 && result.status !== 400) {
        form.submit();
        return;
      }
      var parsed = new DOMParser().parseFromString(result.html, "text/html");
      var fresh = parsed.querySelector("[data-analysis-body]");
      if (!fresh) { form.submit(); return; }
      body.replaceChildren(document.importNode(fresh, true));
      status.textContent = fresh.getAttribute("data-flash") || "";
      var sameArticle = articleId && document.getElementById(articleId);
      var anchor = sameArticle ? sameArticle.querySelector("form[data-enhance]") : form;
      focusAfter(anchor || form, result.ok);
    }).catch(function () {
      form.submit();
    });
  }

  body.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-enhance]")) return;
    event.preventDefault();
    submit(form);
  });
})();
