/* timeline: clicking a point or bar of a chart brings its event into view in the list.
 * Each chart item carries the DOM id of its event in customdata[0] (see timeline/chart.py). */
(function () {
  "use strict";

  function showEvent(anchor) {
    var target = document.getElementById(anchor);
    if (!target) {
      return;
    }
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

  function wire(chart) {
    if (typeof chart.on !== "function" || chart.dataset.timelineWired) {
      return;
    }
    chart.dataset.timelineWired = "1";
    chart.on("plotly_click", function (data) {
      var point = data && data.points && data.points[0];
      if (point && point.customdata && point.customdata[0]) {
        showEvent(String(point.customdata[0]));
      }
    });
  }

  function init() {
    var charts = document.querySelectorAll(".chart .plotly-graph-div");
    for (var i = 0; i < charts.length; i++) {
      wire(charts[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
