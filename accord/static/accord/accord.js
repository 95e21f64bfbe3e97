// Accord's small page script. Everything works without it; it adds the quick exit, the idle warning and
// the htmx loading state. No inline scripts anywhere (the CSP forbids them).
(function () {
  "use strict";

  function csrfToken() {
    return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  }

  // Leave quickly: sign out (a beacon, which the browser sends even as the page goes), replace this page in
  // history so Back does not return to it, and blank it at once. Every page with client data is no-store,
  // so Back fetches it again and finds the person signed out. See SECURITY.md ("The safety exit").
  function leaveQuickly(event) {
    const link = event.currentTarget;
    event.preventDefault();
    document.body.style.visibility = "hidden";
    document.title = "Weather";
    const leaveUrl = document.body.dataset.leaveUrl;
    if (leaveUrl && navigator.sendBeacon) {
      const data = new FormData();
      data.append("csrfmiddlewaretoken", csrfToken());
      navigator.sendBeacon(leaveUrl, data);
    }
    window.location.replace(link.href);
  }

  function setUpLeaveQuickly() {
    document.querySelectorAll("[data-leave-quickly]").forEach(function (link) {
      link.addEventListener("click", leaveQuickly);
    });
    // Pressing Escape three times in quick succession also leaves.
    let presses = [];
    document.addEventListener("keydown", function (event) {
      const link = document.querySelector("[data-leave-quickly]");
      if (!link || event.key !== "Escape") return;
      const now = Date.now();
      presses = presses.filter(function (t) { return now - t < 1500; });
      presses.push(now);
      if (presses.length >= 3) link.click();
    });
  }

  // Idle warning: a minute before the server signs the person out, offer to stay.
  function setUpIdleWarning() {
    const body = document.body;
    const timeout = Number(body.dataset.idleTimeout || 0);
    const warning = Number(body.dataset.idleWarning || 60);
    const dialog = document.getElementById("idle-warning");
    if (!timeout || !dialog) return;
    let warnTimer, endTimer;

    function schedule() {
      clearTimeout(warnTimer);
      clearTimeout(endTimer);
      warnTimer = setTimeout(function () {
        if (typeof dialog.showModal === "function" && !dialog.open) dialog.showModal();
      }, Math.max(timeout - warning, 1) * 1000);
      endTimer = setTimeout(signOutKeepingDraft, (timeout + 2) * 1000);
    }

    // The session has ended: go to sign-in, coming back to this page afterwards. A form the person had
    // started is kept on the server first (accord/accounts/drafts.py) and put back after signing in.
    function signOutKeepingDraft() {
      const here = window.location.pathname + window.location.search;
      const target = body.dataset.signedOutUrl + "?next=" + encodeURIComponent(here);
      const form = startedForm();
      if (!form || !body.dataset.keepDraftUrl) { window.location.assign(target); return; }
      const data = new FormData(form);
      data.set("accord_page", here);
      data.set("accord_action", new URL(form.action, window.location.href).pathname);
      fetch(body.dataset.keepDraftUrl, {
        method: "POST", headers: { "X-CSRFToken": csrfToken() }, body: data, credentials: "same-origin",
      }).catch(function () {}).then(function () { window.location.assign(target); });
    }

    dialog.querySelector("[data-keep-alive]").addEventListener("click", function () {
      fetch(body.dataset.keepAliveUrl, {
        method: "POST",
        headers: { "X-CSRFToken": csrfToken() },
        credentials: "same-origin",
      }).then(function (response) {
        if (response.ok) { dialog.close(); schedule(); }
        else { window.location.assign(body.dataset.signedOutUrl); }
      });
    });
    document.addEventListener("htmx:afterRequest", schedule);
    schedule();
  }

  // A write the server could not take in time (503): the form stays as typed; say so and let them resend.
  function setUpBusyNotice() {
    document.addEventListener("htmx:responseError", function (event) {
      const xhr = event.detail.xhr;
      if (!xhr || xhr.status !== 503) return;
      const main = document.getElementById("main");
      if (!main) return;
      let notice = document.getElementById("busy-notice");
      if (!notice) {
        notice = document.createElement("p");
        notice.id = "busy-notice";
        notice.className = "notice";
        notice.setAttribute("role", "alert");
        main.prepend(notice);
      }
      notice.textContent = main.dataset.busyText || "Accord is busy. Nothing was lost: please try again in a moment.";
    });
  }

  // A form the person has typed into (and that is not a sign-in form).
  function startedForm() {
    const forms = Array.prototype.slice.call(document.querySelectorAll("form"));
    return forms.find(function (form) {
      if ((form.getAttribute("method") || "").toLowerCase() !== "post") return false;
      if (form.querySelector("input[type=password]")) return false;
      return Array.prototype.some.call(form.elements, function (el) {
        if (el.type === "checkbox" || el.type === "radio") return el.checked !== el.defaultChecked;
        if (el.tagName === "TEXTAREA" || (el.tagName === "INPUT" && el.type !== "hidden")) {
          return el.value !== el.defaultValue;
        }
        return false;
      });
    }) || null;
  }

  // Words kept across an idle sign-out go back into their form, and the page says so.
  function restoreDraft() {
    const script = document.getElementById("accord-draft");
    if (!script) return;
    const draft = JSON.parse(script.textContent);
    const forms = Array.prototype.slice.call(document.querySelectorAll("form"));
    const form = forms.find(function (f) {
      return new URL(f.action, window.location.href).pathname === draft.action &&
        (f.getAttribute("method") || "").toLowerCase() === "post";
    });
    if (!form) return;
    const values = {};
    draft.fields.forEach(function (pair) { (values[pair[0]] = values[pair[0]] || []).push(pair[1]); });
    Object.keys(values).forEach(function (name) {
      form.querySelectorAll('[name="' + CSS.escape(name) + '"]').forEach(function (el, index) {
        if (el.type === "checkbox" || el.type === "radio") el.checked = values[name].indexOf(el.value) !== -1;
        else if (el.tagName === "SELECT" && el.multiple) {
          Array.prototype.forEach.call(el.options, function (o) { o.selected = values[name].indexOf(o.value) !== -1; });
        } else if (index < values[name].length) el.value = values[name][index];
        el.dispatchEvent(new Event("input", { bubbles: true }));
      });
    });
    const notice = document.createElement("p");
    notice.className = "message message--info";
    notice.setAttribute("role", "status");
    notice.tabIndex = -1;
    notice.textContent = draft.notice;
    form.prepend(notice);
    notice.focus();
  }

  // The error summary takes focus, so the person hears what is wrong and can follow each link to its field.
  function focusErrorSummary() {
    const summary = document.querySelector("[data-error-summary]");
    if (summary && !document.getElementById("accord-draft")) summary.focus();
  }

  // One press sends a form once: a second press (a double click, a slow phone) while the first is on its
  // way does nothing. Forms also carry a one-time key, so the server makes one row even if both arrive.
  function setUpSubmitOnce() {
    document.addEventListener("submit", function (event) {
      const form = event.target;
      if ((form.getAttribute("method") || "").toLowerCase() !== "post") return;
      if (form.dataset.sending === "1") {
        event.preventDefault();
        event.stopImmediatePropagation();
        return;
      }
      form.dataset.sending = "1";
      form.setAttribute("aria-busy", "true");
      // A submit that never gets an answer (the network dropped) may be tried again after a while.
      setTimeout(function () { delete form.dataset.sending; form.removeAttribute("aria-busy"); }, 10000);
    }, true);
    document.addEventListener("htmx:afterRequest", function (event) {
      const form = event.detail.elt && event.detail.elt.closest ? event.detail.elt.closest("form") : null;
      if (form) { delete form.dataset.sending; form.removeAttribute("aria-busy"); }
    });
    // Back to a page kept by the browser: its forms may be sent again.
    window.addEventListener("pageshow", function () {
      document.querySelectorAll("form[data-sending]").forEach(function (form) {
        delete form.dataset.sending;
        form.removeAttribute("aria-busy");
      });
    });
  }

  // A live count beside every field with a length limit; over the limit it says by how much. The server
  // refuses over-long text and keeps it in the form; nothing is ever cut off.
  function setUpCounters(root) {
    const main = document.getElementById("main");
    const template = (main && main.dataset.counterText) || "%(count)s of %(limit)s characters";
    const overTemplate = (main && main.dataset.counterOverText) || "%(over)s characters too many";
    // Numbers as the page's language writes them (1.000 in Spanish), not the browser's.
    const pageLanguage = document.documentElement.lang || undefined;
    root.querySelectorAll("[data-max-length]").forEach(function (field) {
      if (field.dataset.counted) return;
      field.dataset.counted = "1";
      const limit = Number(field.dataset.maxLength);
      const counter = document.createElement("p");
      counter.className = "char-count";
      counter.id = (field.id || field.name) + "-count";
      const live = document.createElement("span");
      live.className = "visually-hidden";
      live.setAttribute("aria-live", "polite");
      const described = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      described.push(counter.id);
      field.setAttribute("aria-describedby", described.join(" "));
      field.insertAdjacentElement("afterend", counter);
      counter.insertAdjacentElement("afterend", live);
      let announce;
      function update() {
        const count = field.value.length;
        const over = count - limit;
        counter.textContent = over > 0
          ? overTemplate.replace("%(over)s", over.toLocaleString(pageLanguage))
          : template.replace("%(count)s", count.toLocaleString(pageLanguage)).replace("%(limit)s", limit.toLocaleString(pageLanguage));
        counter.classList.toggle("char-count--over", over > 0);
        field.setAttribute("aria-invalid", over > 0 ? "true" : (field.dataset.serverInvalid || "false"));
        clearTimeout(announce);
        // Said aloud only when the person pauses near or over the limit, not on every key.
        if (over > 0 || limit - count <= Math.max(20, limit / 10)) {
          announce = setTimeout(function () { live.textContent = counter.textContent; }, 800);
        }
      }
      field.dataset.serverInvalid = field.getAttribute("aria-invalid") === "true" ? "true" : "false";
      field.addEventListener("input", update);
      update();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpSubmitOnce();
    setUpCounters(document);
    document.addEventListener("htmx:afterSettle", function (event) { setUpCounters(event.detail.elt || document); });
    restoreDraft();
    focusErrorSummary();
    setUpBusyNotice();
    setUpLeaveQuickly();
    setUpIdleWarning();
  });
})();
