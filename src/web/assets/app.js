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
/* a button with data-print prints the page (the receipt) */
document.addEventListener('click', function (e) {
	if (e.target.closest && e.target.closest('[data-print]')) window.print();
});

/* == tasks, cases, approvals ==
 * A form that failed comes back with 400 or 422 (its errors next to the fields), 403 or 409
 * (refused: the request is someone else's to decide, or decided already): htmx swaps
 * those in too, so that the message shows where the form was and nothing typed is lost. */
document.addEventListener('htmx:beforeSwap', function (e) {
	var s = e.detail.xhr.status;
	if (s === 400 || s === 403 || s === 409 || s === 422) {
		e.detail.shouldSwap = true;
		e.detail.isError = false;
	}
});

/* == reports (pages/reports.c): a chart's bars link to the units behind them; the links
 * are in data-chart-links, one URL of this site per data point == */
function linkCharts(root) {
	if (!window.echarts) return;
	(root || document).querySelectorAll('[data-chart-links]').forEach(function (el) {
		var chart = window.echarts.getInstanceByDom(el);
		if (!chart || el.dataset.linked) return;
		el.dataset.linked = '1';
		var links = JSON.parse(el.dataset.chartLinks);
		chart.on('click', function (p) {
			var url = links[p.dataIndex];
			if (typeof url === 'string' && url.charAt(0) === '/' && url.charAt(1) !== '/') window.location.href = url;
		});
	});
}
document.addEventListener('DOMContentLoaded', function () { linkCharts(document); });
document.addEventListener('htmx:afterSettle', function (e) { linkCharts(e.target); });
