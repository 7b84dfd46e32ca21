// The review page's script (served by tqa review). It only shows what the server says: every decision is sent
// to the server, which saves it and answers with the whole state (decisions, progress, the score computed by
// tqa's own scoring); nothing is computed here. All text is set with textContent, never as HTML.
"use strict";

(function () {
  const token = document.querySelector('meta[name="tqa-token"]').content;
  const revision = Number(document.querySelector('meta[name="tqa-revision"]').content);
  const $ = (id) => document.getElementById(id);
  const marks = Array.from(document.querySelectorAll("mark.finding"))
    .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index));
  const sources = Array.from(document.querySelectorAll("mark.source-span"));
  const STATES = { accept: ["accepted", "✓ accepted"], reject: ["rejected", "✗ rejected"], edit: ["edited", "✎ edited"] };
  let state = null;
  let current = 0;
  let busy = false;

  async function api(method, path, body) {
    const options = { method, headers: { "X-Tqa-Token": token }, cache: "no-store" };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const response = await fetch(path, options);
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    if (!response.ok) {
      throw new Error((data && data.error) || ("the server answered " + response.status));
    }
    return data;
  }

  function say(text, error) {
    const box = $("message");
    box.textContent = text;
    box.classList.toggle("error", Boolean(error));
  }

  function markOf(index) { return document.getElementById("f" + index); }

  function render() {
    if (!state) return;
    if (state.revision !== revision) { window.location.reload(); return; }
    for (const item of state.items) {
      const mark = markOf(item.index);
      if (!mark) continue;
      for (const [cls] of Object.values(STATES)) mark.classList.remove(cls);
      const repl = mark.querySelector(".repl");
      const stateMark = mark.querySelector(".state");
      const label = "finding " + (item.index + 1) + ", " + item.severity + ": " + item.category;
      if (item.decision) {
        const [cls, text] = STATES[item.decision];
        mark.classList.add(cls);
        stateMark.textContent = text;
        mark.setAttribute("aria-label", label + ", " + text.slice(2));
      } else {
        stateMark.textContent = "";
        mark.setAttribute("aria-label", label + ", not reviewed");
      }
      if (item.replacement !== null && item.replacement !== undefined) {
        repl.hidden = false;
        repl.textContent = item.replacement === "" ? "(deleted)" : item.replacement;
      } else {
        repl.hidden = true;
        repl.textContent = "";
      }
    }
    $("progress").textContent = state.progress;
    $("progress-bar").value = state.reviewed;
    $("score-before").textContent = state.score_before.toFixed(1);
    $("score").textContent = state.score.toFixed(1);
    $("score-detail").textContent = "(" + state.findings_after + " finding" + (state.findings_after === 1 ? "" : "s") +
      " left, penalty " + state.penalty + " over " + state.words + " words)";
    const metrics = $("metrics");
    if (metrics) {
      metrics.textContent = Object.entries(state.metrics)
        .map(([name, [before, after]]) => name + " " + before.toFixed(2) + " → " + after.toFixed(2)).join(", ");
    }
    const notice = $("notice");
    notice.hidden = !state.notice;
    notice.textContent = state.notice || "";
    $("undo").disabled = !state.can_undo;
    showPanel();
  }

  function showPanel() {
    const total = state ? state.items.length : 0;
    if (!total) {
      $("panel-title").textContent = "No findings to review";
      for (const id of ["accept", "edit", "reject", "prev", "next"]) $(id).disabled = true;
      return;
    }
    const item = state.items[current];
    $("panel-title").textContent = "Finding " + (current + 1) + " of " + total;
    $("d-severity").textContent = item.severity + " (penalty " + item.penalty + ")";
    $("d-category").textContent = item.category;
    $("d-rule").textContent = item.rule;
    $("d-text").textContent = item.text ? "“" + item.text + "”" + " (line " + item.line + ", column " + item.column + ")"
      : "(about the " + (item.line === 1 && item.column === 1 && !item.unit ? "whole document" : "source") + ")";
    $("d-suggestion").textContent = item.suggestion || (item.action ? "(" + item.action + ")" : "(none)");
    $("d-note").textContent = [item.message, item.note !== item.message ? item.note : ""].filter(Boolean).join(" — ") ||
      "(none)";
    let decision = "not reviewed";
    if (item.decision === "accept") decision = "✓ accepted";
    else if (item.decision === "edit") decision = "✎ edited to “" + item.replacement + "”";
    else if (item.decision === "reject") decision = "✗ rejected" + (item.reason ? ": " + item.reason : "");
    $("d-decision").textContent = decision + (item.why_not && !item.can_accept ? " · " + item.why_not : "");
    $("accept").disabled = !item.can_accept;
    $("edit").disabled = !item.can_edit;
    $("reject").disabled = false;
    $("prev").disabled = $("next").disabled = total < 2;
    marks.forEach((m) => m.classList.toggle("current", Number(m.dataset.index) === current));
    sources.forEach((m) => m.classList.toggle("current", Number(m.dataset.index) === current));
  }

  function select(index, focus) {
    if (!state || !state.items.length) return;
    current = (index + state.items.length) % state.items.length;
    closeForms();
    showPanel();
    const mark = markOf(current);
    if (mark) {
      mark.scrollIntoView({ block: "center", behavior: "instant" });
      if (focus) mark.focus({ preventScroll: true });
    }
  }

  // Decisions sent but not answered yet: the selection moves on at once (the next key acts on the next
  // finding), while the requests go to the server one after another, in the order they were made.
  const pending = new Set();
  let queue = Promise.resolve();
  function enqueue(action) {
    queue = queue.then(action).catch((error) => say(error.message, true));
    return queue;
  }

  function nextUndecided(from) {
    const n = state.items.length;
    for (let step = 1; step <= n; step++) {
      const i = (from + step) % n;
      if (!state.items[i].decision && !pending.has(i)) return i;
    }
    return Math.min(from + 1, n - 1);
  }

  async function send(path, body, after) {
    busy = true;
    try {
      state = await api("POST", path, body);
      render();
      if (after) after(state);
    } catch (error) {
      say(error.message, true);
    } finally {
      busy = false;
    }
  }

  function decide(kind, extra) {
    const index = current;
    const item = state.items[index];
    pending.add(index);
    select(nextUndecided(index), true);
    enqueue(async () => {
      try {
        await send("/api/decide", Object.assign({ index, decision: kind }, extra || {}), () => {
          say("Finding " + (index + 1) + " " + STATES[kind][1].slice(2) + " (" + item.rule + "). " + state.progress + ".");
        });
      } finally {
        pending.delete(index);
      }
    });
  }

  function closeForms() {
    $("edit-form").hidden = true;
    $("reject-form").hidden = true;
  }

  function openForm(id, input, value) {
    closeForms();
    $(id).hidden = false;
    $(input).value = value;
    $(input).focus();
    $(input).select();
  }

  function accept() {
    if (state && state.items.length && state.items[current].can_accept) return decide("accept");
    if (state && state.items.length) say("Finding " + (current + 1) + " cannot be accepted: " + state.items[current].why_not, true);
  }
  function reject() { if (state && state.items.length) openForm("reject-form", "reject-reason", state.items[current].reason || ""); }
  function edit() {
    if (!state || !state.items.length || !state.items[current].can_edit) return;
    const item = state.items[current];
    openForm("edit-form", "edit-text", item.decision === "edit" ? item.replacement : (item.suggestion || item.text));
  }
  function undo() {
    enqueue(() => send("/api/undo", {}, (answer) => {
      if (answer.undone === null || answer.undone === undefined) { say("Nothing to undo."); return; }
      say("Undone: finding " + (answer.undone + 1) + ". " + answer.progress + ".");
      select(answer.undone, true);
    }));
  }
  function exportAll() {
    enqueue(() => send("/api/export", {}, (answer) => {
      const e = answer.exported;
      say("Exported " + e.document + ", the decisions to " + e.decisions + " and " + e.rejected + " rejected finding" +
          (e.rejected === 1 ? "" : "s") + " to " + e.baseline + " (score " + e.score.toFixed(1) + ").");
    }));
  }

  const next = () => select(current + 1, true);
  const previous = () => select(current - 1, true);
  $("accept").addEventListener("click", accept);
  $("reject").addEventListener("click", reject);
  $("edit").addEventListener("click", edit);
  $("undo").addEventListener("click", undo);
  $("next").addEventListener("click", next);
  $("prev").addEventListener("click", previous);
  $("export").addEventListener("click", exportAll);
  $("edit-form").addEventListener("submit", (event) => {
    event.preventDefault();
    decide("edit", { replacement: $("edit-text").value });
  });
  $("reject-form").addEventListener("submit", (event) => {
    event.preventDefault();
    decide("reject", { reason: $("reject-reason").value });
  });
  for (const button of document.querySelectorAll("form .cancel")) {
    button.addEventListener("click", () => { closeForms(); select(current, true); });
  }
  for (const mark of marks) {
    mark.setAttribute("tabindex", "0");
    mark.addEventListener("click", () => select(Number(mark.dataset.index), true));
    mark.addEventListener("focus", () => {
      if (Number(mark.dataset.index) !== current) { current = Number(mark.dataset.index); closeForms(); showPanel(); }
    });
  }

  for (const span of sources) {
    span.addEventListener("click", () => select(Number(span.dataset.index), true));
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const typing = event.target.closest && event.target.closest("input, textarea");
    if (typing) {
      if (event.key === "Escape") { event.preventDefault(); closeForms(); select(current, true); }
      return;
    }
    const actions = { j: next, k: previous, a: accept, r: reject, e: edit, u: undo };
    const run = actions[event.key];
    if (run && state) { event.preventDefault(); run(); }
  });

  api("GET", "/api/state").then((answer) => {
    state = answer;
    render();
    if (state.items.length) select(state.items.findIndex((item) => !item.decision) === -1 ? 0
      : state.items.findIndex((item) => !item.decision), false);
    document.body.dataset.ready = "true";
  }).catch((error) => say(error.message, true));

  // The document may change on disk while the page is open: the server reads it again and the page reloads.
  setInterval(() => {
    if (busy || document.hidden) return;
    api("GET", "/api/state").then((answer) => {
      if (answer.revision !== revision) window.location.reload();
    }).catch(() => {});
  }, 5000);
})();
