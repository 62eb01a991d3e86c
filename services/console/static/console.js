// Draws every <canvas data-chart="ID"> from the JSON in <script type="application/json" id="ID">.
"use strict";
(function () {
  const palette = ["#00507a", "#b35900", "#1d6b2f", "#7a1f7a", "#a01818", "#4a4a4a",
                   "#006d6d", "#5c4b00", "#2f3f9f", "#7a4b00"];
  function draw() {
    if (typeof Chart === "undefined") return;
    document.querySelectorAll("canvas[data-chart]:not([data-drawn])").forEach(function (canvas) {
      canvas.dataset.drawn = "1";
      const source = document.getElementById(canvas.dataset.chart);
      if (!source) return;
      const spec = JSON.parse(source.textContent);
      const round = spec.type === "doughnut" || spec.type === "pie";
      new Chart(canvas, {
        type: spec.type,
        data: {
          labels: spec.labels,
          datasets: [{
            label: spec.label,
            data: spec.values,
            backgroundColor: round ? spec.labels.map(function (_, i) { return palette[i % palette.length]; })
                                   : palette[0],
          }],
        },
        options: {
          animation: false,
          responsive: true,
          plugins: { legend: { display: round } },
          scales: round ? {} : { y: { beginAtZero: true, ticks: { precision: 0 } } },
        },
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
  // Parts of a page htmx swapped in (the composition on another date) get their charts too.
  document.addEventListener("htmx:afterSettle", draw);
})();
