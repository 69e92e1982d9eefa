// Conveniences for the editor pages; every page also works without JavaScript.
(function () {
  "use strict";

  // Put focus on the error summary so screen reader users hear what to fix.
  var summary = document.getElementById("fejl");
  if (summary) { summary.focus(); }

  // Story and rule forms: add a row, move a row up or down.
  function renumber(fieldset) {
    var prefix = fieldset.getAttribute("data-steps");
    var rows = fieldset.querySelectorAll("tr[data-row]");
    rows.forEach(function (row, index) {
      var n = index + 1;
      var head = row.querySelector("[data-number]");
      if (head) { head.textContent = String(n); }
      row.querySelectorAll("[name], [id], label[for]").forEach(function (el) {
        ["name", "id", "for"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value) {
            el.setAttribute(attr, value.replace(new RegExp("^" + prefix + "-\\d+-"), prefix + "-" + n + "-"));
          }
        });
        if (el.tagName === "LABEL") {
          el.textContent = el.textContent.replace(/ \d+:/, " " + n + ":");
        }
      });
    });
    var count = fieldset.querySelector("[data-count]");
    if (count) { count.value = String(rows.length); }
  }

  function moveButtons(fieldset, row) {
    var cell = document.createElement("td");
    [["Flyt op", -1], ["Flyt ned", 1]].forEach(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "link-button";
      button.textContent = spec[0];
      button.addEventListener("click", function () {
        var sibling = spec[1] < 0 ? row.previousElementSibling : row.nextElementSibling;
        if (!sibling) { return; }
        if (spec[1] < 0) { row.parentNode.insertBefore(row, sibling); }
        else { row.parentNode.insertBefore(sibling, row); }
        renumber(fieldset);
        button.focus();
      });
      cell.appendChild(button);
    });
    row.appendChild(cell);
  }

  document.querySelectorAll("fieldset[data-steps]").forEach(function (fieldset) {
    var body = fieldset.querySelector("tbody");
    var headRow = fieldset.querySelector("thead tr");
    if (!body || !headRow) { return; }
    var th = document.createElement("th");
    th.scope = "col";
    th.innerHTML = '<span class="visually-hidden">Flyt</span>';
    headRow.appendChild(th);
    body.querySelectorAll("tr[data-row]").forEach(function (row) { moveButtons(fieldset, row); });
    var add = document.createElement("button");
    add.type = "button";
    add.className = "button";
    add.textContent = fieldset.getAttribute("data-steps") === "cond" ? "Tilføj en betingelse" : "Tilføj et trin";
    add.addEventListener("click", function () {
      var rows = body.querySelectorAll("tr[data-row]");
      var template = rows[rows.length - 1];
      var copy = template.cloneNode(true);
      copy.querySelectorAll("input").forEach(function (input) { input.value = ""; input.removeAttribute("aria-invalid"); });
      copy.querySelectorAll("select").forEach(function (select) { select.selectedIndex = 0; });
      var old = copy.lastElementChild;
      if (old && old.querySelector("button")) { copy.removeChild(old); }
      body.appendChild(copy);
      moveButtons(fieldset, copy);
      renumber(fieldset);
      var first = copy.querySelector("select");
      if (first) { first.focus(); }
    });
    fieldset.appendChild(add);
  });

  // Publishing: follow the job's progress.
  var status = document.getElementById("status");
  if (status && status.getAttribute("data-running") === "true") {
    var endpoint = status.getAttribute("data-status-url");
    var lastState = null;
    var poll = function () {
      fetch(endpoint, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          var job = data.job;
          if (!job) { return; }
          var set = function (name, text) {
            var el = status.querySelector('[data-field="' + name + '"]');
            if (el) { el.textContent = text; }
          };
          set("state", job.state);
          set("message", job.message);
          set("progress", job.progress + " %");
          var bar = status.querySelector("progress");
          if (bar) { bar.value = job.progress; bar.textContent = job.progress + " %"; }
          var list = status.querySelector('[data-field="steps"]');
          if (list) {
            list.textContent = "";
            job.steps.forEach(function (step) {
              var li = document.createElement("li");
              li.className = "step-" + step.status.replace(/ /g, "-");
              var strong = document.createElement("strong");
              strong.textContent = step.title;
              li.appendChild(strong);
              li.appendChild(document.createTextNode(": " + step.status + (step.detail ? " – " + step.detail : "")));
              list.appendChild(li);
            });
          }
          var details = status.querySelector('[data-field="details"]');
          if (details) {
            details.textContent = "";
            job.details.forEach(function (d) { var li = document.createElement("li"); li.textContent = d; details.appendChild(li); });
          }
          set("log", job.log.join("\n"));
          if (job.running) {
            window.setTimeout(poll, 2000);
          } else if (lastState !== job.state) {
            // Finished: reload once so the model list and the buttons are up to date.
            window.location.reload();
          }
          lastState = job.state;
        })
        .catch(function () { window.setTimeout(poll, 5000); });
    };
    window.setTimeout(poll, 1500);
  }
})();
