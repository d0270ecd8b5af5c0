// A new document's title is what visitors read in the library, the search and the lists:
// Wagtail fills it in with the file's name ("rapport-audit-2026") as soon as a file is chosen.
// On the forms that show a title field (adding one document, the chooser's upload), the
// field stays empty instead, so the editor types a real title (it is required). Wagtail's
// documented `wagtail:documents-upload` event is cancelled for that; uploads of several files
// keep Wagtail's titles, and the dashboard lists the documents still titled so.
document.addEventListener("wagtail:documents-upload", function (event) {
  "use strict";
  var form = event.target && event.target.closest ? event.target.closest("form") : null;
  if (form && form.querySelector("input[name$='title']")) event.preventDefault();
});
