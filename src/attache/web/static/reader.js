/* attache dashboard: show or hide each kind of mark in the article reader. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var reader = document.getElementById("reader");
    document.querySelectorAll("#legend input[data-mark]").forEach(function (box) {
      box.addEventListener("change", function () {
        reader.classList.toggle("hide-" + box.getAttribute("data-mark"), !box.checked);
      });
    });
  });
})();
