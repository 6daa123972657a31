#!/usr/bin/env node
// smtp.js: a local SMTP server for the e-mail tests (smtp-server and mailparser, both
// from the nodemailer project).
//
//   node tests/fakes/smtp.js --dir DIR --user U --pass P [--port N] [--key K --cert C]
//                            [--no-starttls]
//
// prints "listening PORT" on stdout.  With --key/--cert it offers STARTTLS; AUTH PLAIN
// and LOGIN are checked against --user/--pass and, as real servers do, offered only on a
// TLS connection (unless --no-starttls, which serves plain text only and then allows AUTH
// in the clear: the test of "require_tls" makes sure the client refuses such a server).
//
// For each message accepted it writes DIR/N.eml (the raw message as received) and
// DIR/N.json (what mailparser decoded: subject, text, from, Message-ID, Date, and whether
// the session was TLS); each AUTH attempt appends a line to DIR/events.jsonl.
// Recipients starting with "tempfail" get 451, with "nobody" 550.
'use strict';

const fs = require('fs');
const path = require('path');
const { SMTPServer } = require('smtp-server');
const { simpleParser } = require('mailparser');

const args = { port: '0', 'no-starttls': false };
for (let i = 2; i < process.argv.length; i++) {
	const a = process.argv[i];
	if (a === '--no-starttls') args['no-starttls'] = true;
	else if (a.startsWith('--') && i + 1 < process.argv.length) args[a.slice(2)] = process.argv[++i];
	else {
		process.stderr.write('smtp.js: unknown argument ' + a + '\n');
		process.exit(2);
	}
}
for (const need of ['dir', 'user', 'pass']) {
	if (!args[need]) {
		process.stderr.write('smtp.js: --' + need + ' is required\n');
		process.exit(2);
	}
}
const plain = args['no-starttls'];
if (!plain && (!args.key || !args.cert)) {
	process.stderr.write('smtp.js: --key and --cert are required unless --no-starttls\n');
	process.exit(2);
}

let seq = 0;
function event(obj) {
	fs.appendFileSync(path.join(args.dir, 'events.jsonl'), JSON.stringify(obj) + '\n');
}

function smtpError(code, text) {
	const e = new Error(text);
	e.responseCode = code;
	return e;
}

const options = {
	name: 'fake-smtp.wuye.test',
	banner: 'wuye test SMTP server',
	authMethods: ['PLAIN', 'LOGIN'],
	size: 10 * 1024 * 1024,
	logger: false,
	onAuth(auth, session, cb) {
		const ok = auth.username === args.user && auth.password === args.pass;
		event({ type: 'auth', method: auth.method, user: auth.username, ok, secure: !!session.secure });
		if (!ok) return cb(smtpError(535, 'Error: authentication failed: Invalid username or password'));
		cb(null, { user: auth.username });
	},
	onRcptTo(address, session, cb) {
		const a = address.address;
		if (a.startsWith('tempfail')) return cb(smtpError(451, '4.3.0 <' + a + '>: temporary failure, try later'));
		if (a.startsWith('nobody')) return cb(smtpError(550, '5.1.1 <' + a + '>: Recipient address rejected: User unknown'));
		cb();
	},
	onData(stream, session, cb) {
		const chunks = [];
		stream.on('data', (c) => chunks.push(c));
		stream.on('end', async () => {
			const raw = Buffer.concat(chunks);
			const n = ++seq;
			try {
				const mail = await simpleParser(raw);
				const from = (mail.from && mail.from.value && mail.from.value[0]) || {};
				fs.writeFileSync(path.join(args.dir, n + '.eml'), raw);
				fs.writeFileSync(path.join(args.dir, n + '.json'), JSON.stringify({
					secure: !!session.secure,
					user: session.user || null,
					envelope: { from: session.envelope.mailFrom.address, to: session.envelope.rcptTo.map((r) => r.address) },
					subject: mail.subject,
					text: mail.text,
					from_name: from.name || '',
					from_address: from.address || '',
					to: mail.to ? mail.to.text : '',
					message_id: mail.messageId,
					date: mail.date ? mail.date.toISOString() : null,
					content_type: mail.headers.get('content-type') ? mail.headers.get('content-type').value : null,
					charset: mail.headers.get('content-type') ? mail.headers.get('content-type').params.charset : null,
					transfer_encoding: mail.headers.get('content-transfer-encoding') || null,
					raw_subject: (/^Subject:(.*(?:\r\n[ \t].*)*)/mi.exec(raw.toString('latin1')) || [])[1] || null,
				}, null, 1));
				cb(null, 'OK queued as ' + n);
			} catch (e) {
				cb(smtpError(554, '5.6.0 cannot parse the message: ' + e.message));
			}
		});
	},
};
if (plain) {
	options.disabledCommands = ['STARTTLS'];
	options.allowInsecureAuth = true;
} else {
	options.key = fs.readFileSync(args.key);
	options.cert = fs.readFileSync(args.cert);
}

const server = new SMTPServer(options);
// a client that refuses our certificate is one of the tests: not worth a line
server.on('error', (e) => /TLS/.test(e.message) || process.stderr.write('smtp.js: ' + e.message + '\n'));
server.listen(Number(args.port), '127.0.0.1', () => {
	process.stdout.write('listening ' + server.server.address().port + '\n');
});
process.on('SIGTERM', () => {
	server.close(() => process.exit(0));
	setTimeout(() => process.exit(0), 500).unref();
});
