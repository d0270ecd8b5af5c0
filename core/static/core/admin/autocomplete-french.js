// wagtailautocomplete (the partners', audiences' and thematics' choosers) is a compiled React
// bundle that writes two strings in English, with no setting to change them: "Remove" on the
// button that takes a choice out, and "2suggestions found, use up and down arrows to review."
// read out to screen-reader users. React keeps its own copy of those texts and only writes a
// text node when its value changes: translating the text nodes in place, each time they are
// written, keeps React's updates working.
(function () {
  "use strict";
  var FRENCH = {
    Remove: "Retirer",
    suggestion: "\u00a0suggestion",
    suggestions: "\u00a0suggestions",
    " found, use up and down arrows to review.":
      " ; choisissez avec les flèches haut et bas.",
  };

  function translate(node) {
    if (node.nodeType !== Node.TEXT_NODE) return;
    if (!node.parentElement || !node.parentElement.closest("[data-autocomplete-input]")) return;
    var french = FRENCH[node.nodeValue];
    if (french !== undefined) node.nodeValue = french;
  }

  function translateTree(root) {
    if (root.nodeType === Node.TEXT_NODE) return translate(root);
    if (!root.querySelectorAll) return;
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) translate(walker.currentNode);
  }

  new MutationObserver(function (mutations) {
    mutations.forEach(function (mutation) {
      if (mutation.type === "characterData") translate(mutation.target);
      mutation.addedNodes.forEach(translateTree);
    });
  }).observe(document.documentElement, {
    childList: true,
    subtree: true,
    characterData: true,
  });
  document.addEventListener("DOMContentLoaded", function () {
    translateTree(document.body);
  });
})();
