// A form whose step takes a while (vaststellen rewrites the report): say so, and send it only once.
(function () {
  "use strict";
  document.querySelectorAll("form[data-bezig]").forEach(function (form) {
    var sent = false;
    form.addEventListener("submit", function (event) {
      if (sent) { event.preventDefault(); return; }
      sent = true;
      var note = form.querySelector(".bezig");
      if (note) { note.textContent = form.getAttribute("data-bezig"); note.hidden = false; }
      form.setAttribute("aria-busy", "true");
    });
  });
})();
