// Live preview, in the editor, of the title and URL an objective or action gets from its number.
// The rule itself lives in PlanItemPage.numbered_fields; this mirrors it so the editor sees the
// result while typing (the server recomputes it on save either way).
(function () {
  function slugify(text) {
    return text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^\x00-\x7f]/g, "")
      .toLowerCase()
      .replace(/[^\w\s-]/g, "")
      .replace(/[-\s]+/g, "-")
      .replace(/^[-_]+|[-_]+$/g, "");
  }

  function numberedTitle(prefix, number, text, max) {
    var title = text ? prefix + " " + number + " : " + text : prefix + " " + number;
    return title.length <= max ? title : title.slice(0, max - 1).trimEnd() + "…";
  }

  function setUp() {
    var number = document.querySelector("[data-numbered-prefix]");
    if (!number) return;
    var form = number.form;
    var text = form.querySelector("[name=text]");
    var title = form.querySelector("[name=title]");
    var slug = form.querySelector("[name=slug]");
    var prefix = number.dataset.numberedPrefix;
    var max = parseInt(number.dataset.numberedMax, 10);

    function update() {
      var value = number.value.trim();
      if (!value) return;
      var words = text ? text.value.trim() : "";
      if (title) title.value = numberedTitle(prefix, value, words, max);
      if (slug) slug.value = slugify(prefix + " " + value.replace(/\./g, " "));
    }

    number.addEventListener("input", update);
    if (text) text.addEventListener("input", update);
    update();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
