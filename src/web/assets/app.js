/* app.js: the console's small script: every htmx request carries the CSRF token, and
 * charts are drawn from their data-chart attribute (no inline scripts: the CSP forbids
 * them). */
'use strict';
document.addEventListener('htmx:configRequest', function (e) {
	var m = document.querySelector('meta[name="csrf-token"]');
	if (m) e.detail.headers['X-CSRF-Token'] = m.content;
});
function drawCharts(root) {
	if (!window.echarts) return;
	(root || document).querySelectorAll('[data-chart]').forEach(function (el) {
		if (el.dataset.drawn) return;
		el.dataset.drawn = '1';
		var chart = window.echarts.init(el);
		chart.setOption(JSON.parse(el.dataset.chart));
		window.addEventListener('resize', function () { chart.resize(); });
	});
}
document.addEventListener('DOMContentLoaded', function () { drawCharts(document); });
document.addEventListener('htmx:afterSettle', function (e) { drawCharts(e.target); });

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
