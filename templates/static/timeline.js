/* timeline: draws the charts, filters the event list, and sizes embedded pages. No framework.
 *
 * Charts: each <figure class="chart"> holds its figure as JSON (see timeline/chart.py). The
 * items carry the DOM id of their event in customdata[0]; the hover words (title, expression,
 * value, sources) are read from the event list, which is the accessible form of the chart.
 * Clicking an item brings its event into view.
 * Filters: text, source, status and year; items that do not match are hidden from the list
 * and dimmed on the chart.
 * Embeds: a page inside a frame posts {type: "timeline:height", height} to its host.
 * Fit: on a narrow chart (a phone, a frame in a report) fewer dates on the time axis, so
 * that their labels do not run into each other, and the legend below plotly's tool bar;
 * on a touch screen a swipe over the chart scrolls the page (the range slider moves in
 * time); a printed chart is drawn to the width of the paper. */
(function () {
  "use strict";

  var charts = [];

  function text(el) {
    return el ? el.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function escapeHtml(s) {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  /* Case, Arabic diacritics and letter variants do not matter when searching. */
  function fold(s) {
    return s
      .toLowerCase()
      .replace(/[\u064B-\u065F\u0670\u0640]/g, "")
      .replace(/[\u0622\u0623\u0625\u0671]/g, "\u0627")
      .replace(/\u0649/g, "\u064A")
      .replace(/\u0629/g, "\u0647");
  }

  function webglWorks() {
    try {
      var canvas = document.createElement("canvas");
      return !!(canvas.getContext("webgl") || canvas.getContext("experimental-webgl"));
    } catch (e) {
      return false;
    }
  }

  function showEvent(anchor) {
    var target = document.getElementById(anchor);
    if (!target) {
      return;
    }
    target.hidden = false;
    target.scrollIntoView({ behavior: "smooth", block: "center" });
    target.focus({ preventScroll: true });
    target.classList.remove("is-flashed");
    void target.offsetWidth; // restart the animation
    target.classList.add("is-flashed");
    try {
      history.replaceState(null, "", "#" + anchor);
    } catch (e) {
      /* some browsers refuse history changes on file:// pages: the scroll is enough */
    }
  }

  function hoverWords(anchor, fallbackSources, cache) {
    if (cache[anchor]) {
      return cache[anchor];
    }
    var li = document.getElementById(anchor);
    var words = ["", "", "", fallbackSources];
    if (li) {
      var sources = li.querySelectorAll(".event__sources a");
      var names = [];
      for (var i = 0; i < sources.length; i++) {
        names.push(text(sources[i]));
      }
      var title = text(li.querySelector(".event__title"));
      if (title.length > 90) {
        title = title.slice(0, 89) + "…";
      }
      words = [
        title,
        text(li.querySelector(".event__expression")),
        text(li.querySelector(".event__value")),
        names.length ? names.join(", ") : fallbackSources,
      ].map(escapeHtml);
    }
    cache[anchor] = words;
    return words;
  }

  function draw(figure) {
    var holder = figure.querySelector(".chart__data");
    var div = figure.querySelector(".chart__canvas");
    if (!holder || !div || typeof Plotly === "undefined") {
      return;
    }
    var spec = JSON.parse(holder.textContent);
    if (coarsePointer() && !figure.hasAttribute("data-navigate")) {
      spec.layout.dragmode = false; // a finger's swipe scrolls the page, not a zoom box
    }
    var gl = webglWorks();
    var cache = {};
    var fallback = figure.getAttribute("data-sources") || "";
    spec.data.forEach(function (trace) {
      if (trace.type === "scattergl" && !gl) {
        trace.type = "scatter"; // no WebGL here (old device, disabled GPU): draw as SVG
      }
      trace.customdata = (trace.customdata || []).map(function (cd) {
        if (!cd || cd.length !== 1) {
          return cd;
        }
        return [cd[0]].concat(hoverWords(cd[0], fallback, cache));
      });
    });
    Plotly.newPlot(div, spec.data, spec.layout, spec.config).then(function () {
      div.on("plotly_click", function (data) {
        var point = data && data.points && data.points[0];
        if (point && point.customdata && point.customdata[0]) {
          if (figure.hasAttribute("data-navigate")) {
            window.location.href = String(point.customdata[0]); // a page of the timeline
          } else {
            showEvent(String(point.customdata[0]));
          }
        }
      });
      charts.push(div);
      followWidth(div);
      return fit(div);
    }).then(function () {
      div.setAttribute("data-drawn", "1");
      reportHeight();
    });
  }

  function coarsePointer() {
    return !!(window.matchMedia && window.matchMedia("(pointer: coarse)").matches);
  }

  function box(el) {
    return el ? el.getBoundingClientRect() : null;
  }

  // The labels of the time axis: the widest, and whether any two run into each other.
  function tickLabels(div) {
    var labels = div.querySelectorAll(".xaxislayer-above .xtick text");
    var widest = 0;
    var crowded = false;
    var previous = null;
    for (var i = 0; i < labels.length; i++) {
      var b = box(labels[i]);
      widest = Math.max(widest, labels[i].getComputedTextLength());
      if (b.width && previous && b.left < previous.right + 6) {
        crowded = true;
      }
      if (b.width) {
        previous = b;
      }
    }
    return { count: labels.length, widest: widest, crowded: crowded };
  }

  // Fewer ticks on the time axis when its labels touch (plotly counts ticks by the axis's
  // length, not by its labels' width: long month names on a phone overlap or turn sideways
  // into the range slider); then the legend moved down, the figure as much taller, where
  // it runs under plotly's tool bar (a legend of two rows on a phone, a right-to-left
  // legend at its right). Called after each drawing at a new width.
  function fit(div, tries) {
    var layout = div.layout;
    if (!layout || !layout.xaxis) {
      return Promise.resolve();
    }
    var update = {};
    var ticks = tickLabels(div);
    var plot = box(div.querySelector(".draglayer .nsewdrag"));
    if (ticks.crowded && plot && ticks.widest) {
      var room = Math.max(2, Math.floor(plot.width / (ticks.widest + 24)));
      if (room < ticks.count) {
        update["xaxis.nticks"] = room;
      }
    }
    var legend = box(div.querySelector(".legend"));
    var bar = box(div.querySelector(".modebar"));
    var canvas = box(div);
    var title = layout.legend && layout.legend.title;
    if (legend && title && (legend.right > canvas.right + 1 || legend.left < canvas.left - 1)) {
      // plotly wraps a legend by the plot's width, not counting a title at its side nor
      // the width of its entries: a legend wider than a phone was cut off at the right.
      // Its title above it and its entries in columns as wide as the widest, it fits.
      if (div._fitSide === undefined) {
        div._fitSide = title.side || null; // as written by timeline/chart.py
      }
      if (title.side !== "top left" && title.side !== "top right") {
        update["legend.title.side"] = "top left";
      }
      var names = div.querySelectorAll(".legend .traces .legendtext");
      var widest = 0;
      for (var n = 0; n < names.length; n++) {
        widest = Math.max(widest, names[n].getComputedTextLength());
      }
      var over = Math.max(legend.right - canvas.right, canvas.left - legend.left);
      if (widest && !layout.legend.entrywidth) {
        update["legend.entrywidth"] = Math.ceil(widest) + 4;
      } else if (layout.legend.entrywidth) {
        update["legend.entrywidth"] = layout.legend.entrywidth + Math.ceil(over / 2); // fewer a row
      }
    }
    if (legend && layout.margin) {
      if (div._fitTop === undefined) {
        div._fitTop = layout.margin.t; // as written by timeline/chart.py
        div._fitHeight = layout.height;
      }
      var shift = layout.margin.t - div._fitTop;
      var need = 0;
      if (bar && bar.height && legend.left < bar.right && bar.left < legend.right) {
        need = Math.max(0, Math.ceil(bar.bottom + 2 - (legend.top - shift)));
      }
      if (need !== shift) {
        update["margin.t"] = div._fitTop + need;
        update.height = div._fitHeight + need;
        update.autosize = true; // a height given to relayout would freeze the width
        div.style.height = update.height + "px";
      }
    }
    if (!Object.keys(update).length || (tries || 0) >= 6) {
      return Promise.resolve();
    }
    return Plotly.relayout(div, update).then(function () {
      return fit(div, (tries || 0) + 1); // the legend and tool bar as drawn now
    });
  }

  // Drawn again at a new width: the time axis may take more dates again, then fit.
  function refit(div) {
    var reset = {};
    if (div.layout.xaxis.nticks) {
      reset["xaxis.nticks"] = 0;
    }
    var legend = div.layout.legend;
    if (legend && legend.entrywidth) {
      reset["legend.entrywidth"] = null;
      reset["legend.title.side"] = div._fitSide;
    }
    var again = Object.keys(reset).length ? Plotly.relayout(div, reset) : null;
    return Promise.resolve(again).then(function () {
      return fit(div);
    });
  }

  // Printing lays the page out at the paper's width: the charts drawn at that width, and
  // at the screen's again afterwards.
  function followPrint() {
    if (!window.matchMedia) {
      return;
    }
    var print = window.matchMedia("print");
    var redraw = function () {
      charts.forEach(function (div) {
        var width = print.matches ? div.clientWidth : null;
        if (width !== null && !width) {
          return;
        }
        Plotly.relayout(div, { width: width }).then(function () {
          return refit(div);
        });
      });
    };
    if (print.addEventListener) {
      print.addEventListener("change", redraw);
    } else if (print.addListener) {
      print.addListener(redraw);
    }
  }

  // Plotly's `responsive` follows the window; the chart's box can change width without it (a
  // scroll bar appearing as the page fills, a font loading, a side panel): redraw to fit.
  function followWidth(div) {
    if (typeof ResizeObserver !== "function") {
      return;
    }
    var width = div.clientWidth;
    new ResizeObserver(function () {
      if (div.clientWidth && div.clientWidth !== width) {
        width = div.clientWidth;
        Plotly.Plots.resize(div).then(function () {
          return refit(div);
        });
      }
    }).observe(div);
  }

  /* Filters */

  function setupFilters(form) {
    var list = document.querySelectorAll(".events > .event");
    var items = Array.prototype.slice.call(list);
    var haystack = items.map(function (li) {
      return fold(li.textContent);
    });
    var count = form.querySelector(".filters__count");
    var template = form.getAttribute("data-count") || "{shown} / {total}";

    function value(name) {
      var field = form.elements[name];
      return field ? field.value : "";
    }

    function apply() {
      var words = fold(value("text")).split(/\s+/).filter(Boolean);
      var source = value("source");
      var status = value("status");
      var year = value("year");
      var active = words.length || source || status || year;
      var visible = {};
      var shown = 0;
      items.forEach(function (li, i) {
        var ok = true;
        for (var w = 0; ok && w < words.length; w++) {
          ok = haystack[i].indexOf(words[w]) !== -1;
        }
        if (ok && source) {
          ok = (" " + li.getAttribute("data-sources") + " ").indexOf(" " + source + " ") !== -1;
        }
        if (ok && status) {
          ok = li.getAttribute("data-status") === status;
        }
        if (ok && year) {
          var from = li.getAttribute("data-from");
          var to = li.getAttribute("data-to");
          ok = !!from && from.slice(0, 4) <= year && year <= to.slice(0, 4);
        }
        li.hidden = !ok;
        if (ok) {
          shown++;
          visible[li.id] = true;
        }
      });
      if (count) {
        count.textContent = active
          ? template.replace("{shown}", shown).replace("{total}", items.length)
          : "";
      }
      charts.forEach(function (div) {
        var selected = div.data.map(function (trace) {
          if (!active) {
            return null;
          }
          var keep = [];
          (trace.customdata || []).forEach(function (cd, i) {
            if (cd && visible[cd[0]]) {
              keep.push(i);
            }
          });
          return keep;
        });
        Plotly.restyle(div, { selectedpoints: selected });
      });
      reportHeight();
    }

    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      apply();
    });
    form.addEventListener("reset", function () {
      setTimeout(apply, 0);
    });
    form.hidden = false;
  }

  /* Embedding */

  var lastHeight = 0;
  function reportHeight() {
    if (window.parent === window) {
      return;
    }
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== lastHeight) {
      lastHeight = height;
      window.parent.postMessage({ type: "timeline:height", height: height }, "*");
    }
  }

  function setupSnippet(area) {
    var src = area.getAttribute("data-src");
    try {
      var absolute = new URL(src, location.href).href;
      area.value = area.value.split('src="' + src + '"').join('src="' + absolute + '"');
    } catch (e) {
      /* keep the relative address */
    }
    var button = document.querySelector('[data-copy="' + area.id + '"]');
    if (!button) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      area.select();
      var done = function () {
        button.textContent = button.getAttribute("data-done");
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(area.value).then(done, function () {
          document.execCommand("copy");
          done();
        });
      } else {
        document.execCommand("copy");
        done();
      }
    });
  }

  function init() {
    var figures = document.querySelectorAll("figure.chart");
    for (var i = 0; i < figures.length; i++) {
      draw(figures[i]);
    }
    followPrint();
    var form = document.querySelector("form.filters");
    if (form) {
      setupFilters(form);
    }
    var area = document.querySelector("textarea.share__code");
    if (area) {
      setupSnippet(area);
    }
    if (window.parent !== window) {
      if (typeof ResizeObserver === "function") {
        new ResizeObserver(reportHeight).observe(document.documentElement);
      }
      window.addEventListener("load", reportHeight);
      reportHeight();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
