// Suggest page titles under the search field as the visitor types, through the native
// <datalist> (announced by screen readers, works with the keyboard). Without JavaScript
// the form works the same, without suggestions.
(function () {
  "use strict";
  var input = document.querySelector("input[data-autocomplete-url]");
  if (!input || !window.fetch) return;
  var list = document.getElementById(input.getAttribute("list"));
  var timer = null;
  var last = "";

  function fill(results) {
    list.textContent = "";
    results.forEach(function (result) {
      var option = document.createElement("option");
      option.value = result.title;
      list.appendChild(option);
    });
  }

  function suggest() {
    var words = input.value.trim();
    if (words.length < 2 || words === last) return;
    last = words;
    var url = input.dataset.autocompleteUrl + "?q=" + encodeURIComponent(words);
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { if (input.value.trim() === words) fill(data.results); })
      .catch(function () { /* suggestions are a convenience: stay silent */ });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(suggest, 200);
  });
})();
