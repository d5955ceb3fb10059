// Renders the sections of a specagent report from the JSON in #report-data with Chart.js.
// After drawing, <body data-charts="N"> holds the number of charts whose canvas has visible pixels,
// so a headless browser test can check that the page drew.
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var root = document.getElementById('sections');
  var FATE_COLOURS = { COMMITTED: '#2e9d4b', WASTED: '#f0a202', CANCELLED: '#d1495b' };
  var charts = [];

  var PALETTE = ['#3b75af', '#ef8636', '#519e3e', '#c53a32', '#8d69b8', '#84584e', '#d57dbf', '#7f7f7f'];

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in (attrs || {})) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function heading(s) { root.appendChild(el('h2', {}, s.title)); if (s.note) root.appendChild(el('p', { 'class': 'note' }, s.note)); }
  function canvas(height) {
    var box = el('div', { 'class': 'chart', style: 'height:' + height + 'px' });
    var c = el('canvas');
    box.appendChild(c);
    root.appendChild(box);
    return c;
  }
  function chart(c, config) {
    config.options = config.options || {};
    config.options.animation = false;
    config.options.maintainAspectRatio = false;
    charts.push(new Chart(c, config));
  }

  // Columns whose every cell is a number (or '-') are right-aligned; text columns stay left-aligned.
  function table(s) {
    var t = el('table');
    var tr = el('tr');
    var numeric = s.headers.map(function (h, i) {
      return s.rows.every(function (row) { return /^\s*(-|[-+]?[\d.,]+\s*[%s$]?)\s*$/.test(row[i] || ''); });
    });
    var cls = function (i) { return i > 0 && numeric[i] ? 'num' : 'text'; };
    s.headers.forEach(function (h, i) { tr.appendChild(el('th', { 'class': cls(i) }, h)); });
    t.appendChild(tr);
    s.rows.forEach(function (row) {
      var r = el('tr');
      row.forEach(function (v, i) { r.appendChild(el('td', { 'class': cls(i) }, v)); });
      t.appendChild(r);
    });
    root.appendChild(t);
  }

  // One lane per concurrent attempt of a role: greedy interval partitioning keeps the chart compact.
  function timeline(s) {
    var lanes = {}, laneEnds = {}, order = [];
    var entries = s.entries.slice().sort(function (a, b) { return a.start - b.start; });
    entries.forEach(function (e) {
      var ends = laneEnds[e.role] || (laneEnds[e.role] = []);
      var i = 0;
      while (i < ends.length && ends[i] > e.start) i++;
      ends[i] = Math.max(e.end, e.start);
      var lane = e.role.toLowerCase() + (i > 0 ? ' ' + (i + 1) : '');
      if (!lanes[lane]) { lanes[lane] = true; order.push(lane); }
      e.lane = lane;
    });
    var roleOrder = ['actor', 'target', 'branch', 'approximation', 'speculator', 'predictor'];
    order.sort(function (a, b) {
      var ra = roleOrder.indexOf(a.split(' ')[0]), rb = roleOrder.indexOf(b.split(' ')[0]);
      return ra !== rb ? ra - rb : a.localeCompare(b, undefined, { numeric: true });
    });
    var datasets = ['COMMITTED', 'WASTED', 'CANCELLED'].map(function (fate) {
      var rows = entries.filter(function (e) { return e.fate === fate; });
      return {
        label: fate.toLowerCase(),
        data: rows.map(function (e) { return { x: [e.start, Math.max(e.end, e.start + s.minWidth)], y: e.lane, e: e }; }),
        backgroundColor: FATE_COLOURS[fate],
        borderColor: rows.map(function (e) { return e.committedPath ? '#0b3d1a' : FATE_COLOURS[fate]; }),
        borderWidth: rows.map(function (e) { return e.committedPath ? 2 : 0; }),
        borderSkipped: false,
        barPercentage: 0.9, categoryPercentage: 0.95
      };
    });
    chart(canvas(Math.max(180, Math.min(1400, 70 + order.length * 22))), {
      type: 'bar',
      data: { labels: order, datasets: datasets },
      options: {
        indexAxis: 'y', parsing: { yAxisKey: 'y', xAxisKey: 'x' },
        scales: { x: { type: 'linear', title: { display: true, text: 'seconds' } }, y: { type: 'category', labels: order } },
        plugins: {
          tooltip: { callbacks: { label: function (ctx) { var e = ctx.raw.e;
            return e.label + ' · ' + e.fate.toLowerCase() + ' · ' + (e.end - e.start).toFixed(3) + ' s · $' + e.cost.toFixed(5)
              + (e.depth ? ' · depth ' + e.depth : ''); } } },
          title: { display: true, text: 'every call of the run; dark outline = committed path' }
        }
      }
    });
  }

  // Bounds for the two value axes that put both zeros at the same height (the bars of one row share a baseline):
  // room below zero in the ratio 'below' to the room above it on both. An axis of negative values only beside one
  // with positive values (a live game that speculation made slower, beside its searches) needs room on both sides:
  // at least as much below zero as above.
  function alignedZeroBounds(s) {
    var axes = ['y', 'y2'].map(function (axis) {
      var values = [0];
      s.series.forEach(function (d) { if ((d.axis || 'y') === axis) { values = values.concat(d.values); } });
      return { lo: Math.min.apply(null, values), hi: Math.max.apply(null, values) };
    });
    var positive = axes.some(function (a) { return a.hi > 0; });
    var negativeOnly = axes.some(function (a) { return a.hi <= 0 && a.lo < 0; });
    var below = Math.max.apply(null, axes.map(function (a) { return a.hi > 0 ? -a.lo / a.hi : 0; }));
    if (positive && negativeOnly) below = Math.max(below, 1);
    return axes.map(function (a) {
      if (a.hi > 0) return { min: -below * a.hi * 1.05, max: a.hi * 1.05 };
      if (a.lo < 0 && positive) return { min: a.lo * 1.05, max: -a.lo * 1.05 / below };
      return {};
    });
  }

  function bars(s) {
    var bounds = alignedZeroBounds(s);
    var c = canvas(320);
    chart(c, {
      type: 'bar',
      data: { labels: s.labels, datasets: s.series.map(function (d, i) {
        return { label: d.name, data: d.values, yAxisID: d.axis || 'y', backgroundColor: PALETTE[i % PALETTE.length] }; }) },
      options: { scales: { y: { min: bounds[0].min, max: bounds[0].max, ticks: { includeBounds: false }, position: 'left', title: { display: true, text: s.leftLabel || '' } },
                            y2: { min: bounds[1].min, max: bounds[1].max, ticks: { includeBounds: false }, position: 'right', grid: { drawOnChartArea: false },
                                  display: s.series.some(function (d) { return d.axis === 'y2'; }),
                                  title: { display: true, text: s.rightLabel || '' } } } }
    });
    // where each axis puts 0, kept on the canvas (data-zeros) for the browser test
    var drawn = charts[charts.length - 1];
    c.dataset.zeros = JSON.stringify(['y', 'y2'].map(function (id) { return drawn.scales[id].getPixelForValue(0); }));
  }

  function scatter(s) {
    chart(canvas(480), {
      type: 'scatter',
      data: { datasets: s.points.map(function (p, i) {
        return { label: p.name, data: [{ x: p.x, y: p.y }], pointRadius: 7,
                 backgroundColor: PALETTE[i % PALETTE.length] }; }) },
      options: { scales: { x: { grace: '10%', title: { display: true, text: s.xLabel } }, y: { grace: '10%', title: { display: true, text: s.yLabel } } } },
      // Colours repeat with many policies: each point also carries its name.
      plugins: [{ id: 'pointNames', afterDatasetsDraw: pointNames }]
    });
  }

  // Each point's name in the nearest place that covers no other name and no point, inside the plot area: beside the
  // point (right of it, else left, above or below), else further away, joined to it by a thin line; a name with no
  // free place is left out (the tooltip still names the point). The boxes drawn are kept on the canvas
  // (data-name-boxes, data-points) for the browser test.
  function pointNames(c) {
    var ctx = c.ctx, area = c.chartArea, points = [], boxes = [];
    c.data.datasets.forEach(function (d, i) {
      var el = c.getDatasetMeta(i).data[0];
      if (el && !c.getDatasetMeta(i).hidden) points.push({ x: el.x, y: el.y, name: d.label });
    });
    function overlap(a, b) { return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]; }
    function free(box) {
      if (box[0] < area.left || box[2] > area.right || box[1] < area.top || box[3] > area.bottom) return false;
      for (var i = 0; i < points.length; i++) {
        var p = points[i];
        if (overlap(box, [p.x - 8, p.y - 8, p.x + 8, p.y + 8])) return false;
      }
      return !boxes.some(function (b) { return overlap(box, b); });
    }
    ctx.save();
    ctx.font = '11px system-ui, sans-serif';
    points.forEach(function (p) {
      var width = ctx.measureText(p.name).width, best = null;
      for (var row = 0; row <= 24; row++) {
        var k = row === 0 ? 0 : row % 2 === 1 ? -(row + 1) / 2 : row / 2; // beside, then above and below in turn
        var baseline = p.y + 4 + 13 * k;
        for (var step = 0; step <= 10; step++) {
          [p.x + 9 + 20 * step, p.x - 9 - 20 * step - width].forEach(function (x) {
            var box = [x - 1, baseline - 10, x + width + 1, baseline + 3];
            var nx = Math.min(Math.max(p.x, box[0]), box[2]), ny = Math.min(Math.max(p.y, box[1]), box[3]);
            var distance = Math.hypot(nx - p.x, ny - p.y);
            if ((best === null || distance < best.distance) && free(box)) {
              best = { x: x, baseline: baseline, box: box, distance: distance, end: [nx, ny] };
            }
          });
        }
      }
      if (best === null) return;
      boxes.push(best.box);
      if (best.distance > 11) {
        ctx.strokeStyle = '#999';
        ctx.lineWidth = 0.7;
        ctx.beginPath();
        ctx.moveTo(p.x, p.y);
        ctx.lineTo(best.end[0], best.end[1]);
        ctx.stroke();
      }
      ctx.fillStyle = '#333';
      ctx.fillText(p.name, best.x, best.baseline);
    });
    ctx.restore();
    c.canvas.dataset.nameBoxes = JSON.stringify(boxes);
    c.canvas.dataset.points = JSON.stringify(points.map(function (p) { return [p.x, p.y]; }));
  }

  function series(s) {
    chart(canvas(340), {
      type: 'line',
      data: { datasets: s.lines.map(function (l, i) {
        return { label: l.name, data: l.points.map(function (p) { return { x: p[0], y: p[1] }; }), pointRadius: 0, borderWidth: 1.5,
                 borderColor: PALETTE[i % PALETTE.length] }; }) },
      options: { parsing: false, scales: { x: { type: 'linear', title: { display: true, text: s.xLabel } },
                                           y: { title: { display: true, text: s.yLabel } } } }
    });
  }

  function text(s) { root.appendChild(el('pre', { 'class': 'printed' }, s.text)); }

  var renderers = { table: table, timeline: timeline, bars: bars, scatter: scatter, series: series, text: text };
  data.sections.forEach(function (s) {
    heading(s);
    renderers[s.kind](s);
  });

  var drawn = 0;
  charts.forEach(function (c) {
    var ctx = c.canvas.getContext('2d');
    var px = ctx.getImageData(0, 0, c.canvas.width, c.canvas.height).data;
    for (var i = 3; i < px.length; i += 4) { if (px[i] !== 0) { drawn++; return; } }
  });
  document.body.dataset.charts = String(drawn);
  document.body.dataset.expectedCharts = String(charts.length);
})();
