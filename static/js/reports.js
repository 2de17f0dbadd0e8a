/* HR reports: draw each <canvas data-chart="..."> with Chart.js from the JSON block it names.

   The page holds the data (a <script type="application/json"> per chart: {labels, series:
   [{label, values, stack}]}) and says how to draw it with data- attributes on the canvas:
   data-kind (bar | line | range), data-horizontal, data-stacked, data-values-title. No inline
   script, so a Content-Security-Policy can forbid it.

   Readable without colour: every series of a bar chart has its own fill pattern as well as its own
   colour, lines have their own dash and point shape, the legend names each series, and plain bar
   charts carry their values at the end of each bar. The table under each chart has the figures. */
(function () {
  "use strict";

  if (typeof Chart === "undefined") {
    return; // the tables below the charts still have every figure
  }

  // Okabe-Ito colours (distinguishable with the common colour-vision deficiencies), darkest first.
  var COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00"];
  var PATTERNS = ["solid", "diagonal", "dots", "cross", "vertical", "zigzag"];
  var POINTS = ["circle", "triangle", "rect", "rectRot", "star", "crossRot"];
  var DASHES = [[], [8, 4], [2, 3], [12, 4, 2, 4]];
  var TEXT = "#212529";

  Chart.defaults.color = "#495057";
  Chart.defaults.font.size = 13;
  if (window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches) {
    Chart.defaults.animation = false;
  }

  // A fill with a pattern drawn on a light tint of the colour, so neighbouring bars differ in shape too.
  function pattern(colour, kind) {
    if (kind === "solid") {
      return colour;
    }
    var size = 10;
    var tile = document.createElement("canvas");
    tile.width = tile.height = size;
    var c = tile.getContext("2d");
    c.fillStyle = colour + "59"; // 35% opacity
    c.fillRect(0, 0, size, size);
    c.strokeStyle = colour;
    c.fillStyle = colour;
    c.lineWidth = 2;
    c.beginPath();
    if (kind === "diagonal") {
      c.moveTo(0, size); c.lineTo(size, 0);
      c.moveTo(-2, 2); c.lineTo(2, -2);
      c.moveTo(size - 2, size + 2); c.lineTo(size + 2, size - 2);
      c.stroke();
    } else if (kind === "dots") {
      c.arc(size / 2, size / 2, 2, 0, 2 * Math.PI);
      c.fill();
    } else if (kind === "cross") {
      c.moveTo(0, size / 2); c.lineTo(size, size / 2);
      c.moveTo(size / 2, 0); c.lineTo(size / 2, size);
      c.stroke();
    } else if (kind === "vertical") {
      c.moveTo(size / 2, 0); c.lineTo(size / 2, size);
      c.stroke();
    } else {
      c.moveTo(0, size * 0.75); c.lineTo(size / 2, size * 0.25); c.lineTo(size, size * 0.75);
      c.stroke();
    }
    return c.createPattern(tile, "repeat");
  }

  function barDataset(series, index) {
    var colour = COLOURS[index % COLOURS.length];
    return {
      label: series.label,
      data: series.values,
      stack: series.stack || undefined,
      backgroundColor: pattern(colour, PATTERNS[index % PATTERNS.length]),
      borderColor: colour,
      borderWidth: 1.5
    };
  }

  function lineDataset(series, index) {
    var colour = COLOURS[index % COLOURS.length];
    return {
      type: "line",
      label: series.label,
      data: series.values,
      borderColor: colour,
      backgroundColor: colour,
      borderDash: DASHES[index % DASHES.length],
      pointStyle: POINTS[index % POINTS.length],
      pointRadius: 4,
      pointHoverRadius: 6,
      tension: 0
    };
  }

  // A floating bar from the first to the third quartile, and the median as a wide dash across it.
  function rangeDatasets(data) {
    return [
      Object.assign(barDataset(data.series[0], 0), { order: 2 }),
      {
        type: "line",
        label: data.series[1].label,
        data: data.series[1].values,
        showLine: false,
        pointStyle: "line",
        pointRadius: 18,
        pointHoverRadius: 20,
        pointBorderWidth: 4,
        borderColor: TEXT,
        backgroundColor: TEXT,
        order: 1
      }
    ];
  }

  // Values at the end of each bar of a chart whose bars are neither stacked nor floating.
  var barValues = {
    id: "barValues",
    afterDatasetsDraw: function (chart, args, options) {
      if (!options.enabled) {
        return;
      }
      var c = chart.ctx;
      var horizontal = chart.options.indexAxis === "y";
      c.save();
      c.fillStyle = TEXT;
      c.font = "12px system-ui, sans-serif";
      c.textAlign = horizontal ? "left" : "center";
      c.textBaseline = horizontal ? "middle" : "bottom";
      chart.data.datasets.forEach(function (dataset, i) {
        var meta = chart.getDatasetMeta(i);
        if (meta.hidden) {
          return;
        }
        meta.data.forEach(function (bar, j) {
          var value = dataset.data[j];
          if (value === null || value === 0) {
            return;
          }
          if (horizontal) {
            c.fillText(String(value), bar.x + 4, bar.y);
          } else {
            c.fillText(String(value), bar.x, bar.y - 2);
          }
        });
      });
      c.restore();
    }
  };

  // A long category label on lines of about `width` characters, so it fits beside a bar on a phone.
  function wrap(label, width) {
    var lines = [];
    String(label).split(" ").forEach(function (word) {
      var last = lines.length - 1;
      if (last >= 0 && lines[last].length + word.length < width) {
        lines[last] += " " + word;
      } else {
        lines.push(word);
      }
    });
    return lines.length > 1 ? lines : label;
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var kind = canvas.dataset.kind || "bar";
    var horizontal = canvas.dataset.horizontal === "true";
    var stacked = canvas.dataset.stacked === "true";
    var datasets;
    if (kind === "line") {
      datasets = data.series.map(lineDataset);
    } else if (kind === "range") {
      datasets = rangeDatasets(data);
    } else {
      datasets = data.series.map(barDataset);
    }
    if (horizontal) {
      data.labels = data.labels.map(function (label) { return wrap(label, 22); });
      // One bar (or group of bars) needs about 2rem; long label lists make a taller chart.
      var perLabel = stacked ? 2 : 1.25 + data.series.length;
      canvas.parentNode.style.height = Math.max(12, 4 + data.labels.length * perLabel) + "rem";
    }
    var valueAxis = {
      beginAtZero: true,
      stacked: stacked,
      ticks: { precision: 0 },
      title: { display: true, text: canvas.dataset.valuesTitle || "", color: TEXT },
      grace: kind === "bar" && !stacked ? "8%" : 0
    };
    var labelAxis = { stacked: stacked, ticks: { autoSkip: true, maxRotation: 60 } };
    new Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: datasets },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
        plugins: {
          legend: {
            display: data.series.length > 1,
            position: "bottom",
            labels: { color: TEXT, usePointStyle: kind === "line", boxWidth: 28, boxHeight: 14 }
          },
          barValues: { enabled: kind === "bar" && !stacked }
        }
      },
      plugins: [barValues]
    });
  }

  document.querySelectorAll("canvas[data-chart]").forEach(draw);
})();
