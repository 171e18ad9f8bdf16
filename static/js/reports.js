// The staff reports' charts (applications/reports): each canvas names the JSON its
// table was drawn from; Chart.js (a static file) draws it. No inline script, so the
// page works under the Content-Security-Policy.
(function () {
  "use strict";
  if (!window.Chart) return;
  // Okabe–Ito: colours told apart with the common forms of colour blindness.
  var colours = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];
  document.querySelectorAll("canvas[data-report-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.getAttribute("data-report-chart"));
    if (!source) return;
    var data = JSON.parse(source.textContent);
    var line = data.type === "line";
    new window.Chart(canvas, {
      type: line ? "line" : "bar",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (series, index) {
          var colour = colours[index % colours.length];
          return {
            label: series.label,
            data: series.values,
            backgroundColor: colour,
            borderColor: colour,
            spanGaps: false
          };
        })
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        responsive: true,
        scales: {
          x: { stacked: data.stacked },
          y: { stacked: data.stacked, beginAtZero: true }
        },
        plugins: { legend: { position: "bottom" } }
      }
    });
  });
})();
