// The check-in page: a slider beside each 0–10 number, kept in step with it. The number is the real
// field (typed, read by screen readers, sent with the form); the slider is a quicker way to set it on a
// phone. Without this script the slider stays hidden and the number works on its own.
(function () {
  "use strict";

  function connect(slider) {
    const number = document.getElementById(slider.dataset.sliderFor);
    if (!number) return;
    slider.hidden = false;
    if (number.value !== "") slider.value = number.value;
    else slider.classList.add("checkin-slider--unset");
    slider.addEventListener("input", function () {
      number.value = slider.value;
      slider.classList.remove("checkin-slider--unset");
      number.dispatchEvent(new Event("input", { bubbles: true }));
    });
    number.addEventListener("input", function () {
      const value = Number(number.value);
      if (number.value !== "" && value >= 0 && value <= 10) {
        slider.value = String(value);
        slider.classList.remove("checkin-slider--unset");
      }
    });
  }

  function start() {
    document.querySelectorAll("[data-slider-for]").forEach(connect);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
