// A form sent back with errors: its error summary (GOV.UK pattern) takes the focus, so that the
// page opens on it and a screen reader reads it first. A link of the summary moves the focus to
// its field. A static file: the site's CSP allows no inline script.
(function () {
  "use strict";
  var summary = null;

  function focusSummary() {
    summary.focus();
    summary.scrollIntoView({ block: "start" });
  }

  function start() {
    summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    focusSummary();
    // The form's address ends with its anchor (#rejoindre-le-reseau), so that without this
    // script the page still opens on the form; the browser's move to that anchor, once the
    // page has loaded, takes the focus back to the page: give it to the summary again.
    window.addEventListener("load", function () {
      var active = document.activeElement;
      if (!active || active === document.body || active === summary.closest("main")) {
        window.setTimeout(focusSummary, 0);
      }
    });
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var input = document.getElementById(link.getAttribute("href").slice(1));
      if (!input) return;
      event.preventDefault();
      // The field's legend or label shows above it, not only the input.
      var group = input.closest("fieldset, .form__field") || input;
      group.scrollIntoView({ block: "start" });
      input.focus({ preventScroll: true });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
