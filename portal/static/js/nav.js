// Disclosure navigation: without this script every sub-menu stays open and usable.
(function () {
  "use strict";
  var nav = document.querySelector(".main-nav");
  if (!nav) return;
  document.documentElement.classList.add("js");

  var toggles = nav.querySelectorAll(".submenu-toggle");
  function setOpen(button, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    document.getElementById(button.getAttribute("aria-controls")).hidden = !open;
  }
  toggles.forEach(function (button) {
    setOpen(button, false);
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      toggles.forEach(function (other) { if (other !== button) setOpen(other, false); });
      setOpen(button, open);
    });
  });

  var menuToggle = nav.querySelector(".menu-toggle");
  var menu = document.getElementById("menu-principal");
  menuToggle.hidden = false;
  menuToggle.addEventListener("click", function () {
    var open = menuToggle.getAttribute("aria-expanded") !== "true";
    menuToggle.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("menu--open", open);
  });

  // Escape closes the open sub-menu and gives focus back to its button.
  nav.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    toggles.forEach(function (button) {
      if (button.getAttribute("aria-expanded") === "true") {
        setOpen(button, false);
        button.focus();
      }
    });
  });
  // A click elsewhere closes sub-menus, as users expect from a menu.
  document.addEventListener("click", function (event) {
    if (!nav.contains(event.target)) toggles.forEach(function (b) { setOpen(b, false); });
  });
})();
