#!/usr/bin/env bash
# t07-sending.sh: the outbox delivered through real protocols to local gateway servers
# (tests/fakes/gateways.js checks every signature): quiet hours, channels, templates,
# the gap between messages, cancel-when-paid, a gateway outage, a crash mid-send, a
# wrong key, delivery receipts and the limitation clock, campaigns and care calls.
. "$(dirname "$0")/lib.sh"
new_db
start_fake GW gateways.js 0
mkdir -p mail
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost \
	-addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -keyout mail.key -out mail.crt >/dev/null 2>&1
start_fake MAIL smtp.js --dir "$SCRATCH/mail" --user wuye --pass mail-pass-1 --key mail.key --cert mail.crt
fake() { curl -s "http://127.0.0.1:$GW/_fake/$1" "${@:2}"; }
fake_post() { curl -s -X POST -H 'Content-Type: application/json' -d "$2" "http://127.0.0.1:$GW/_fake/$1" >/dev/null; }
# the messages the gateways accepted, one line each
accepted() { fake messages | jq -r '.messages[] | [.vendor, (.phone // .touser), (.template // .template_id)] | join(" ")'; }
state_of() { sql "SELECT p.name || ' ' || o.step || ' ' || o.channel || ' ' || o.state FROM outbox o JOIN party p ON p.id = o.payer_id ORDER BY o.id"; }

cat >owners.csv <<'EOF'
楼栋,单元,房号,面积,状态,业主,电话,微信,邮箱,工作单位,标签
1,1,101,90,已入住,甲微信短信,13800000001,oJia_fake_openid_000000001,,,
1,1,102,90,已入住,乙短信,13800000002,,,,
1,1,103,90,已入住,丙邮件,010-62340003,,bing@example.com,,
1,1,104,90,已入住,丁无联系,010-62340004,,,,
1,1,105,90,已入住,戊关怀,13800000005,,,,关怀
EOF

cat >aliyun.json <<EOF
{"endpoint": "http://127.0.0.1:$GW", "access_key_id": "LTAI5tFakeGatewayKey01",
 "access_key_secret": "fake-aliyun-secret-for-tests-only", "sign_name": "华苑物业",
 "templates": {"prenotice": "SMS_154950909", "reminder": "SMS_154950909", "greeting": "SMS_465050001"}}
EOF
cat >tencent.json <<EOF
{"endpoint": "http://127.0.0.1:$GW", "secret_id": "AKIDFakeGatewaySecretIdForTests01",
 "secret_key": "fake-tencent-key-for-tests-only", "sdk_app_id": "1400006666", "sign_name": "华苑物业",
 "region": "ap-guangzhou", "templates": {"greeting": "1110"}}
EOF
sed 's/fake-tencent-key-for-tests-only/not-the-key/' tencent.json >tencent-wrong.json
cat >wechat.json <<EOF
{"endpoint": "http://127.0.0.1:$GW", "appid": "wx5f0fakegateway01", "secret": "fake-wechat-appsecret-for-tests-only",
 "templates": {"prenotice": "Lg3fake-bill-due-template", "reminder": "Lg3fake-bill-due-template",
               "greeting": "Lg3fake-bill-due-template"},
 "data": {"Lg3fake-bill-due-template": {"first": "{name}，您好", "amount": "{amount}", "remark": "应缴日期{due}"}}}
EOF

t "a community whose owners have WeChat and a mobile, a mobile, e-mail, nothing, and a 关怀 household" '
	wuye project add NT 通知小区 >/dev/null
	wuye import units owners.csv --project NT >/dev/null
	wuye staff add li 李经理 --role manager --project NT >/dev/null
	wuye staff add kf 客服小王 --role service --project NT >/dev/null
	wuye contract add --project NT --name 物业服务合同 --from 2020-01-01 >/dev/null
	wuye tariff add --contract 1 --item 物业费 --basis unit --rate 100 --due-day 15 >/dev/null
	wuye bill --project NT --period 2026-01 --today 2026-01-01 >/dev/null
	wuye dun --project NT --today 2026-01-08 >/dev/null
	state_of >states
	expect_file states <<-X
	甲微信短信 prenotice wechat queued
	甲微信短信 prenotice sms queued
	乙短信 prenotice sms queued
	丙邮件 prenotice email queued
	丁无联系 prenotice letter queued
	戊关怀 prenotice sms queued
	X
