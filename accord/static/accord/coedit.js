// Shaping a goal together live (issue 15): what one person types in the goal builder appears in the other's
// builder within a couple of seconds, with who is in which field. The server side is accord/goals/live.py.
//
// Each field's change is sent as it is typed (a short pause after the last key), with the revision of the
// field it was typed on. The page asks for the others' changes every second while it is visible, sending
// the ETag of the last answer, so an answer with nothing new costs the server one small read. A change
// typed while someone else changed the same field comes back as a conflict, and the person chooses.
// Without this script the builder works exactly as before: save, and the page reloads.
(function () {
  "use strict";

  const SEND_DELAY_MS = 200;
  const PRESENCE_DELAY_MS = 300;
  const FLASH_MS = 2500;
  // While the two are typing (a change sent or seen lately), the page asks twice as often: changes come in
  // bursts in a session, and an idle builder stays at one request a second.
  const BRISK_MS = 15000;

  function start() {
    const form = document.getElementById("builder-form");
    if (!form || !form.dataset.liveUrl || !window.fetch || !window.FormData) return;
    const textsElement = document.getElementById("live-texts");
    const texts = textsElement ? JSON.parse(textsElement.textContent) : {};
    const kinds = JSON.parse(form.dataset.liveFields || "{}");
    const version = Number(form.dataset.liveVersion);
    const pollMs = Number(form.dataset.livePoll || 1000);
    const heartbeatMs = Number(form.dataset.liveHeartbeat || 15000);
    const goneMs = Number(form.dataset.liveGone || 45000);
    const status = document.getElementById("live-status");
    const fields = {};
    let etag = "";
    let stopped = false;
    let applying = false;
    let pollTimer = null;
    let joined = false;
    let present = [];
    let presentAt = Date.now();
    let currentField = "";
    let presenceTimer = null;
    let briskUntil = 0;

    function brisk() { briskUntil = Date.now() + BRISK_MS; }

    function say(template, values) {
      return String(template || "").replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
    }

    function csrfToken() {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    }

    // --- reading and writing the form's fields -------------------------------------------------------
    function controls(name) {
      return Array.prototype.slice.call(form.querySelectorAll('[name="' + name + '"]'));
    }

    function isCheckboxes(elements) { return elements.length > 0 && elements[0].type === "checkbox"; }

    function read(name) {
      const elements = controls(name);
      if (kinds[name] === "list") {
        if (isCheckboxes(elements)) {
          return elements.filter(function (el) { return el.checked; }).map(function (el) { return el.value; });
        }
        return elements.map(function (el) { return el.value; }).filter(function (v) { return v.trim(); });
      }
      return elements.length ? elements[0].value : "";
    }

    function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

    function fire(element, type) { element.dispatchEvent(new Event(type, { bubbles: true })); }

    // Put a value someone else typed into the form; the input events keep the coach and the counters
    // current (and are not taken for this person's typing).
    function write(name, value) {
      applying = true;
      try {
        const elements = controls(name);
        if (kinds[name] === "list" && isCheckboxes(elements)) {
          elements.forEach(function (el) {
            const checked = value.indexOf(el.value) !== -1;
            if (el.checked !== checked) { el.checked = checked; fire(el, "change"); fire(el, "input"); }
          });
        } else if (kinds[name] === "list") {
          while (controls(name).length < value.length + 1) addStepRow(name);
          controls(name).forEach(function (el, index) {
            const text = index < value.length ? value[index] : "";
            if (el.value !== text) { el.value = text; fire(el, "input"); }
          });
        } else if (elements.length && elements[0].value !== value) {
          elements[0].value = value;
          fire(elements[0], "input");
          fire(elements[0], "change");
        }
      } finally {
        applying = false;
      }
    }

    // One more empty step input, like the builder's "add another" (which needs a round trip).
    function addStepRow(name) {
      const list = form.querySelector("#steps-" + name + " .step-inputs");
      const last = controls(name).pop();
      if (!list || !last) return;
      const number = controls(name).length + 1;
      const item = document.createElement("li");
      const label = document.createElement("label");
      label.className = "visually-hidden";
      label.htmlFor = "id_" + name + "_live_" + number;
      const previousLabel = list.querySelector("label");
      label.textContent = previousLabel ? previousLabel.textContent.replace(/\d+\s*$/, String(number)) : String(number);
      const input = document.createElement("input");
      input.type = "text";
      input.name = name;
      input.id = label.htmlFor;
      if (last.dataset.maxLength) input.dataset.maxLength = last.dataset.maxLength;
      item.appendChild(label);
      item.appendChild(input);
      list.appendChild(item);
      // accord.js adds the character counter to inputs that arrive this way.
      item.dispatchEvent(new CustomEvent("htmx:afterSettle", { bubbles: true, detail: { elt: item } }));
    }

    function holderOf(name) {
      const first = controls(name)[0];
      if (!first) return null;
      return first.closest(".field") || first.closest("fieldset");
    }

    function labelOf(name) {
      const first = controls(name)[0];
      const label = first && (first.labels && first.labels[0]);
      if (kinds[name] === "list" || !label) {
        const legend = first && first.closest("fieldset") && first.closest("fieldset").querySelector("legend");
        return legend ? legend.textContent.trim() : name;
      }
      return label.textContent.replace(/:\s*$/, "").trim();
    }

    // --- talking to the server -------------------------------------------------------------------------
    function post(url, data, kind) {
      data.append("csrfmiddlewaretoken", csrfToken());
      return fetch(url, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), "X-Accord-Script": kind },
      });
    }

    function answer(response) {
      const type = response.headers.get("Content-Type") || "";
      if (!type.startsWith("application/json")) return Promise.resolve({ status: response.status, body: {} });
      return response.json().then(function (body) { return { status: response.status, body: body }; });
    }

    function stop(message, link) {
      stopped = true;
      clearTimeout(pollTimer);
      status.hidden = false;
      status.className = "live-status live-status--stopped";
      status.textContent = message;
      if (link) {
        const a = document.createElement("a");
        a.href = link.href;
        a.textContent = link.text;
        status.appendChild(document.createTextNode(" "));
        status.appendChild(a);
      }
      form.querySelectorAll("[data-live-who]").forEach(function (el) { el.remove(); });
      showPresence.last = "";
    }

    function refused(result) {
      if (result.status === 401) { stop(texts.signed_out); return true; }
      if (result.status === 409 && result.body.code === "version") { newVersionSaved(null); return true; }
      if (result.status === 409 || result.status === 404 || result.status === 403) {
        stop(result.body.detail || texts.signed_out);
        return true;
      }
      return false;
    }

    function newVersionSaved(number) {
      const shown = number || version + 1;
      stop(say(texts.saved, { number: shown }), {
        href: window.location.pathname,
        text: say(texts.open_new, { number: shown }),
      });
    }

    // --- this person's typing ------------------------------------------------------------------------
    function onTyping(event) {
      const name = event.target && event.target.name;
      if (applying || stopped || !(name in fields)) return;
      const field = fields[name];
      field.dirty = true;
      clearTimeout(field.timer);
      field.timer = setTimeout(function () { send(name); }, SEND_DELAY_MS);
      notePresence(name);
    }

    function send(name, keepMine) {
      const field = fields[name];
      field.timer = null;
      if (stopped || field.sending || (field.conflict && !keepMine)) return;
      const value = read(name);
      if (!keepMine && same(value, field.synced)) { field.dirty = false; return; }
      field.sending = true;
      field.dirty = false;
      const data = new FormData();
      data.append("field", name);
      data.append("version", String(version));
      data.append("base_rev", String(field.rev));
      if (kinds[name] === "list") {
        value.forEach(function (item) { data.append("value", item); });
        field.synced.forEach(function (item) { data.append("base", item); });
        data.append("has_base", "1");
      } else {
        data.append("value", value);
        data.append("base", field.synced);
      }
      post(form.dataset.liveUrl, data, "active").then(answer).then(function (result) {
        field.sending = false;
        if (result.status === 200) taken(name, value, result.body);
        else if (result.status === 409 && result.body.code === "field") showConflict(name, result.body);
        else if (result.status === 422) markRefused(name);
        else if (!refused(result)) field.dirty = true;
        if (field.dirty && !field.timer) field.timer = setTimeout(function () { send(name); }, SEND_DELAY_MS);
      }).catch(function () {
        field.sending = false;
        field.dirty = true;
        paused();
      });
    }

    function taken(name, sent, body) {
      const field = fields[name];
      brisk();
      const hadRefusal = holderOf(name) && holderOf(name).querySelector("[data-live-refused]");
      if (hadRefusal) hadRefusal.remove();
      field.rev = body.rev;
      field.synced = body.value;
      if (!same(body.value, sent)) {
        // Put together with someone else's change (steps, themes): show the result, keeping anything typed
        // since the change was sent.
        const now = read(name);
        write(name, same(now, sent) ? body.value : mergeLists(sent, now, body.value));
        field.dirty = !same(read(name), field.synced);
        flash(name, say(texts.merged, { name: body.by }));
      }
    }

    function mergeLists(base, mine, theirs) {
      const removed = base.filter(function (item) { return mine.indexOf(item) === -1; });
      const added = mine.filter(function (item) { return base.indexOf(item) === -1 && theirs.indexOf(item) === -1; });
      return theirs.filter(function (item) { return removed.indexOf(item) === -1; }).concat(added);
    }

    function markRefused(name) {
      const holder = holderOf(name);
      if (!holder || holder.querySelector("[data-live-refused]")) return;
      const note = document.createElement("p");
      note.className = "live-who live-who--refused";
      note.dataset.liveRefused = "1";
      note.textContent = texts.refused;
      holder.appendChild(note);
    }

    // --- the same field changed by two people at once: the later one chooses ------------------------------
    function showConflict(name, body) {
      const field = fields[name];
      field.conflict = { theirs: body.theirs, rev: body.rev, by: body.by };
      const holder = holderOf(name);
      if (!holder) return;
      let box = holder.querySelector("[data-live-conflict]");
      if (!box) {
        box = document.createElement("div");
        box.className = "live-conflict";
        box.dataset.liveConflict = name;
        box.setAttribute("role", "alert");
        holder.appendChild(box);
      }
      box.textContent = "";
      const what = document.createElement("p");
      what.className = "live-conflict__what";
      what.textContent = say(texts.conflict, { name: body.by });
      const theirs = document.createElement("p");
      theirs.className = "live-conflict__theirs";
      const label = document.createElement("strong");
      label.textContent = say(texts.theirs, { name: body.by }) + " ";
      const text = Array.isArray(body.theirs) ? body.theirs.join(" · ") : body.theirs;
      theirs.appendChild(label);
      theirs.appendChild(document.createTextNode(text || texts.empty));
      const actions = document.createElement("div");
      actions.className = "actions";
      const keep = document.createElement("button");
      keep.type = "button";
      keep.className = "button";
      keep.textContent = texts.keep;
      keep.addEventListener("click", function () { keepMine(name); });
      const take = document.createElement("button");
      take.type = "button";
      take.className = "button button--quiet";
      take.textContent = say(texts.take, { name: body.by });
      take.addEventListener("click", function () { takeTheirs(name); });
      actions.appendChild(keep);
      actions.appendChild(take);
      box.appendChild(what);
      box.appendChild(theirs);
      box.appendChild(actions);
    }

    function closeConflict(name) {
      const holder = holderOf(name);
      const box = holder && holder.querySelector("[data-live-conflict]");
      if (box) box.remove();
      fields[name].conflict = null;
      const first = controls(name)[0];
      if (first) first.focus();
    }

    function keepMine(name) {
      const field = fields[name];
      field.rev = field.conflict.rev;
      field.synced = field.conflict.theirs;
      closeConflict(name);
      send(name, true);
    }

    function takeTheirs(name) {
      const field = fields[name];
      write(name, field.conflict.theirs);
      field.rev = field.conflict.rev;
      field.synced = field.conflict.theirs;
      field.dirty = false;
      closeConflict(name);
    }

    // --- the others' changes and presence ----------------------------------------------------------------
    function apply(state, atJoin) {
      if (state.version !== version) { newVersionSaved(state.version); return; }
      let filled = false;
      Object.keys(state.fields || {}).forEach(function (name) {
        const field = fields[name];
        const remote = state.fields[name];
        if (!field || remote.rev <= field.rev) return;
        if (field.conflict) {
          if (remote.rev > field.conflict.rev) showConflict(name, { theirs: remote.value, rev: remote.rev, by: remote.by });
          return;
        }
        // This person has typed here since: their send meets the change (merged, or they choose).
        if (field.dirty || field.sending || field.timer) return;
        field.rev = remote.rev;
        field.by = remote.by;
        if (same(read(name), remote.value)) { field.synced = remote.value; return; }
        write(name, remote.value);
        field.synced = read(name);
        brisk();
        if (atJoin) filled = true;
        else if (!remote.mine) flash(name, say(texts.changed, { name: remote.by }));
      });
      present = state.present || [];
      presentAt = Date.now();
      showPresence();
      if (filled) flashStatus(texts.filled);
    }

    function flash(name, message) {
      const holder = holderOf(name);
      if (!holder) return;
      holder.classList.add("live-changed");
      let note = holder.querySelector("[data-live-changed]");
      if (!note) {
        note = document.createElement("p");
        note.className = "live-who live-who--changed";
        note.dataset.liveChanged = "1";
        holder.appendChild(note);
      }
      note.textContent = message;
      clearTimeout(note.timer);
      note.timer = setTimeout(function () { holder.classList.remove("live-changed"); note.remove(); }, FLASH_MS);
    }

    function flashStatus(message) {
      const note = document.createElement("p");
      note.className = "live-status__note";
      note.textContent = message;
      status.appendChild(note);
    }

    function others() {
      const elapsed = Date.now() - presentAt;
      return present.filter(function (p) { return !p.me && p.age * 1000 + elapsed < goneMs; });
    }

    function showPresence() {
      if (stopped) return;
      const here = others();
      const names = here.map(function (p) { return p.name; });
      status.hidden = false;
      status.className = "live-status" + (here.length ? " live-status--together" : "");
      const sentence = here.length ? say(texts.together, { names: names.join(", ") }) : texts.alone;
      let first = status.querySelector(".live-status__who");
      if (!first) {
        first = document.createElement("p");
        first.className = "live-status__who";
        status.prepend(first);
      }
      // Written only when it changes: a status region reads out every new text.
      if (first.textContent !== sentence) first.textContent = sentence;
      const shown = JSON.stringify(here.map(function (p) { return [p.name, p.field]; }));
      if (shown === showPresence.last) return;
      showPresence.last = shown;
      form.querySelectorAll("[data-live-who]").forEach(function (el) { el.remove(); });
      here.forEach(function (person) {
        if (!person.field || !(person.field in fields)) return;
        const holder = holderOf(person.field);
        if (!holder) return;
        const badge = document.createElement("p");
        badge.className = "live-who";
        badge.dataset.liveWho = person.party;
        badge.textContent = say(texts.editing, { name: person.name });
        badge.title = labelOf(person.field);
        holder.appendChild(badge);
      });
    }

    function paused() {
      if (stopped) return;
      showPresence.last = "";
      status.hidden = false;
      status.className = "live-status live-status--paused";
      let who = status.querySelector(".live-status__who");
      if (!who) {
        who = document.createElement("p");
        who.className = "live-status__who";
        status.prepend(who);
      }
      who.textContent = texts.paused;
    }

    function poll() {
      pollTimer = null;
      if (stopped || document.hidden) return;
      const headers = { "X-Accord-Script": "passive" };
      if (etag) headers["If-None-Match"] = etag;
      fetch(form.dataset.liveUrl, { headers: headers, credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          if (response.status === 304) { showPresence(); return null; }
          if (response.status === 200) etag = response.headers.get("ETag") || "";
          return answer(response);
        })
        .then(function (result) {
          if (!result) return;
          if (result.status === 200) apply(result.body, false);
          else refused(result);
        })
        .catch(paused)
        .then(schedulePoll);
    }

    function schedulePoll() {
      if (stopped || document.hidden || pollTimer) return;
      pollTimer = setTimeout(poll, Date.now() < briskUntil ? pollMs / 2 : pollMs);
    }

    // --- who is here, and where ----------------------------------------------------------------------
    function sendPresence(action) {
      const data = new FormData();
      data.append("action", action);
      data.append("field", currentField);
      return post(form.dataset.livePresenceUrl, data, "passive").then(answer).then(function (result) {
        if (result.status === 200) {
          const atJoin = !joined;
          joined = true;
          apply(result.body, atJoin);
        } else refused(result);
      }).catch(paused);
    }

    function notePresence(name) {
      if (name === currentField) return;
      currentField = name;
      clearTimeout(presenceTimer);
      presenceTimer = setTimeout(function () { if (!stopped && joined) sendPresence("here"); }, PRESENCE_DELAY_MS);
    }

    function leave() {
      if (stopped || !joined || !navigator.sendBeacon) return;
      const data = new FormData();
      data.append("action", "leave");
      data.append("csrfmiddlewaretoken", csrfToken());
      navigator.sendBeacon(form.dataset.livePresenceUrl, data);
      joined = false;
    }

    // --- start -------------------------------------------------------------------------------------------
    Object.keys(kinds).forEach(function (name) {
      if (!controls(name).length) return;
      fields[name] = { rev: 0, synced: read(name), dirty: false, sending: false, timer: null, conflict: null, by: "" };
    });
    form.addEventListener("input", onTyping);
    form.addEventListener("change", onTyping);
    form.addEventListener("focusin", function (event) {
      if (event.target.name in fields) notePresence(event.target.name);
    });
    form.addEventListener("focusout", function () {
      setTimeout(function () {
        const active = document.activeElement;
        if (!active || !form.contains(active) || !(active.name in fields)) notePresence("");
      }, PRESENCE_DELAY_MS);
    });
    // A part of the form swapped in by htmx ("add a need", "add another milestone") may carry a change
    // that no key press announced: a theme just added and ticked.
    form.addEventListener("htmx:afterSettle", function () {
      if (applying) return;  // a step row this script added for someone else's list
      Object.keys(fields).forEach(function (name) {
        const field = fields[name];
        if (!stopped && !field.conflict && !field.timer && !same(read(name), field.synced)) {
          field.dirty = true;
          field.timer = setTimeout(function () { send(name); }, SEND_DELAY_MS);
        }
      });
    });
    document.addEventListener("visibilitychange", function () {
      if (document.hidden || stopped) return;
      sendPresence(joined ? "here" : "join").then(schedulePoll);
    });
    window.addEventListener("pagehide", leave);
    window.addEventListener("pageshow", function (event) {
      if (event.persisted && !stopped) sendPresence("join").then(schedulePoll);
    });
    setInterval(function () { if (!stopped && joined && !document.hidden) sendPresence("here"); }, heartbeatMs);
    setInterval(function () { if (!stopped && joined) showPresence(); }, 5000);
    sendPresence("join").then(schedulePoll);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
