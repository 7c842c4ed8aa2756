// Draws every chart of the page ({% chart %} in templates: acoms.web.charts). The expression interpreter keeps
// Vega within the Content-Security-Policy (no eval); the default style and the actions menu would need inline CSS.
(function () {
  "use strict";
  function draw(el) {
    if (el.dataset.drawn) return;
    el.dataset.drawn = "1";
    var spec = JSON.parse(document.getElementById(el.dataset.chart).textContent);
    var options = {
      renderer: "svg", actions: false, defaultStyle: false, tooltip: false,
      ast: true, expr: window.vega.expressionInterpreter,
    };
    window.vegaEmbed(el, spec, options).catch(function () {
      el.textContent = "The chart could not be drawn; its figures are in the table below.";
    });
  }
  function drawAll(root) {
    (root || document).querySelectorAll("[data-chart]").forEach(draw);
  }
  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSwap", function (e) { drawAll(e.target); });
})();
