// The live plenary board: server-sent events from the sessions service, through the console.
"use strict";
(function () {
  function start() {
    const board = document.getElementById("live-board");
    if (!board) return;
    const d = board.dataset;
    const body = document.querySelector("#live-polls tbody");
    const state = document.getElementById("live-state");
    const codes = JSON.parse(d.codes || "{}");
    function label(value) { return Object.prototype.hasOwnProperty.call(codes, value) ? codes[value] : value; }
    const url = "/api/sessions/v1/sessions/" + encodeURIComponent(d.session) + "/live";
    function cell(text, numeric) {
      const td = document.createElement("td");
      if (numeric) td.className = "num";
      td.textContent = text;
      return td;
    }
    function render(snapshot) {
      const q = snapshot.quorum;
      document.getElementById("q-present").textContent = q ? q.present : "—";
      document.getElementById("q-total").textContent = q ? q.total : "—";
      document.getElementById("q-required").textContent = q ? q.required : "—";
      document.getElementById("q-state").textContent = q ? (q.quorate ? d.quorate : d.notQuorate) : "";
      const rows = snapshot.polls.map(function (p) {
        const tr = document.createElement("tr");
        tr.dataset.poll = p.poll_id;
        tr.dataset.status = p.status;
        tr.appendChild(cell(d.lang === "kk" ? p.motion_kk : p.motion_ru));
        tr.appendChild(cell(label(p.method)));
        let status = label(p.status);
        if (p.adopted !== null) status += " · " + (p.adopted ? d.adopted : d.rejected);
        tr.appendChild(cell(status));
        const turnout = cell(String(p.turnout), true);
        turnout.dataset.field = "turnout";
        tr.appendChild(turnout);
        if (p.votes_for === null) {
          const hidden = cell(d.secret);
          hidden.colSpan = 3;
          hidden.dataset.field = "tally";
          tr.appendChild(hidden);
        } else {
          ["votes_for", "against", "abstain"].forEach(function (k) {
            const td = cell(String(p[k]), true);
            td.dataset.field = k;
            tr.appendChild(td);
          });
        }
        return tr;
      });
      body.replaceChildren.apply(body, rows);
      board.dataset.updated = String(Date.now());
    }
    const source = new EventSource(url);
    source.addEventListener("open", function () { state.textContent = d.connected; });
    source.addEventListener("board", function (event) { render(JSON.parse(event.data)); });
    source.addEventListener("end", function () { /* the browser reconnects by itself */ });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
