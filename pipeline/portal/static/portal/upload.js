// Drag and drop with a progress bar; without JavaScript the form posts as usual.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form) { return; }
  var input = document.getElementById("id_bestand");
  var zone = document.getElementById("drop-zone");
  var chosen = document.getElementById("drop-file");
  var progress = document.getElementById("progress");
  var bar = document.getElementById("progress-bar");
  var text = document.getElementById("progress-text");
  var problem = document.getElementById("upload-error");
  var result = document.getElementById("uitslag");
  var maxBytes = parseFloat(form.getAttribute("data-max-bytes")) * 1024 * 1024;
  var controle = "";

  function show(message) {
    problem.textContent = message;
    problem.hidden = !message;
  }
  function describe() {
    var file = input.files[0];
    chosen.textContent = file ? "Gekozen: " + file.name + " (" + Math.max(1, Math.round(file.size / 1024)) + "\u00a0kB)" : "";
    zone.classList.toggle("has-file", !!file);
  }
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (event) {
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      describe();
      show("");
    }
  });
  input.addEventListener("change", function () { describe(); show(""); });
  form.querySelectorAll("button[name=controle]").forEach(function (button) {
    button.addEventListener("click", function () { controle = button.value; });
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var file = input.files[0];
    if (!file) { show("Kies eerst een bestand: sleep het hierheen of klik op het vak."); return; }
    if (file.size > maxBytes) {
      show("Het bestand is groter dan " + form.getAttribute("data-max-bytes") + " MB en wordt niet verzonden.");
      return;
    }
    show("");
    var data = new FormData(form);
    data.set("controle", controle);
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    request.responseType = "json";
    progress.hidden = false;
    bar.value = 0;
    text.textContent = "Verzenden …";
    form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) {
        bar.value = Math.round(100 * e.loaded / e.total);
        text.textContent = e.loaded < e.total ? "Verzenden … " + bar.value + "%" : "Ontvangen; het bestand wordt gecontroleerd …";
      }
    });
    request.addEventListener("load", function () {
      form.querySelectorAll("button").forEach(function (b) { b.disabled = false; });
      var body = request.response || {};
      if (request.status >= 200 && request.status < 300 && body.url) {
        text.textContent = "Klaar.";
        window.location.assign(body.url);
      } else if (request.status >= 200 && request.status < 300 && body.html !== undefined) {
        progress.hidden = true;
        result.innerHTML = body.html;  // rendered and escaped by the server
        result.scrollIntoView({ behavior: "smooth" });
      } else {
        progress.hidden = true;
        show(body.melding || "Het versturen is mislukt (" + request.status + "). Probeer het opnieuw.");
      }
    });
    request.addEventListener("error", function () {
      form.querySelectorAll("button").forEach(function (b) { b.disabled = false; });
      progress.hidden = true;
      show("De verbinding viel weg tijdens het versturen. Probeer het opnieuw.");
    });
    request.send(data);
  });
})();
