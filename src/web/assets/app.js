/* app.js: the console's small script: every htmx request carries the CSRF token, and
 * charts are drawn from their data-chart attribute (no inline scripts: the CSP forbids
 * them). */
'use strict';
document.addEventListener('htmx:configRequest', function (e) {
	var m = document.querySelector('meta[name="csrf-token"]');
	if (m) e.detail.headers['X-CSRF-Token'] = m.content;
});
// ECharts is large: it is loaded only by a page that has a chart
var echartsLoading = false;
function drawCharts(root) {
	var charts = (root || document).querySelectorAll('[data-chart]');
	if (!charts.length) return;
	if (!window.echarts) {
		if (!echartsLoading) {
			echartsLoading = true;
			var s = document.createElement('script');
			s.src = '/assets/echarts.min.js';
			s.onload = function () { drawCharts(document); };
			document.head.appendChild(s);
		}
		return;
	}
	charts.forEach(function (el) {
		if (el.dataset.drawn) return;
		el.dataset.drawn = '1';
		var chart = window.echarts.init(el);
		chart.setOption(JSON.parse(el.dataset.chart));
		window.addEventListener('resize', function () { chart.resize(); });
	});
}
document.addEventListener('DOMContentLoaded', function () { drawCharts(document); });
document.addEventListener('htmx:afterSettle', function (e) { drawCharts(e.target); });