'

t "in the quiet hours nothing is sent" '
	wuye send --today 2026-01-08 --at 07:59 --lang en >out
	contains out "quiet hours"
	expect_eq "$(sql "SELECT COUNT(*) FROM outbox WHERE state = '"'"'queued'"'"' AND attempts = 0 AND answer = '"'"''"'"'")" 6
'

t "without a configured channel the messages wait, and say why" '
	wuye send --today 2026-01-08 --at 09:00 --lang en >out
	contains out "waiting for a channel 5"
	expect_eq "$(sql "SELECT DISTINCT answer FROM outbox WHERE channel = '"'"'sms'"'"'")" "no sms channel is configured (wuye channel set)"
	expect_eq "$(sql "SELECT COUNT(*) FROM outbox WHERE state = '"'"'queued'"'"'")" 6
	expect_eq "$(accepted | wc -l)" 0
'

t "a channel is checked before it is saved, and its secrets are never shown" '
	expect_exit 1 wuye channel set email --project NT --vendor aliyun --settings aliyun.json --lang en 2>err
	contains err "vendor aliyun is for the sms channel, not email"
	echo "{\"endpoint\": \"http://127.0.0.1:1\"}" >partial.json
	expect_exit 1 wuye channel set sms --project NT --vendor aliyun --settings partial.json 2>err
	contains err "access_key_id"
	wuye channel set sms --project NT --vendor aliyun --settings aliyun.json
	wuye channel show --project NT --format json >shown
	expect_eq "$(jq -r ".[0].settings | fromjson | .access_key_secret" shown)" "****"
	lacks shown "fake-aliyun-secret"
	expect_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = '"'"'channel.set'"'"' AND detail LIKE '"'"'%secret%'"'"'")" 0
'

t "SMS goes out signed, once the hour the channel was missing has passed" '
	wuye send --today 2026-01-08 --at 09:30 --lang en >out
	contains out "sent 0"
	wuye send --today 2026-01-08 --at 10:01 --lang en >out
	contains out "sent 3"
	accepted >acc
	expect_file acc <<-X
	aliyun 13800000001 SMS_154950909
	aliyun 13800000002 SMS_154950909
	aliyun 13800000005 SMS_154950909
	X
	expect_eq "$(fake messages | jq -r ".messages[1].params | [.name, .amount, .due] | join(\" \")")" "乙短信业主 ¥100.00 2026-01-15"
	expect_eq "$(fake messages | jq -r ".messages[1].out_id")" "$(sql "SELECT id FROM outbox WHERE address = '"'"'13800000002'"'"'")"
	expect_eq "$(sql "SELECT gateway_id FROM outbox WHERE address = '"'"'13800000002'"'"'")" "$(fake messages | jq -r ".messages[1].biz_id")"
'

t "WeChat template messages carry the fields the template names and open the pay link" '
	wuye channel set wechat --project NT --vendor wechat --settings wechat.json
	wuye send --today 2026-01-08 --at 11:02 --lang en >out
	contains out "sent 1"
	fake messages | jq -c ".messages[3] | [.touser, .data.first.value, .data.amount.value, .data.remark.value]" >wx
	expect_eq "$(cat wx)" "[\"oJia_fake_openid_000000001\",\"甲微信短信业主，您好\",\"¥100.00\",\"应缴日期2026-01-15\"]"
	contains <(fake messages | jq -r ".messages[3].url") "http://127.0.0.1:8080/p/"
'

t "a template is checked when it is saved, not when it is sent" '
	expect_exit 1 wuye template set reminder sms --project NT --text "尊敬的{nmae}：您好" --lang en 2>err
	contains err "unknown variable {nmae} at character 4"
	expect_exit 1 wuye template set reminder email --project NT --text "{name}" --lang en 2>err
	contains err "needs a subject"
	wuye template set reminder sms --project NT --text "【{project}】尊敬的{name}：您的物业费{amount}（{due}到期）尚未缴纳，如已缴请忽略。" --vendor-template SMS_154950909
	wuye template show reminder sms --project NT --format json >tpl
	expect_eq "$(jq -r .vendor_template tpl)" SMS_154950909
	expect_eq "$(jq -r .builtin tpl)" false
'

