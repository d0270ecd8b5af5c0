// Menu behaviour. Closed menus are closed by main.css, not by this script: nothing moves
// when it runs. Without it, nojs.css shows the menus as plain lists.
(function () {
  "use strict";
  var nav = document.querySelector(".main-nav");
  var menuToggle = document.querySelector(".menu-toggle");
  if (!nav) return;
  var toggles = nav.querySelectorAll(".submenu-toggle");

  function setOpen(button, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  function closeAll(except) {
    toggles.forEach(function (other) { if (other !== except) setOpen(other, false); });
  }

  toggles.forEach(function (button) {
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      closeAll(button);
      setOpen(button, open);
    });
  });

  if (menuToggle) {
    menuToggle.addEventListener("click", function () {
      var open = menuToggle.getAttribute("aria-expanded") !== "true";
      menuToggle.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("is-open", open);
    });
  }

  // Escape closes the open sub-menu (or the phone menu) and gives focus back to its button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = nav.querySelector('.submenu-toggle[aria-expanded="true"]');
    if (open) {
      setOpen(open, false);
      open.focus();
    } else if (menuToggle && nav.classList.contains("is-open")) {
      nav.classList.remove("is-open");
      menuToggle.setAttribute("aria-expanded", "false");
      menuToggle.focus();
    }
  });
  // A click elsewhere closes sub-menus, as users expect from a menu.
  document.addEventListener("click", function (event) {
    if (!nav.contains(event.target)) closeAll(null);
  });
})();

// Printing a page prints its folded sections too (the plan's axes, accordions).
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("main details:not([open])").forEach(function (details) {
    details.setAttribute("open", "");
    details.setAttribute("data-opened-for-print", "");
  });
});
window.addEventListener("afterprint", function () {
  document.querySelectorAll("details[data-opened-for-print]").forEach(function (details) {
    details.removeAttribute("open");
    details.removeAttribute("data-opened-for-print");
  });
});
