#!/usr/bin/env node
// gateways.js: a local stand-in for the message gateways wuye talks to, for tests only.
//
//   node tests/fakes/gateways.js [PORT]      (0 or nothing: any free port)
// prints "listening PORT" on stdout once it accepts connections, and serves on 127.0.0.1:
//
//   Aliyun Dysmsapi 2017-05-25, V3 signature (ACS3-HMAC-SHA256), actions in x-acs-action:
//     SendSms, QuerySendDetails                                    POST /?<query>
//   Tencent Cloud SMS 2021-01-11, TC3-HMAC-SHA256, actions in X-TC-Action:
//     SendSms, PullSmsSendStatusByPhoneNumber                      POST / (JSON)
//   WeChat official account:
//     POST /cgi-bin/stable_token, POST /cgi-bin/message/template/send?access_token=
//
// and, for the tests, control paths that work even during an outage:
//   GET  /_fake/config     the test credentials, sign names and templates below
//   GET  /_fake/messages   {"messages": [what was accepted], "calls": {...}}
//   POST /_fake/reset      forget messages and counters, end outages and failures
//   POST /_fake/outage     {"on": true, "mode": "503" | "reset" | "hang"} or {"on": false}
//   POST /_fake/fail       {"vendor", "code", "message", "status", "count"}: the next
//                          business calls of that vendor answer that error
//   POST /_fake/wechat     {"expires_in": N} sets the token lifetime; {"revoke": true}
//                          invalidates the current token (as a force_refresh elsewhere would)
//
// The signature checks are written from the vendors' documentation, independently of the
// C code in src/notify/sign.c, so that each checks the other:
//   https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature
//   https://cloud.tencent.com/document/api/382/52072 (签名方法 v3)
// Error codes and messages are the vendors' own (POP gateway: SignatureDoesNotMatch,
// IncompleteSignature, InvalidAccessKeyId.NotFound, SignatureNonceUsed,
// InvalidTimeStamp.Expired with HTTP 400/404; Tencent: AuthFailure.* inside HTTP 200).
'use strict';

const http = require('http');
const crypto = require('crypto');

// Test-only credentials: no real account has them.
const CONFIG = {
	aliyun: {
		access_key_id: 'LTAI5tFakeGatewayKey01',
		access_key_secret: 'fake-aliyun-secret-for-tests-only',
		sign_name: '华苑物业',
		templates: { SMS_154950909: ['name', 'amount', 'due'] },
	},
	tencent: {
		secret_id: 'AKIDFakeGatewaySecretIdForTests01',
		secret_key: 'fake-tencent-key-for-tests-only',
		sdk_app_id: '1400006666',
		sign_name: '华苑物业',
		templates: { '1110': 3 },
	},
	wechat: {
		appid: 'wx5f0fakegateway01',
		secret: 'fake-wechat-appsecret-for-tests-only',
		templates: { 'Lg3fake-bill-due-template': ['first', 'amount', 'remark'] },
	},
};

let state;
function reset() {
	state = {
		messages: [],
		calls: {},
		outage: null,
		fail: [],
		nonces: new Set(),
		wechat: { token: null, tokenIssued: 0, expiresIn: 7200 },
		serial: 0,
	};
}
reset();

function count(name) {
	state.calls[name] = (state.calls[name] || 0) + 1;
}

function sha256hex(data) {
	return crypto.createHash('sha256').update(data).digest('hex');
}

function hmac(key, data) {
	return crypto.createHmac('sha256', key).update(data).digest();
}

function sameHex(a, b) {
	const x = Buffer.from(String(a)), y = Buffer.from(String(b));
	return x.length === y.length && crypto.timingSafeEqual(x, y);
}

function requestId() {
	return crypto.randomUUID().toUpperCase();
}

function send(res, status, obj) {
	const body = Buffer.from(JSON.stringify(obj));
	res.writeHead(status, { 'Content-Type': 'application/json;charset=utf-8', 'Content-Length': body.length });
	res.end(body);
}

