// Accord's small page script. Everything works without it; it adds the quick exit, the idle warning and
// the htmx loading state. No inline scripts anywhere (the CSP forbids them).
(function () {
  "use strict";

  // Leave quickly: replace this page in history so Back does not return to it, and blank it at once.
  function leaveQuickly(event) {
    const link = event.currentTarget;
    event.preventDefault();
    document.body.style.visibility = "hidden";
    document.title = "Weather";
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
      endTimer = setTimeout(function () {
        window.location.assign(body.dataset.signedOutUrl);
      }, (timeout + 2) * 1000);
    }

    dialog.querySelector("[data-keep-alive]").addEventListener("click", function () {
      const token = JSON.parse(body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];
      fetch(body.dataset.keepAliveUrl, {
        method: "POST",
        headers: { "X-CSRFToken": token },
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

  document.addEventListener("DOMContentLoaded", function () {
    setUpBusyNotice();
    setUpLeaveQuickly();
    setUpIdleWarning();
  });
})();