t "a message about a debt paid before it went out is cancelled" '
	wuye pay NT/1-1-102 100 --channel cash --today 2026-01-15 >/dev/null
	wuye dun --project NT --today 2026-01-16 >/dev/null
	wuye pay NT/1-1-105 100 --channel cash --today 2026-01-16 >/dev/null
	wuye send --today 2026-01-16 --at 09:00 --lang en >out
	contains out "cancelled (paid) 1"
	expect_eq "$(sql "SELECT state || '"'"' '"'"'|| answer FROM outbox WHERE step = '"'"'reminder'"'"' AND address = '"'"'13800000005'"'"'")" "cancelled paid before it was sent"
	expect_eq "$(sql "SELECT text FROM outbox WHERE step = '"'"'reminder'"'"' AND address = '"'"'13800000001'"'"'")" \
		"【通知小区】尊敬的甲微信短信业主：您的物业费¥100.00（2026-01-15到期）尚未缴纳，如已缴请忽略。"
	expect_eq "$(fake messages | jq -r "[.messages[] | select(.phone == \"13800000001\")] | .[-1].params | keys_unsorted | join(\",\")")" "project,name,amount,due"
'

t "at least three days between messages to one owner, whatever queued them" '
	wuye campaign greeting --project NT --name 春节问候 --today 2026-01-17 --lang en >out
	contains out "5 owners, 5 messages"
	wuye send --today 2026-01-17 --at 09:00 --lang en >out
	contains out "held (too soon) 2"
	sql "SELECT p.name || '"'"' '"'"' || o.channel || '"'"' '"'"' || o.state || '"'"' '"'"' || o.next_at FROM outbox o JOIN party p ON p.id = o.payer_id WHERE o.kind = '"'"'campaign'"'"' ORDER BY o.id" >greet
	held=$(( $(date -u -d "2026-01-19 01:00" +%s) ))
	expect_file greet <<-X
	甲微信短信 wechat queued $held
	甲微信短信 sms queued $held
	乙短信 sms sent 0
	丙邮件 email queued $(( $(date -u -d "2026-01-17 02:00" +%s) ))
	戊关怀 sms sent 0
	X
'

t "a gateway that is down loses nothing: the messages wait and go later, once each" '
	fake_post outage "{\"on\": true, \"mode\": \"503\"}"
	wuye send --today 2026-01-19 --at 09:01 --lang en >out
	contains out "to retry 2"
	expect_eq "$(sql "SELECT state || '"'"' '"'"' || attempts FROM outbox WHERE kind = '"'"'campaign'"'"' AND address = '"'"'13800000001'"'"'")" "queued 1"
	fake_post outage "{\"on\": false}"
	wuye send --today 2026-01-19 --at 09:01 --lang en >out
	contains out "sent 0"
	wuye send --today 2026-01-19 --at 09:03 --lang en >out
	contains out "sent 2"
	expect_eq "$(fake messages | jq "[.messages[] | select(.phone == \"13800000001\")] | length")" 3
	expect_eq "$(sql "SELECT state || '"'"' '"'"' || attempts FROM outbox WHERE kind = '"'"'campaign'"'"' AND address = '"'"'13800000001'"'"'")" "sent 2"
'

t "a crash after the gateway took a message: the next run finds it there and does not send it again" '
	wuye channel set sms --project NT --vendor tencent --settings tencent.json
	wuye campaign greeting --project NT --name 腊八 --segment care --today 2026-01-21 >/dev/null
	rc=0
	WUYE_TEST_CRASH_AFTER_SENDS=1 wuye send --today 2026-01-21 --at 09:00 >/dev/null 2>&1 || rc=$?
	expect_eq "$rc" 137
	expect_eq "$(sql "SELECT state FROM outbox WHERE kind = '"'"'campaign'"'"' AND created_day = 20474")" sending
	expect_eq "$(fake messages | jq "[.messages[] | select(.vendor == \"tencent\")] | length")" 1
	wuye send --today 2026-01-21 --at 09:02 >/dev/null
	expect_eq "$(sql "SELECT state FROM outbox WHERE kind = '"'"'campaign'"'"' AND created_day = 20474")" sending
	wuye send --today 2026-01-21 --at 09:10 --lang en >out
	contains out "recovered after a crash 1"
	expect_eq "$(sql "SELECT state || '"'"' '"'"' || gateway_id FROM outbox WHERE kind = '"'"'campaign'"'"' AND created_day = 20474")" \
		"sent $(fake messages | jq -r "[.messages[] | select(.vendor == \"tencent\")][0].serial_no")"
	expect_eq "$(fake messages | jq "[.messages[] | select(.vendor == \"tencent\")] | length")" 1
	expect_eq "$(fake messages | jq -r "[.messages[] | select(.vendor == \"tencent\")][0] | [.phone, .template, (.params | join(\"|\"))] | join(\" \")")" \
		"+8613800000005 1110 通知小区|戊关怀业主|物业管理处"
'

t "a wrong key: the gateway refuses the signature, the message fails with its answer" '
	wuye channel set sms --project NT --vendor tencent --settings tencent-wrong.json
	wuye campaign greeting --project NT --name 元宵 --segment paid-up --today 2026-01-25 >/dev/null
	wuye send --today 2026-01-25 --at 09:00 --lang en >out
	contains out "failed 2"
	sql "SELECT DISTINCT state || '"'"' '"'"' || answer FROM outbox WHERE created_day = 20478" >ans
	contains ans "failed"
	contains ans "AuthFailure.SignatureFailure"
'

t "e-mail over SMTP with STARTTLS: the older notice is superseded, the reminder goes, Chinese intact" '
	printf "{\"url\": \"smtp://127.0.0.1:%s\", \"username\": \"wuye\", \"password\": \"mail-pass-1\", \"from\": \"wuye@example.com\", \"from_name\": \"通知小区物业服务中心\", \"require_tls\": true, \"ca_file\": \"%s\"}" "$MAIL" "$SCRATCH/mail.crt" >smtp.json
	wuye channel set email --project NT --vendor smtp --settings smtp.json
	wuye send --today 2026-01-26 --at 09:00 --lang en >out
	contains out "sent 1"
	sql "SELECT o.step || '"'"' '"'"' || o.kind || '"'"' '"'"' || o.state || '"'"' '"'"' || o.answer FROM outbox o WHERE o.channel = '"'"'email'"'"' ORDER BY o.id" >states
	expect_file states <<-X
	prenotice dun cancelled superseded by a later message
	reminder dun sent 250 OK queued as 1
	greeting campaign queued held: too soon after the last message to this owner
	X
	expect_eq "$(jq -r "[.secure, .subject, .from_name] | join(\"|\")" mail/1.json)" "true|【通知小区】物业服务费缴费提醒|通知小区物业服务中心"
	jq -r .text mail/1.json >body
	contains body "尊敬的丙邮件业主："
	contains body "最早一笔应缴日期2026-01-15"
	expect_eq "$(sql "SELECT gateway_id FROM outbox WHERE channel = '"'"'email'"'"' AND state = '"'"'sent'"'"'")" "$(jq -r .message_id mail/1.json)"
'

t "delivery reports: recorded once; a delivered reminder restarts the limitation period of its bills" '
	pre=$(sql "SELECT gateway_id FROM outbox WHERE step = '"'"'prenotice'"'"' AND address = '"'"'13800000002'"'"'")
	rem=$(sql "SELECT gateway_id FROM outbox WHERE step = '"'"'reminder'"'"' AND address = '"'"'13800000001'"'"'")
	cat >report.json <<-X
	[{"phone_number":"13800000002","send_time":"2026-01-08 10:01:00","report_time":"2026-01-08 10:01:05","success":true,"err_code":"DELIVERED","err_msg":"用户接收成功","sms_size":"1","biz_id":"$pre","out_id":""},
	 {"phone_number":"13800000001","send_time":"2026-01-16 09:00:00","report_time":"2026-01-16 09:00:04","success":true,"err_code":"DELIVERED","err_msg":"用户接收成功","sms_size":"1","biz_id":"$rem","out_id":""},
	 {"phone_number":"13900000000","send_time":"2026-01-16 09:00:00","report_time":"2026-01-16 09:00:04","success":false,"err_code":"MK:0001","err_msg":"","sms_size":"1","biz_id":"999^1","out_id":""}]
	X
	wuye receipts report.json --vendor aliyun --lang en >out
	contains out "3 delivery reports, 2 about our messages"
	wuye receipts report.json --vendor aliyun >/dev/null
	expect_eq "$(sql "SELECT COUNT(*) FROM delivery_receipt")" 3
	expect_eq "$(sql "SELECT state || '"'"' '"'"' || delivered_day FROM outbox WHERE gateway_id = '"'"'$rem'"'"'")" "delivered 20469"
	expect_eq "$(sql "SELECT kind || '"'"' '"'"' || day FROM limitation_event WHERE source_id = (SELECT id FROM outbox WHERE gateway_id = '"'"'$rem'"'"')")" "reminder 20469"
	expect_eq "$(sql "SELECT COUNT(*) FROM limitation_event WHERE source_id = (SELECT id FROM outbox WHERE gateway_id = '"'"'$pre'"'"')")" 0
'

start_server SRV
t "a gateway pushes its reports to the server: a secret in the address, the vendor's own answer" '
	sed "s/\"sign_name\"/\"hook_token\": \"hk-5f1c2a9d7e3b40aa\", \"sign_name\"/" aliyun.json >aliyun-hook.json
	wuye channel set sms --project NT --vendor aliyun --settings aliyun-hook.json
	pre=$(sql "SELECT gateway_id FROM outbox WHERE step = '"'"'prenotice'"'"' AND address = '"'"'13800000005'"'"'")
	printf "[{\"phone_number\":\"13800000005\",\"send_time\":\"2026-01-08 10:01:00\",\"report_time\":\"2026-01-08 10:01:09\",\"success\":true,\"err_code\":\"DELIVERED\",\"err_msg\":\"用户接收成功\",\"sms_size\":\"1\",\"biz_id\":\"%s\",\"out_id\":\"\"}]" "$pre" >push.json
	expect_eq "$(curl -s -o /dev/null -w "%{http_code}" -H "Content-Type: application/json" --data-binary @push.json "http://127.0.0.1:$SRV/hooks/aliyun/not-the-token-at-all")" 403
	expect_eq "$(sql "SELECT state FROM outbox WHERE gateway_id = '"'"'$pre'"'"'")" sent
	expect_eq "$(curl -s -H "Content-Type: application/json" --data-binary @push.json "http://127.0.0.1:$SRV/hooks/aliyun/hk-5f1c2a9d7e3b40aa")" "{\"code\":0,\"msg\":\"成功\"}"
	expect_eq "$(sql "SELECT state FROM outbox WHERE gateway_id = '"'"'$pre'"'"'")" delivered
'

t "the outbox as staff see it: what was said, to whom (masked), and what became of it" '
	wuye outbox --project NT --state delivered --format json >ob
	expect_eq "$(jq -c "[.[] | [.unit, .step, .channel, .state, .created, .address]]" ob)" \
		"[[\"NT/1-1-101\",\"reminder\",\"sms\",\"delivered\",\"2026-01-16\",\"138****0001\"],[\"NT/1-1-105\",\"prenotice\",\"sms\",\"delivered\",\"2026-01-08\",\"138****0005\"],[\"NT/1-1-102\",\"prenotice\",\"sms\",\"delivered\",\"2026-01-08\",\"138****0002\"]]"
	contains <(jq -r ".[2].text" ob) "尊敬的乙短信业主：您名下房屋1-1-102本期物业服务费等费用共¥100.00，应缴日期为2026-01-15。"
	wuye outbox --project NT --state delivered --show-address --format json >ob
	expect_eq "$(jq -r ".[0].address" ob)" 13800000001
	wuye staff add cai 收银小蔡 --role cashier --project NT >/dev/null
	expect_exit 1 wuye outbox --project NT --show-address --as cai 2>/dev/null
	expect_exit 2 wuye outbox --project NT --state lost 2>/dev/null
'

t "care calls: a monthly task for each 关怀 household, done by a call" '
	wuye campaign care --project NT --today 2026-02-01 --lang en >out
	contains out "1 care-call tasks"
	wuye campaign care --project NT --today 2026-02-03 --lang en >out
	contains out "0 care-call tasks"
	wuye tasks --today 2026-02-01 --as kf --format json >tasks
	expect_eq "$(jq -c "[.[] | [.step, .unit, .staff, .payer]]" tasks)" "[[\"care\",\"NT/1-1-105\",\"kf\",\"戊关怀\"]]"
	wuye contact NT/1-1-105 --channel phone --result reached --note 老人身体不错 --today 2026-02-02 --as kf >/dev/null
	wuye tasks --today 2026-02-02 --as kf --format json >tasks
	expect_eq "$(jq length tasks)" 0
'

done_testing
