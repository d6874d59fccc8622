// Trợ lý OCOP — live delivery figures on «Thông báo». Plain JS, no build step: every few
// seconds fetch the figures as JSON and update the cells marked data-k; stop when nothing
// is being sent or scheduled any more.
(function () {
  "use strict";
  var table = document.querySelector("table[data-live]");
  if (!table) { return; }
  var url = table.getAttribute("data-live");
  var every = 2000;

  function update(item) {
    var row = table.querySelector('tr[data-id="' + item.id + '"]');
    if (!row) { return; }
    ["status", "sent", "blocked", "failed", "pending"].forEach(function (key) {
      var cell = row.querySelector('[data-k="' + key + '"]');
      if (cell && String(cell.textContent) !== String(item[key])) { cell.textContent = item[key]; }
    });
    if (!item.open) {
      var stop = row.querySelector("form.stop");
      if (stop) { stop.remove(); }
    }
  }

  function tick() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        data.announcements.forEach(update);
        if (data.announcements.some(function (item) { return item.open; })) {
          window.setTimeout(tick, every);
        }
      })
      .catch(function () { window.setTimeout(tick, every * 3); });
  }

  if (table.querySelector("form.stop")) { window.setTimeout(tick, every); }
}());
