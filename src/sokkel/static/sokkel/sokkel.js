// Move focus to a form's error summary so screen-reader and keyboard users hear what went wrong.
(function () {
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }
  document.addEventListener("DOMContentLoaded", focusErrorSummary);
  // After htmx swaps a section in (outerHTML replaces the old target), look in the page.
  document.addEventListener("htmx:afterSettle", focusErrorSummary);
})();