// Beijing time "yyyy-MM-dd HH:mm:ss" and "yyyyMMdd" (the gateways' own time zone).
function beijing(ms) {
	const d = new Date(ms + 8 * 3600 * 1000).toISOString();
	return { datetime: d.slice(0, 10) + ' ' + d.slice(11, 19), day: d.slice(0, 10).replace(/-/g, '') };
}

function takeFailure(vendor) {
	const f = state.fail.find((x) => x.vendor === vendor && x.count > 0);
	if (!f) return null;
	f.count--;
	return f;
}

// ---------------------------------------------------------------- Aliyun (ACS3) ----

// RFC 3986 with the V3 table: space %20, * %2A, ~ kept; encodeURIComponent leaves
// ! ' ( ) * alone, so those are done by hand.
function aliyunEncode(s) {
	return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

function aliyunError(res, status, code, message) {
	send(res, status, { RequestId: requestId(), HostId: 'dysmsapi.aliyuncs.com', Code: code, Message: message,
		Recommend: 'https://api.aliyun.com/troubleshoot?q=' + code });
}

// Returns the decoded query parameters when the request is properly signed; otherwise
// answers the error itself and returns null.
function aliyunVerify(req, url, body, res) {
	const auth = req.headers['authorization'] || '';
	const m = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(auth);
	if (!m) {
		aliyunError(res, 400, 'IncompleteSignature', 'The request signature does not conform to Aliyun standards.');
		return null;
	}
	const [, keyId, signedHeaders, signature] = m;
	const signed = signedHeaders.split(';');
	const needed = ['host', 'x-acs-action', 'x-acs-content-sha256', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-version'];
	for (const h of needed) {
		if (!signed.includes(h) || req.headers[h] === undefined) {
			aliyunError(res, 400, 'IncompleteSignature',
				'The request signature does not conform to Aliyun standards. header ' + h + ' is not signed');
			return null;
		}
	}
	// every x-acs-* header, host and content-type present must be signed
	for (const h of Object.keys(req.headers)) {
		if ((h.startsWith('x-acs-') || h === 'content-type') && !signed.includes(h)) {
			aliyunError(res, 400, 'IncompleteSignature',
				'The request signature does not conform to Aliyun standards. header ' + h + ' is not signed');
			return null;
		}
	}
	const secret = CONFIG.aliyun.access_key_id === keyId ? CONFIG.aliyun.access_key_secret : null;
	if (!secret) {
		aliyunError(res, 404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
		return null;
	}
	const date = Date.parse(req.headers['x-acs-date']);
	if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(req.headers['x-acs-date']) || Math.abs(Date.now() - date) > 15 * 60 * 1000) {
		aliyunError(res, 400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
		return null;
	}
	if (req.headers['x-acs-content-sha256'] !== sha256hex(body)) {
		aliyunError(res, 400, 'SignatureDoesNotMatch', 'Specified signature does not match our calculation. x-acs-content-sha256 is not the hash of the body.');
		return null;
	}
	// canonical query: decode what came, sort by name, encode again by the doc's rules
	const raw = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
	const params = {};
	const pairs = [];
	for (const part of raw ? raw.split('&') : []) {
		const eq = part.indexOf('=');
		const name = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
		const value = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1));
		params[name] = value;
		pairs.push([name, value]);
	}
	pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
	const query = pairs.map(([n, v]) => aliyunEncode(n) + '=' + aliyunEncode(v)).join('&');
	const headers = signed.slice().sort().map((h) => h + ':' + String(req.headers[h] || '').trim() + '\n').join('');
	const canonical = [req.method, '/', query, headers, signed.slice().sort().join(';'), sha256hex(body)].join('\n');
	const stringToSign = 'ACS3-HMAC-SHA256\n' + sha256hex(canonical);
	const expected = hmac(secret, stringToSign).toString('hex');
	if (!sameHex(signature, expected)) {
		aliyunError(res, 400, 'SignatureDoesNotMatch',
			'Specified signature does not match our calculation. server string to sign is:' + stringToSign);
		return null;
	}
	const nonce = req.headers['x-acs-signature-nonce'];
	if (state.nonces.has(nonce)) {
		aliyunError(res, 400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
		return null;
	}
	state.nonces.add(nonce);
	return { params, signedHeaders };
}

function aliyun(req, url, body, res) {
	const action = req.headers['x-acs-action'];
	count('aliyun.' + action);
	if (req.headers['x-acs-version'] !== '2017-05-25') {
		aliyunError(res, 400, 'InvalidVersion', 'Specified parameter Version is not valid.');
		return;
	}
	const v = aliyunVerify(req, url, body, res);
	if (!v) return;
	const p = v.params;
	const f = takeFailure('aliyun');
	if (f) {
		aliyunError(res, f.status || 200, f.code, f.message || f.code);
		return;
	}
	const ok = (extra) => send(res, 200, Object.assign({ RequestId: requestId(), Code: 'OK', Message: 'OK' }, extra));
	const biz = (code, message) => send(res, 200, { RequestId: requestId(), Code: code, Message: message });
	if (action === 'SendSms') {
		for (const name of ['PhoneNumbers', 'SignName', 'TemplateCode'])
			if (!p[name]) return aliyunError(res, 400, 'MissingParameter', 'The input parameter "' + name + '" that is mandatory for processing this request is not supplied.');
		if (!/^1\d{10}$/.test(p.PhoneNumbers)) return biz('isv.MOBILE_NUMBER_ILLEGAL', '非法手机号');
		if (p.SignName !== CONFIG.aliyun.sign_name) return biz('isv.SMS_SIGNATURE_ILLEGAL', '签名不合法(不存在或被拉黑)');
		const vars = CONFIG.aliyun.templates[p.TemplateCode];
		if (!vars) return biz('isv.SMS_TEMPLATE_ILLEGAL', '模板不合法(不存在或被拉黑)');
		let params = {};
		if (p.TemplateParam !== undefined) {
			try { params = JSON.parse(p.TemplateParam); } catch (e) { return biz('isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值'); }
			if (typeof params !== 'object' || Array.isArray(params) || Object.values(params).some((x) => typeof x !== 'string'))
				return biz('isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值');
		}
		for (const name of vars)
			if (params[name] === undefined) return biz('isv.TEMPLATE_MISSING_PARAMETERS', '模板缺少变量');
		const bizId = String(100000 + ++state.serial) + '^' + String(Date.now()).slice(-10);
		state.messages.push({ vendor: 'aliyun', phone: p.PhoneNumbers, sign_name: p.SignName, template: p.TemplateCode,
			params, params_text: p.TemplateParam, out_id: p.OutId || '', biz_id: bizId, signed_headers: v.signedHeaders,
			at: Date.now() });
		return ok({ BizId: bizId });
	}
	if (action === 'QuerySendDetails') {
		for (const name of ['PhoneNumber', 'SendDate', 'PageSize', 'CurrentPage'])
			if (!p[name]) return aliyunError(res, 400, 'MissingParameter', 'The input parameter "' + name + '" that is mandatory for processing this request is not supplied.');
		const size = Number(p.PageSize), page = Number(p.CurrentPage);
		if (!(size >= 1 && size <= 50) || !(page >= 1)) return biz('isv.INVALID_PARAMETERS', '参数异常');
		const all = state.messages.filter((m) => m.vendor === 'aliyun' && m.phone === p.PhoneNumber &&
			beijing(m.at).day === p.SendDate);
		const dtos = all.slice((page - 1) * size, page * size).map((m) => ({
			ErrCode: 'DELIVERED', TemplateCode: m.template, OutId: m.out_id, ReceiveDate: beijing(m.at + 2000).datetime,
			SendDate: beijing(m.at).datetime, PhoneNum: m.phone, Content: '【' + m.sign_name + '】' + JSON.stringify(m.params),
			SendStatus: 3,
		}));
		return ok({ TotalCount: all.length, SmsSendDetailDTOs: { SmsSendDetailDTO: dtos } });
	}
	aliyunError(res, 404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
}

// --------------------------------------------------------------- Tencent (TC3) ----

function tencentAnswer(res, response) {
	send(res, 200, { Response: Object.assign(response, { RequestId: crypto.randomUUID() }) });
}

function tencentError(res, code, message) {
	tencentAnswer(res, { Error: { Code: code, Message: message } });
}

function tencentVerify(req, body, res) {
	const auth = req.headers['authorization'] || '';
	const m = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d\d-\d\d)\/([a-z]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(auth);
	if (!m) {
		tencentError(res, 'AuthFailure.InvalidAuthorization', 'Authorization不符合腾讯云标准。');
		return false;
	}
	const [, secretId, date, service, signedHeaders, signature] = m;
	if (secretId !== CONFIG.tencent.secret_id) {
		tencentError(res, 'AuthFailure.SecretIdNotFound', 'The SecretId is not found, please ensure that your SecretId is correct.');
		return false;
	}
	const ts = Number(req.headers['x-tc-timestamp']);
	if (!Number.isInteger(ts) || Math.abs(Date.now() / 1000 - ts) > 300) {
		tencentError(res, 'AuthFailure.SignatureExpire', 'Signature expired. Timestamp and server time cannot differ by more than 5 minutes.');
		return false;
	}
	const signed = signedHeaders.split(';');
	if (!signed.includes('content-type') || !signed.includes('host') || service !== 'sms' ||
	    date !== new Date(ts * 1000).toISOString().slice(0, 10)) {
		tencentError(res, 'AuthFailure.SignatureFailure', 'The provided credentials could not be validated. Please check your signature is correct.');
		return false;
	}
	// keys and values lower-cased and trimmed, sorted by key (签名方法 v3, CanonicalHeaders)
	const headers = signed.slice().sort().map((h) => h + ':' + String(req.headers[h] || '').trim().toLowerCase() + '\n').join('');
	const canonical = ['POST', '/', '', headers, signed.slice().sort().join(';'), sha256hex(body)].join('\n');
	const stringToSign = ['TC3-HMAC-SHA256', String(ts), date + '/' + service + '/tc3_request', sha256hex(canonical)].join('\n');
	const key = hmac(hmac(hmac('TC3' + CONFIG.tencent.secret_key, date), service), 'tc3_request');
	if (!sameHex(signature, hmac(key, stringToSign).toString('hex'))) {
		tencentError(res, 'AuthFailure.SignatureFailure', 'The provided credentials could not be validated. Please check your signature is correct.');
		return false;
	}
	return true;
}

function tencent(req, body, res) {
	const action = req.headers['x-tc-action'];
	count('tencent.' + action);
	if (req.method !== 'POST' || !/^application\/json/.test(req.headers['content-type'] || ''))
		return tencentError(res, 'InvalidParameter', 'only POST application/json is served here');
	if (!tencentVerify(req, body, res)) return;
	if (req.headers['x-tc-version'] !== '2021-01-11')
		return tencentError(res, 'NoSuchVersion', 'The request version does not exist.');
	if (!req.headers['x-tc-region'])
		return tencentError(res, 'MissingParameter', 'The request is missing a required parameter `Region`.');
	let p;
	try { p = JSON.parse(body.toString('utf8')); } catch (e) { return tencentError(res, 'InvalidParameter', 'request body is not JSON'); }
	const f = takeFailure('tencent');
	if (f) return tencentError(res, f.code, f.message || f.code);
	if (p.SmsSdkAppId !== CONFIG.tencent.sdk_app_id)
		return tencentError(res, 'InvalidParameterValue.SdkAppIdNotExist', 'SdkAppId does not exist.');
	if (action === 'SendSms') {
		if (p.SignName !== CONFIG.tencent.sign_name)
			return tencentError(res, 'FailedOperation.SignatureIncorrectOrUnapproved', 'signature format is incorrect or signature is not approved');
		const nvars = CONFIG.tencent.templates[p.TemplateId];
		if (nvars === undefined)
			return tencentError(res, 'FailedOperation.TemplateIncorrectOrUnapproved', 'template format is incorrect or template is not approved');
		const values = p.TemplateParamSet || [];
		if (!Array.isArray(values) || values.length !== nvars || values.some((x) => typeof x !== 'string'))
			return tencentError(res, 'InvalidParameterValue.TemplateParameterFormatError', 'verification code template parameter format error');
		const set = (p.PhoneNumberSet || []).map((phone) => {
			if (!/^\+861\d{10}$/.test(phone))
				return { SerialNo: '', PhoneNumber: phone, Fee: 0, SessionContext: p.SessionContext || '',
					Code: 'InvalidParameterValue.IncorrectPhoneNumber', Message: 'incorrect phone number', IsoCode: 'CN' };
			const serial = '2645:' + String(1000000000 + ++state.serial) + String(Date.now());
			state.messages.push({ vendor: 'tencent', phone, app_id: p.SmsSdkAppId, sign_name: p.SignName,
				template: p.TemplateId, params: values, session_context: p.SessionContext || '', serial_no: serial,
				at: Date.now() });
			return { SerialNo: serial, PhoneNumber: phone, Fee: 1, SessionContext: p.SessionContext || '', Code: 'Ok',
				Message: 'send success', IsoCode: 'CN' };
		});
		return tencentAnswer(res, { SendStatusSet: set });
	}
	if (action === 'PullSmsSendStatusByPhoneNumber') {
		for (const name of ['BeginTime', 'Offset', 'Limit', 'PhoneNumber'])
			if (p[name] === undefined) return tencentError(res, 'MissingParameter', 'The request is missing a required parameter `' + name + '`.');
		const list = state.messages.filter((m) => m.vendor === 'tencent' && m.phone === p.PhoneNumber &&
			m.at / 1000 >= p.BeginTime - 1 && (p.EndTime === undefined || m.at / 1000 <= p.EndTime))
			.slice(0, Math.min(Number(p.Limit) || 0, 100))
			.map((m) => ({ UserReceiveTime: Math.floor(m.at / 1000) + 2, CountryCode: '86', SubscriberNumber: m.phone.slice(3),
				PhoneNumber: m.phone, SerialNo: m.serial_no, ReportStatus: 'SUCCESS', Description: 'DELIVRD',
				SessionContext: m.session_context }));
		return tencentAnswer(res, { PullSmsSendStatusSet: list });
	}
	tencentError(res, 'InvalidAction', 'The requested action does not exist.');
}

// ---------------------------------------------------------------------- WeChat ----

function wechatTokenValid(token) {
	const w = state.wechat;
	return token && w.token === token && Date.now() < w.tokenIssued + w.expiresIn * 1000;
}

function wechat(req, url, body, res) {
	const path = url.split('?')[0];
	const query = new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : '');
	let p;
	try { p = JSON.parse(body.toString('utf8')); } catch (e) { return send(res, 200, { errcode: 47001, errmsg: 'data format error' }); }
	if (path === '/cgi-bin/stable_token') {
		count('wechat.stable_token');
		if (p.grant_type !== 'client_credential') return send(res, 200, { errcode: 40002, errmsg: 'invalid grant_type' });
		if (p.appid !== CONFIG.wechat.appid) return send(res, 200, { errcode: 40013, errmsg: 'invalid appid' });
		if (p.secret !== CONFIG.wechat.secret) return send(res, 200, { errcode: 40125, errmsg: 'invalid appsecret' });
		const w = state.wechat;
		// the stable token stays the same until it expires or someone forces a new one
		if (p.force_refresh === true || !wechatTokenValid(w.token)) {
			w.token = crypto.randomBytes(24).toString('base64url');
			w.tokenIssued = Date.now();
		}
		return send(res, 200, { access_token: w.token, expires_in: Math.max(0, Math.round((w.tokenIssued + w.expiresIn * 1000 - Date.now()) / 1000)) });
	}
	if (path === '/cgi-bin/message/template/send') {
		count('wechat.template_send');
		const token = query.get('access_token');
		if (!token) return send(res, 200, { errcode: 41001, errmsg: 'access_token missing' });
		if (!wechatTokenValid(token)) return send(res, 200, { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
		const f = takeFailure('wechat');
		if (f) return send(res, f.status || 200, { errcode: Number(f.code), errmsg: f.message || 'injected' });
		if (typeof p.touser !== 'string' || !/^o[A-Za-z0-9_-]{20,40}$/.test(p.touser)) return send(res, 200, { errcode: 40003, errmsg: 'invalid openid' });
		const vars = CONFIG.wechat.templates[p.template_id];
		if (!vars) return send(res, 200, { errcode: 40037, errmsg: 'invalid template_id' });
		const data = p.data || {};
		for (const name of vars)
			if (!data[name] || typeof data[name].value !== 'string') return send(res, 200, { errcode: 47003, errmsg: 'argument invalid! data.' + name + '.value empty' });
		const msgid = 3000000000000000000n + BigInt(++state.serial);
		state.messages.push({ vendor: 'wechat', touser: p.touser, template_id: p.template_id, url: p.url || '',
			client_msg_id: p.client_msg_id || '', data, msgid: msgid.toString(), at: Date.now() });
		// msgid is a 64-bit number: write it as a JSON number without going through a double
		const bodyText = '{"errcode":0,"errmsg":"ok","msgid":' + msgid.toString() + '}';
		res.writeHead(200, { 'Content-Type': 'application/json; encoding=utf-8' });
		return res.end(bodyText);
	}
	send(res, 404, { errcode: 404, errmsg: 'not found' });
}

// --------------------------------------------------------------------- control ----

function control(req, path, body, res) {
	let p = {};
	if (body.length) {
		try { p = JSON.parse(body.toString('utf8')); } catch (e) { return send(res, 400, { error: 'not JSON' }); }
	}
	if (req.method === 'GET' && path === '/_fake/config') return send(res, 200, CONFIG);
	if (req.method === 'GET' && path === '/_fake/messages') return send(res, 200, { messages: state.messages, calls: state.calls });
	if (req.method === 'POST' && path === '/_fake/reset') {
		for (const r of hanging) r.destroy();
		hanging.clear();
		reset();
		return send(res, 200, { ok: true });
	}
	if (req.method === 'POST' && path === '/_fake/outage') {
		state.outage = p.on ? String(p.mode || '503') : null;
		if (!p.on) {
			for (const r of hanging) r.destroy();
			hanging.clear();
		}
		return send(res, 200, { ok: true, outage: state.outage });
	}
	if (req.method === 'POST' && path === '/_fake/fail') {
		state.fail.push({ vendor: p.vendor, code: p.code, message: p.message, status: p.status, count: p.count || 1 });
		return send(res, 200, { ok: true });
	}
	if (req.method === 'POST' && path === '/_fake/wechat') {
		if (p.expires_in !== undefined) state.wechat.expiresIn = Number(p.expires_in);
		if (p.revoke) state.wechat.token = null;
		return send(res, 200, { ok: true });
	}
	send(res, 404, { error: 'no such control path' });
}

const hanging = new Set();

const server = http.createServer((req, res) => {
	const chunks = [];
	let size = 0;
	req.on('data', (c) => {
		size += c.length;
		if (size > 1024 * 1024) req.destroy();
		else chunks.push(c);
	});
	req.on('end', () => {
		const body = Buffer.concat(chunks);
		const url = req.url;
		const path = url.split('?')[0];
		try {
			if (path.startsWith('/_fake/')) return control(req, path, body, res);
			if (state.outage === 'reset') return req.socket.destroy();
			if (state.outage === 'hang') return hanging.add(req.socket);
			if (state.outage) {
				res.writeHead(503, { 'Content-Type': 'text/html' });
				return res.end('<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>');
			}
			if (req.method === 'POST' && path === '/' && req.headers['x-acs-action']) return aliyun(req, url, body, res);
			if (req.method === 'POST' && path === '/' && req.headers['x-tc-action']) return tencent(req, body, res);
			if (req.method === 'POST' && path.startsWith('/cgi-bin/')) return wechat(req, url, body, res);
			send(res, 404, { error: 'nothing here' });
		} catch (e) {
			process.stderr.write('gateways.js: ' + (e.stack || e) + '\n');
			if (!res.headersSent) send(res, 500, { error: String(e) });
		}
	});
});

server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => {
	process.stdout.write('listening ' + server.address().port + '\n');
});
process.on('SIGTERM', () => process.exit(0));
