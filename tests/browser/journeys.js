#!/usr/bin/env node
// journeys.js: the console's main journeys in headless Chromium, as staff click
// through them.  tests/cli/t16-browser.sh prepares the database (the community of
// tests/browser/README's fixture), starts `wuye serve` and runs
//
//     node tests/browser/journeys.js URL ARTIFACTS_DIR FIXTURE_DIR [JOURNEY...]
//
// Each journey runs in a fresh browser context (its own cookies) and prints one line,
// "ok NAME" or "not ok NAME: what went wrong"; the screenshot of its last page goes to
// ARTIFACTS_DIR/NAME.png.  A page that throws a script error or breaks the CSP fails
// the journey too.  The exit status is 0 when every journey passed.
'use strict';
const path = require('path');
const fs = require('fs');
const { chromium } = require(path.join(__dirname, '../../node_modules/playwright-core'));

const [base, artifacts, fixtures, ...only] = process.argv.slice(2);
if (!base || !artifacts || !fixtures) {
	console.error('usage: journeys.js URL ARTIFACTS_DIR FIXTURE_DIR [JOURNEY...]');
	process.exit(2);
}
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const STEP_TIMEOUT = 15000; // the server may run under ASan

class Failure extends Error {}
function check(cond, what) { if (!cond) throw new Failure(what); }
function same(got, want, what) {
	if (got !== want) throw new Failure(`${what}: expected [${want}], got [${got}]`);
}
// the visible text of the one element matching sel, blanks collapsed
async function text(page, sel) {
	const loc = page.locator(sel);
	const n = await loc.count();
	check(n === 1, `${n} elements match ${sel} on ${page.url()}`);
	return (await loc.innerText()).replace(/\s+/g, ' ').trim();
}
async function login(page, user, password) {
	await page.goto(base + '/login');
	await page.fill('input[name=login]', user);
	await page.fill('input[name=password]', password);
	await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button[type=submit]')]);
	same(await text(page, 'main h1'), '工作台', `${user} logged in: the heading`);
}
// follows the navigation link with this text (the menu is folded on a phone)
async function nav(page, label) {
	const link = page.locator('header nav a', { hasText: label });
	check(await link.count() === 1, `no "${label}" in the navigation of ${page.url()}`);
	if (!(await link.isVisible())) await page.click('label.menu-button');
	await Promise.all([page.waitForNavigation(), link.click()]);
}
// the units a search lists, as "SIM/1-1-101 owner" strings
async function hits(page) {
	return page.$$eval('#hits ul.hits li', (lis) => lis.map((li) =>
		li.querySelector('strong').textContent + ' ' + li.querySelector('.owner').firstChild.textContent.trim()));
}
async function search(page, q) {
	await page.fill('input[name=q]', q);
	await Promise.all([page.waitForNavigation(), page.press('input[name=q]', 'Enter')]);
	same(await page.inputValue('input[name=q]'), q, 'the search box keeps what was typed');
	return hits(page);
}
async function noOverflow(page, width) {
	const w = await page.evaluate(() => document.documentElement.scrollWidth);
	check(w <= width, `${page.url()} is ${w}px wide on a ${width}px screen`);
}

