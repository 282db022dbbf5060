// Deep Signal Quarterly: interactive charts, as a progressive enhancement.
// Every chart is a static SVG rendered at build time; it shows and prints
// without this script. When a reader first points at, touches or focuses a
// chart, this script loads the self-hosted vega, vega-lite and vega-embed
// builds (/assets/js/vendor/, never another host), fetches the chart
// specs (charts.json next to the page) and redraws that chart with tooltips.
(function () {
  'use strict';
  var VENDOR = ['/assets/js/vendor/vega.min.js', '/assets/js/vendor/vega-lite.min.js', '/assets/js/vendor/vega-embed.min.js'];
  var loading = null;
  var specs = null;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement('script');
      s.src = src;
      s.async = false;
      s.onload = resolve;
      s.onerror = function () { reject(new Error('could not load ' + src)); };
      document.head.appendChild(s);
    });
  }

  function loadVega() {
    if (!loading) {
      loading = VENDOR.reduce(function (p, src) { return p.then(function () { return loadScript(src); }); }, Promise.resolve())
        .then(function () { return fetch('charts.json', { credentials: 'same-origin' }); })
        .then(function (r) { if (!r.ok) throw new Error('charts.json: HTTP ' + r.status); return r.json(); })
        .then(function (json) { specs = json; });
    }
    return loading;
  }

  function visibleVariant(figure) {
    var variants = figure.querySelectorAll('.chart__variant');
    for (var i = 0; i < variants.length; i++) {
      if (variants[i].offsetParent !== null) return variants[i];
    }
    return null;
  }

  function enhance(figure) {
    if (figure.dataset.enhanced) return;
    figure.dataset.enhanced = 'pending';
    loadVega().then(function () {
      var holder = visibleVariant(figure);
      var bySize = specs && specs[figure.dataset.chart];
      if (!holder || !bySize) return;
      var spec = bySize[holder.dataset.variant];
      if (!spec) return;
      var label = holder.querySelector('svg') ? holder.querySelector('svg').getAttribute('aria-label') : '';
      var target = document.createElement('div');
      return window.vegaEmbed(target, spec, { renderer: 'svg', actions: false, tooltip: { theme: 'light' }, defaultStyle: true }).then(function (result) {
        var svg = target.querySelector('svg');
        if (svg) {
          svg.setAttribute('role', 'img');
          svg.setAttribute('aria-label', label || '');
          svg.classList.add('chart-svg');
        }
        holder.replaceChildren(target);
        figure.classList.add('chart--interactive');
        figure.dataset.enhanced = 'done';
        return result;
      });
    }).catch(function (err) {
      // the static chart stays; say why in the console for whoever debugs it
      figure.dataset.enhanced = 'failed';
      if (window.console) console.warn('Chart left static:', err && err.message);
    });
  }

  function onFirstInteraction(event) {
    var figure = event.target && event.target.closest ? event.target.closest('figure[data-chart]') : null;
    if (figure) enhance(figure);
  }

  ['pointerover', 'touchstart', 'focusin'].forEach(function (type) {
    document.addEventListener(type, onFirstInteraction, { passive: true });
  });
})();
