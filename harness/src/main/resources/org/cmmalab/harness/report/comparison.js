// The charts of a comparison's page (ComparisonHtml), drawn with Chart.js from the JSON in
// #report-data (ComparisonPageData). Every chart: values on hover, a policy shown or hidden by a
// click on its legend entry. A policy has one colour, dash pattern and marker in every chart, and
// lines further down the legend are drawn wider and beneath (Chart.js draws a higher order first),
// so that two policies with equal values still show both: the narrower line over the wider one.
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('report-data').textContent);
  Chart.defaults.animation = false;
  Chart.defaults.font.family = '"DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif';
  Chart.defaults.maintainAspectRatio = false;

  // Colours and dashes come with the data (PolicyStyle), the same as the PNG charts'; markers are Chart.js's own.
  const MARKERS = ['circle', 'triangle', 'rect', 'rectRot', 'crossRot', 'star', 'rectRounded', 'cross'];

  const metrics = {};
  data.metrics.forEach(function (m) { metrics[m.key] = m; });

  /** How a value is written, as the tables write it: counts whole with separators, the rest to 4 significant digits. */
  function format(key, value) {
    if (value === null || value === undefined || !isFinite(value)) {
      return '-';
    }
    if (metrics[key] && metrics[key].count) {
      return Math.round(value).toLocaleString('en-US');
    }
    if (value === 0) {
      return '0';
    }
    if (Math.abs(value) >= 1000) {
      return Math.round(value).toLocaleString('en-US');
    }
    return value.toPrecision(4);
  }

  function style(policy) {
    const i = data.policies.indexOf(policy);
    const s = data.styles[policy];
    return {
      borderColor: s.colour,
      backgroundColor: s.colour,
      borderDash: s.dash,
      pointStyle: MARKERS[i % MARKERS.length],
      borderWidth: 2 + 2 * i,
      pointRadius: 3 + 2 * i,
      pointHoverRadius: 5 + 2 * i,
      order: i
    };
  }

  function runsOf(policy) {
    return data.runs.filter(function (r) { return r.policy === policy; })
      .sort(function (a, b) { return a.overcommit - b.overcommit; });
  }

  function sum(run, keys) {
    return keys.reduce(function (total, key) { return total + (run.metrics[key] || 0); }, 0);
  }

  function axis(title) {
    return { title: { display: true, text: title }, beginAtZero: true };
  }

  /** One line per policy of {@code value(run)} against the overcommit ratio. */
  function againstOvercommit(canvasId, title, yTitle, key, value) {
    const canvas = document.getElementById(canvasId);
    if (!canvas) {
      return null;
    }
    return new Chart(canvas, {
      type: 'line',
      data: {
        datasets: data.policies.map(function (policy) {
          return Object.assign({
            label: policy,
            data: runsOf(policy).map(function (r) { return { x: r.overcommit, y: value(r) }; })
          }, style(policy));
        })
      },
      options: {
        interaction: { mode: 'index', intersect: false },
        plugins: {
          title: { display: true, text: title },
          tooltip: {
            callbacks: {
              title: function (items) { return 'overcommit ' + ratioAt(items[0].parsed.x).name; },
              label: function (item) { return item.dataset.label + ': ' + format(key, item.parsed.y); }
            }
          }
        },
        scales: {
          x: { type: 'linear', title: { display: true, text: 'overcommit (guest memory / host memory)' },
               ticks: { stepSize: 0.5 } },
          y: axis(yTitle)
        }
      }
    });
  }

  /** Shades the warm-up, which the metrics leave out, behind a host memory chart's lines. */
  const warmupPlugin = {
    id: 'warmup',
    beforeDatasetsDraw: function (chart) {
      if (!(data.warmupSeconds > 0)) {
        return;
      }
      const area = chart.chartArea;
      const x = chart.scales.x;
      const right = Math.min(x.getPixelForValue(data.warmupSeconds), area.right);
      const ctx = chart.ctx;
      ctx.save();
      ctx.fillStyle = 'rgba(120, 120, 120, 0.12)';
      ctx.fillRect(area.left, area.top, right - area.left, area.bottom - area.top);
      ctx.fillStyle = '#57606a';
      ctx.textAlign = 'center';
      ctx.fillText('warm-up (left out)', (area.left + right) / 2, area.top + 14);
      ctx.restore();
    }
  };

  function ratioAt(overcommit) {
    return data.ratios.find(function (r) { return r.overcommit === overcommit; });
  }

  function ratioNamed(name) {
    return data.ratios.find(function (r) { return r.name === name; });
  }

  function hostMemory(canvas) {
    const ratio = ratioNamed(canvas.dataset.ratio);
    const runs = data.runs.filter(function (r) {
      return r.overcommit === ratio.overcommit && r.hostMemory.seconds.length > 0;
    });
    const unit = runs.length ? runs[0].hostMemory.unit : 'MiB';
    const datasets = runs.map(function (r) {
      return Object.assign({
        label: r.policy,
        data: r.hostMemory.seconds.map(function (s, i) { return { x: s, y: r.hostMemory.values[i] }; })
      }, style(r.policy), { pointRadius: 0, pointHoverRadius: 4 });
    });
    const capacity = ratio.capacityMiB;
    datasets.push({
      label: 'host memory for guests (' + format('hostMemoryPeakMiB', capacity) + ' ' + unit + ')',
      data: [{ x: 0, y: capacity }, { x: data.durationSeconds, y: capacity }],
      borderColor: '#1f2328', backgroundColor: '#1f2328', borderDash: [2, 2], borderWidth: 1.5,
      pointRadius: 0, pointHoverRadius: 0, order: data.policies.length
    });
    return new Chart(canvas, {
      type: 'line',
      data: { datasets: datasets },
      plugins: [warmupPlugin],
      options: {
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        plugins: {
          title: { display: true, text: 'Host memory in use at overcommit ' + ratio.name },
          tooltip: {
            callbacks: {
              title: function (items) { return items[0].parsed.x + ' s'; },
              label: function (item) {
                return item.dataset.label + ': ' + format('hostMemoryPeakMiB', item.parsed.y) + ' ' + unit;
              }
            }
          }
        },
        scales: {
          x: { type: 'linear', min: 0, max: data.durationSeconds, title: { display: true, text: 'virtual time (s)' } },
          y: axis('host memory in use (' + unit + ')')
        }
      }
    });
  }

  function fillSelect(select, options, selected) {
    options.forEach(function (o) {
      const option = document.createElement('option');
      option.value = o.value;
      option.textContent = o.text;
      option.selected = o.value === selected;
      select.appendChild(option);
    });
  }

  function metricOptions(keys) {
    return keys.map(function (key) {
      return { value: key, text: key + ' (' + metrics[key].unit + ')' };
    });
  }

  /** Any metric against overcommit, chosen from a list. */
  function explorer() {
    const select = document.getElementById('explore-metric');
    if (!select) {
      return;
    }
    fillSelect(select, metricOptions(data.metrics.map(function (m) { return m.key; })), data.headline || 'throughput');
    let chart = null;
    function draw() {
      const key = select.value;
      if (chart) {
        chart.destroy();
      }
      chart = againstOvercommit('chart-explore', key + ' against overcommit', key + ' (' + metrics[key].unit + ')', key,
        function (r) { return r.metrics[key]; });
    }
    select.addEventListener('change', draw);
    draw();
  }

  /** One bar per policy for each guest, at a chosen ratio, of a chosen metric. */
  function perGuest() {
    const ratioSelect = document.getElementById('guest-ratio');
    const metricSelect = document.getElementById('guest-metric');
    if (!ratioSelect || !metricSelect) {
      return;
    }
    fillSelect(ratioSelect, data.ratios.map(function (r) {
      return { value: r.name, text: 'overcommit ' + r.name };
    }), data.ratios[data.ratios.length - 1].name);
    const guestKeys = data.metrics.map(function (m) { return m.key; }).filter(function (key) {
      return data.runs.some(function (r) { return r.guests.some(function (g) { return key in g.metrics; }); });
    });
    fillSelect(metricSelect, metricOptions(guestKeys), guestKeys.indexOf(data.headline) >= 0 ? data.headline : guestKeys[0]);
    let chart = null;
    function draw() {
      const ratio = ratioNamed(ratioSelect.value);
      const key = metricSelect.value;
      const runs = data.runs.filter(function (r) { return r.overcommit === ratio.overcommit; });
      const names = runs.length ? runs[0].guests.map(function (g) { return g.name; }) : [];
      if (chart) {
        chart.destroy();
      }
      chart = new Chart(document.getElementById('chart-guests'), {
        type: 'bar',
        data: {
          labels: names,
          datasets: runs.map(function (r) {
            const s = style(r.policy);
            return {
              label: r.policy,
              data: r.guests.map(function (g) { return g.metrics[key] === undefined ? null : g.metrics[key]; }),
              backgroundColor: s.backgroundColor, borderColor: s.borderColor, borderWidth: 1, order: s.order
            };
          })
        },
        options: {
          interaction: { mode: 'index', intersect: false },
          plugins: {
            title: { display: true, text: key + ' per guest at overcommit ' + ratio.name },
            tooltip: { callbacks: { label: function (item) { return item.dataset.label + ': ' + format(key, item.parsed.y); } } }
          },
          scales: { x: { title: { display: true, text: 'guest' } }, y: axis(key + ' (' + metrics[key].unit + ')') }
        }
      });
    }
    ratioSelect.addEventListener('change', draw);
    metricSelect.addEventListener('change', draw);
    draw();
  }

  if (data.headline) {
    const h = metrics[data.headline];
    againstOvercommit('chart-headline', data.headline + ' against overcommit (' + h.better + ' is better)',
      data.headline + ' (' + h.unit + ')', data.headline, function (r) { return r.metrics[data.headline]; });
  }
  againstOvercommit('chart-host-io', 'Host paging I/O against overcommit (' + data.hostPaging.join(' + ') + ')',
    'pages', data.hostPaging[0], function (r) { return sum(r, data.hostPaging); });
  againstOvercommit('chart-guest-io', 'Guest disk and swap I/O against overcommit (' + data.guestIo.join(' + ') + ')',
    'pages', data.guestIo[0], function (r) { return sum(r, data.guestIo); });
  explorer();
  perGuest();
  document.querySelectorAll('canvas.host-memory').forEach(hostMemory);
}());