const journeys = {
	// the log-in page is in Chinese; a wrong password says so next to the field, the
	// right one reaches 工作台 with the staff member's name
	async login(page) {
		await page.goto(base + '/');
		check(new URL(page.url()).pathname === '/login', `a page without a log-in went to ${page.url()}`);
		same(await page.getAttribute('html', 'lang'), 'zh-CN', 'the page language');
		same(await text(page, 'main h1'), '物业费收缴与催缴系统', 'the heading');
		same(await text(page, 'form[action="/login"] button[type=submit]'), '登录', 'the button');
		await page.fill('input[name=login]', 'cai');
		await page.fill('input[name=password]', 'not-the-password');
		await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button[type=submit]')]);
		same(await text(page, '#login-error'), '登录名或密码错误', 'the error');
		same(await page.getAttribute('input[name=password]', 'aria-invalid'), 'true', 'the password field is marked');
		same(await page.inputValue('input[name=login]'), 'cai', 'the login typed is kept');
		same(await page.inputValue('input[name=password]'), '', 'the password is not sent back');
		await page.fill('input[name=password]', 'cai-pass-12');
		await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button[type=submit]')]);
		same(new URL(page.url()).pathname, '/', 'where the log-in leads');
		same(await text(page, 'main h1'), '工作台', 'the heading');
		same(await text(page, 'header .who span'), '蔡收银 · 收银员', 'who is logged in');
		check(await page.locator('#login-error').count() === 0, 'the error is still shown');
		same(await text(page, '#billed'), '¥739.20', 'billed this month');
		same(await text(page, '#overdue'), '¥739.20', 'the arrears');
	},

	// a steward finds a unit by room and by part of the owner's name, and opens it
	async find(page) {
		await login(page, 'zhang', 'zhang-pass-1');
		await nav(page, '房屋与业主');
		same((await search(page, '1-1-102')).join('|'), 'SIM/1-1-102 欧阳娜娜', 'found by room');
		same((await search(page, '娜娜')).join('|'), 'SIM/1-1-102 欧阳娜娜', 'found by part of the name');
		same((await search(page, '张三')).join('|'), 'SIM/1-1-103 张三丰', 'found by the start of the name');
		same((await search(page, '101')).join('|'), 'SIM/1-1-101 王伟', 'found by the bare room number');
		same((await search(page, '没有这个人')).length, 0, 'a name nobody has');
		// searching as one types (htmx): the list follows without a page load
		await page.fill('input[name=q]', '欧阳');
		await page.waitForFunction(() => {
			const s = document.querySelectorAll('#hits ul.hits strong');
			return s.length === 1 && s[0].textContent === 'SIM/1-1-102';
		}, null, { timeout: STEP_TIMEOUT });
		await Promise.all([page.waitForNavigation(), page.click('#hits a:has-text("SIM/1-1-102")')]);
		same(await text(page, 'main h1'), 'SIM/1-1-102', 'the unit page');
		same(await text(page, '#open'), '¥185.00', 'open');
		same(await text(page, '#overdue'), '¥185.00', 'overdue');
		same(await text(page, '#prepaid'), '¥0.00', 'prepaid');
		same(await text(page, '#owners .people strong'), '欧阳娜娜', 'the owner');
		// a steward calls owners: the number is whole, as a link
		same(await text(page, '#owners a[href="tel:13800000002"]'), '13800000002', 'the phone');
		const row = await page.$$eval('#bill-2 td', (tds) => tds.map((td) => td.firstChild.textContent.trim()));
		same(row.join('|'), '2026-01|物业费|¥185.00|¥0.00|¥0.00|¥185.00|2026-01-15|4|¥0.00', 'the bill');
	},

	// a cashier takes ¥222.00 for 1-1-103 and sees the receipt; the unit owes nothing
	async pay(page) {
		await login(page, 'cai', 'cai-pass-12');
		await nav(page, '房屋与业主');
		await search(page, '1-1-103');
		await Promise.all([page.waitForNavigation(), page.click('#hits a:has-text("SIM/1-1-103")')]);
		// the cashier does not call owners: the phone is masked
		same(await text(page, '#owners .phone'), '138****0003', 'the masked phone');
		await Promise.all([page.waitForNavigation(), page.click('main a.button[href^="/cashier/"]')]);
		same(await text(page, 'main h1'), '收款 · SIM/1-1-103', 'the cashier page');
		same(await text(page, '#open'), '¥222.00', 'open');
		// a bad amount: the error next to the field, nothing typed lost
		await page.fill('input[name=amount]', '22x');
		await page.selectOption('select[name=channel]', 'wechat');
		await page.fill('input[name=ref]', 'WX-4200001');
		await Promise.all([page.waitForNavigation(), page.click('form.pay button[type=submit]')]);
		check(await page.locator('form.pay .field-error').count() >= 1, 'no error next to the amount');
		same(await page.inputValue('input[name=amount]'), '22x', 'the amount typed is kept');
		same(await page.inputValue('select[name=channel]'), 'wechat', 'the channel picked is kept');
		same(await page.inputValue('input[name=ref]'), 'WX-4200001', 'the ref typed is kept');
		await page.fill('input[name=amount]', '222.00');
		await Promise.all([page.waitForNavigation(), page.click('form.pay button[type=submit]')]);
		const url = new URL(page.url());
		same(url.pathname, '/receipts/SIM-000001', 'the receipt page');
		same(await text(page, '#receipt-no'), 'SIM-000001', 'the receipt number');
		same(await text(page, '#total'), '¥222.00', 'the receipt total');
		check((await text(page, 'main')).includes('贰佰贰拾贰元整'), 'the amount in words (贰佰贰拾贰元整) is missing');
		const receipt = await text(page, 'main');
		for (const want of ['蔡收银', '张三丰', '微信支付', 'WX-4200001', '2026-01-19'])
			check(receipt.includes(want), `the receipt does not show ${want}`);
		// the receipt as a PDF, when the console offers one
		const pdf = page.locator('main a[href$="/pdf"]');
		if (await pdf.count() > 0) {
			const res = await page.request.get(new URL(await pdf.first().getAttribute('href'), base).href);
			same(res.status(), 200, 'the receipt PDF');
			same((await res.body()).subarray(0, 5).toString('latin1'), '%PDF-', 'the receipt PDF starts');
		}
		await page.goto(base + '/units?q=1-1-103');
		await Promise.all([page.waitForNavigation(), page.click('#hits a:has-text("SIM/1-1-103")')]);
		same(await text(page, '#open'), '¥0.00', 'open after the payment');
		check(await page.locator('#payments a[href="/receipts/SIM-000001"]').count() === 1,
			'the unit page does not link the receipt');
		await page.goto(base + '/receipts/SIM-000001');
	},

	// a steward logs a phone call with a promise from 我的任务: the task leaves the list
	async promise(page) {
		await login(page, 'zhang', 'zhang-pass-1');
		await nav(page, '我的任务');
		same(await text(page, 'main h1'), '我的任务', 'the heading');
		const cards = () => page.$$eval('#tasks > li.task', (lis) =>
			lis.map((li) => li.querySelector('.task-head strong').textContent));
		const before = await cards();
		check(before.includes('欧阳娜娜') && before.includes('王伟'), `the tasks are ${before.join(', ')}`);
		check(!before.includes('丁二号楼'), 'another steward\'s task is listed');
		const card = page.locator('#tasks > li.task', { has: page.locator('.task-head strong', { hasText: '欧阳娜娜' }) });
		const id = await card.getAttribute('id');
		check((await card.innerText()).includes('¥185.00'), 'the card does not show ¥185.00');
		await card.locator('summary').click();
		await card.locator('select[name=reason]').selectOption('stalling');
		await card.locator('textarea[name=note]').fill('月底发工资后缴清');
		await card.locator('input[name=promise_date]').fill('2026-01-31');
		await card.locator('input[name=promise_amount]').fill('185.00');
		await card.locator('button[name=result][value=promised]').click();
		await page.locator('#' + id).waitFor({ state: 'detached', timeout: STEP_TIMEOUT });
		const after = await cards();
		same(after.join('|'), before.filter((n) => n !== '欧阳娜娜').join('|'), 'the tasks left');
		await page.reload();
		same((await cards()).join('|'), after.join('|'), 'the tasks after a reload');
	},

	// a manager approves a waiver another manager asked for
	async approve(page) {
		await login(page, 'ma', 'ma-pass-123');
		await nav(page, '审批');
		const req = page.locator('li.request.pending', { hasText: '困难户减免' });
		check(await req.count() === 1, 'the waiver is not among the pending requests');
		const facts = await req.locator('dl.facts dd').allInnerTexts();
		check(facts.includes('SIM/2-1-201'), `the request's unit: ${facts.join(', ')}`);
		check(facts.includes('¥20.00'), `the request's amount: ${facts.join(', ')}`);
		const id = await req.getAttribute('id');
		await req.locator('input[name=note]').fill('同意，困难户');
		await req.locator('button[name=decision][value=approve]').click();
		const done = page.locator(`#${id}.approved`);
		await done.waitFor({ timeout: STEP_TIMEOUT });
		check((await done.innerText()).includes('已批准'), 'the request does not say 已批准');
		check(await done.locator('button[name=decision]').count() === 0, 'the decided request still has buttons');
		await page.selectOption('select[name=state]', 'approved');
		await Promise.all([page.waitForNavigation(), page.click('form.filters button[type=submit]')]);
		const listed = page.locator('#' + id);
		check(await listed.count() === 1, 'the request is not among the approved');
		check((await listed.innerText()).includes('同意，困难户'), 'the decision\'s note is not shown');
		await page.goto(base + '/units?q=2-1-201');
		await Promise.all([page.waitForNavigation(), page.click('#hits a:has-text("SIM/2-1-201")')]);
		same(await text(page, '#open'), '¥146.50', 'open after the waiver');
		const row = await page.$$eval('#bill-4 td.num', (tds) => tds.map((td) => td.textContent.trim()));
		same(row.slice(0, 4).join('|'), '¥166.50|¥0.00|¥20.00|¥146.50', 'the bill: amount, paid, waived, open');
	},

	// a unit register with a bad area and a bad phone: each error with its row and column,
	// no way to confirm, nothing imported
	async import(page) {
		await login(page, 'li', 'li-pass-123');
		await nav(page, '导入');
		await page.setInputFiles('#upload-units input[name=file_units]', path.join(fixtures, 'bad-units.csv'));
		await Promise.all([page.waitForNavigation(), page.click('#upload-units button[type=submit]')]);
		// the check runs on the job thread; the page polls until it is done
		await page.locator('main ul.problems li').first().waitFor({ timeout: STEP_TIMEOUT * 2 });
		const problems = await page.locator('main ul.problems li').allInnerTexts();
		same(problems.length, 2, `the problems listed (${problems.join(' / ')})`);
		// each names its row, its column and the value (the words are the CLI's)
		check(/(第\s*3\s*行|row 3\b).*电话.*'1381111'/.test(problems[0]), `the first problem: ${problems[0]}`);
		check(/(第\s*4\s*行|row 4\b).*建筑面积.*'九十'/.test(problems[1]), `the second problem: ${problems[1]}`);
		const all = await page.locator('main').innerText();
		check(all.includes('bad-units.csv'), 'the file name is not shown');
		check(await page.locator('form[action="/imports/units/confirm"]').count() === 0, 'a file with errors can be confirmed');
	},

	// a steward on a 375 px phone: the pages fit the screen, the menu folds
	async phone(page) {
		await page.goto(base + '/login');
		await noOverflow(page, 375);
		await login(page, 'zhang', 'zhang-pass-1');
		await noOverflow(page, 375);
		await nav(page, '房屋与业主');
		await noOverflow(page, 375);
		same((await search(page, '娜')).join('|'), 'SIM/1-1-102 欧阳娜娜', 'found by name');
		await noOverflow(page, 375);
		await Promise.all([page.waitForNavigation(), page.click('#hits a:has-text("SIM/1-1-102")')]);
		same(await text(page, 'main h1'), 'SIM/1-1-102', 'the unit page');
		await noOverflow(page, 375);
		await nav(page, '我的任务');
		same(await text(page, 'main h1'), '我的任务', 'the tasks page');
		await page.locator('#tasks details.contact-form summary').first().click();
		await noOverflow(page, 375);
		await page.locator('#tasks details.contact-form').first().screenshot({ path: path.join(artifacts, 'phone-form.png') });
	},
};

