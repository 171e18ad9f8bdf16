// Focus where the page asks for it: the error summary after a failed submit, or the
// element marked data-portal-focus (the new person's first answer after "Add another
// person"). Again on load, since a #fragment in the address moves focus to its
// target once the page has loaded. No inline script: the CSP allows none.
(function () {
  function focusTarget() {
    var target =
      document.getElementById("error-summary") ||
      document.querySelector("[data-portal-focus]");
    if (target) target.focus();
  }
  focusTarget();
  window.addEventListener("load", focusTarget);
})();

// "Print" buttons on letters and consent forms (the print styles hide everything
// but the page itself).
(function () {
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-portal-print]")) {
      window.print();
    }
  });
})();