(async () => {
	fs.mkdirSync(artifacts, { recursive: true });
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
	let failed = 0;
	for (const [name, run] of Object.entries(journeys)) {
		if (only.length && !only.includes(name)) continue;
		const phone = name === 'phone';
		// the staff's browsers ask for Chinese first, as a browser set up in China does
		const context = await browser.newContext({
			locale: 'zh-CN',
			timezoneId: 'Asia/Shanghai',
			...(phone ? { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }
				: { viewport: { width: 1280, height: 900 } }),
		});
		context.setDefaultTimeout(STEP_TIMEOUT);
		const page = await context.newPage();
		const problems = [];
		page.on('pageerror', (e) => problems.push('script error: ' + e.message));
		// a failed request says so on the console too: pages and htmx requests answer 4xx by
		// design (a wrong password, a form with errors), so those are judged by the journey;
		// a script, a style sheet or an image that does not load is a problem
		page.on('console', (m) => {
			if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push('console: ' + m.text());
		});
		page.on('response', (res) => {
			const type = res.request().resourceType();
			if (res.status() >= 400 && !['document', 'xhr', 'fetch'].includes(type))
				problems.push(`${type} ${res.url()}: ${res.status()}`);
		});
		page.on('requestfailed', (req) => problems.push(`${req.url()}: ${req.failure().errorText}`));
		let verdict = 'ok ' + name;
		try {
			await run(page);
			check(problems.length === 0, problems.join('; '));
		} catch (e) {
			failed++;
			const why = e instanceof Failure ? e.message : (e.stack || String(e)).split('\n').slice(0, 3).join(' / ');
			verdict = `not ok ${name}: ${why} (at ${page.url()})`;
		}
		try {
			await page.screenshot({ path: path.join(artifacts, name + '.png'), fullPage: true });
		} catch (e) {
			console.error(`${name}: no screenshot: ${e.message}`);
		}
		console.log(verdict.replace(/\n/g, ' '));
		await context.close();
	}
	await browser.close();
	process.exit(failed ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(2); });
