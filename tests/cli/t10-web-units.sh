#!/usr/bin/env bash
# t10-web-units.sh: 房屋与业主 and 收银 over real HTTP: search by room, name and phone inside
# the staff member's projects; a unit's page to the fen; phones masked for those who do
# not call owners; taking a payment (the books show it, a ref posts once, bad input
# writes nothing), the receipt, a reversal with its reason; who may reach what; CSRF on
# every POST; hostile input refused or shown back escaped.
. "$(dirname "$0")/lib.sh"
new_db

wuye project add HY 华苑小区 >/dev/null
wuye project add QT 其他小区 >/dev/null
wuye import units "$FIX/units_utf8.csv" --project HY >/dev/null
# another project: one owner of its own, and 王伟 (the same person: name and phone) owns here too
cat >qt.csv <<'EOF'
楼栋,单元,楼层,房号,建筑面积,房屋类型,状态,业主,电话,交房日期
3,2,12,1201,90.00,住宅,已入住,赵敏,13700001111,2020-05-01
5,1,1,0101,70.00,住宅,已入住,王伟,13812345678,2020-05-01
EOF
wuye import units qt.csv --project QT >/dev/null
echo "zhang-pass-1" | wuye staff add zhang 张楼管 --role steward --project HY --password-stdin >/dev/null
echo "cai-pass-12" | wuye staff add cai 蔡收银 --role cashier --project HY --password-stdin >/dev/null
echo "zhao-pass-1" | wuye staff add zhao 赵楼管 --role steward --project QT --password-stdin >/dev/null
echo "boss-pass-12" | wuye staff add boss 老板 --role admin --password-stdin >/dev/null
# ¥100.00 a unit a month, due on the 15th, 万分之三 a day late; May, June, July billed
wuye contract add --project HY --name 物业服务合同 --from 2026-01-01 --late-daily 0.0003 >/dev/null
wuye tariff add --contract 1 --item 物业费 --basis unit --rate 100 --due-day 15 >/dev/null
for m in 05 06 07; do wuye bill --project HY --period 2026-$m --today 2026-$m-01 >/dev/null; done
# the collection case of 王伟, with a notice delivered with a photo as proof
printf '\x89PNG\r\n\x1a\n-proof-photo-' >notice.png
wuye dun --project HY --today 2026-07-20 >/dev/null
wuye contact HY/3-2-1201 --channel notice --result reached --note '已张贴<b>催缴通知</b>' --proof notice.png \
	--today 2026-07-20 --as zhang >/dev/null

start_server SRV --today 2026-07-20 --fixed-today
url="http://127.0.0.1:$SRV"
u1201=$(sql "SELECT u.id FROM unit u JOIN building b ON b.id = u.building_id JOIN project p ON p.id = u.project_id
	WHERE p.code = 'HY' AND b.code = '3' AND u.room = '1201'")
u1202=$(sql "SELECT u.id FROM unit u JOIN project p ON p.id = u.project_id WHERE p.code = 'HY' AND u.room = '1202'")
qt1201=$(sql "SELECT u.id FROM unit u JOIN project p ON p.id = u.project_id WHERE p.code = 'QT' AND u.room = '1201'")
qt0101=$(sql "SELECT u.id FROM unit u JOIN project p ON p.id = u.project_id WHERE p.code = 'QT' AND u.room = '0101'")

web_login "$url" zhang zhang-pass-1 steward >/dev/null
web_login "$url" cai cai-pass-12 cashier >/dev/null
web_login "$url" zhao zhao-pass-1 qtsteward >/dev/null
web_login "$url" boss boss-pass-12 admin >/dev/null
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
get() { curl -s -b "$1" "$url$2"; }
# the units a search page lists, one full name a line
hits() { get "$1" "$2" | grep -o '<strong>[A-Z]*/[^<]*</strong>' | sed 's/<[^>]*>//g'; }
payments() { sql "SELECT COUNT(*) FROM payment"; }
acct() { wuye account HY/3-2-1201 --today 2026-07-20 --format json; }

t "search by room: 3-2-1201, HY/3-2-1201, 3-1201 and the bare room number" '
	expect_eq "$(hits steward "/units?q=3-2-1201")" "HY/3-2-1201"
	expect_eq "$(hits steward "/units?q=HY%2F3-2-1201")" "HY/3-2-1201"
	expect_eq "$(hits steward "/units?q=3-1201")" "HY/3-2-1201"
	expect_eq "$(hits steward "/units?q=1201")" "HY/3-2-1201"
	expect_eq "$(hits steward "/units?q=12--0301")" "HY/12--0301"
	# full-width digits and dash, as a phone keyboard may type them
	expect_eq "$(hits steward "/units?q=%EF%BC%93%EF%BC%8D%EF%BC%92%EF%BC%8D%EF%BC%91%EF%BC%92%EF%BC%90%EF%BC%91")" "HY/3-2-1201"
	get steward "/units?q=3-2-1201" >page
	contains page "href=\"/units/$u1201\""
'

t "search by any part of an owner name or phone number" '
	expect_eq "$(hits steward "/units?q=%E7%8E%8B%E4%BC%9F")" "HY/3-2-1201"        # 王伟
	expect_eq "$(hits steward "/units?q=%E4%BC%9F" | sort | tr "\n" " ")" "HY/12--0301 HY/3-2-1201 "   # 伟: 王伟, 张伟
	expect_eq "$(hits steward "/units?q=%E5%A8%9C")" "HY/3-2-1202"                 # 娜
	expect_eq "$(hits steward "/units?q=13812345678")" "HY/3-2-1201"
	expect_eq "$(hits steward "/units?q=1111%202")" "HY/12--0301"                  # 150 1111 2222, typed with a blank
	# 5678 ends 13812345678 and the landline 010-62345678
	expect_eq "$(hits steward "/units?q=5678" | sort | tr "\n" " ")" "HY/3-2-1201 HY/3-2-1202 "
	get steward "/units?q=nobody-here" >page
	contains page "id=\"hits\""
	lacks page "<strong>HY/"
'

t "a search never shows a unit of a project the steward does not work on" '
	# 赵敏 and 13700001111 are in QT only; 王伟 owns in both
	expect_eq "$(hits steward "/units?q=%E8%B5%B5%E6%95%8F")" ""
	expect_eq "$(hits steward "/units?q=13700001111")" ""
	expect_eq "$(hits steward "/units?q=%E7%8E%8B%E4%BC%9F")" "HY/3-2-1201"
	expect_eq "$(hits steward "/units?q=QT%2F3-2-1201")" ""
	expect_eq "$(code -b steward "$url/units?project=QT&q=1201")" 403
	expect_eq "$(code -b steward "$url/units/$qt1201")" 403
	expect_eq "$(code -b steward "$url/units/$qt0101")" 403
	# the QT steward sees QT only
	expect_eq "$(hits qtsteward "/units?q=%E7%8E%8B%E4%BC%9F")" "QT/5-1-0101"
	expect_eq "$(hits qtsteward "/units?q=1201")" "QT/3-2-1201"
	expect_eq "$(code -b qtsteward "$url/units/$u1201")" 403
'

t "the project switch: an admin searches each project, a full name switches to its project" '
	get admin "/units" >page
	contains page "<option value=\"HY\" selected>"
	contains page "<option value=\"QT\">"
	expect_eq "$(hits admin "/units?project=QT&q=%E8%B5%B5%E6%95%8F")" "QT/3-2-1201"
	expect_eq "$(curl -s -o /dev/null -w "%{http_code} %{redirect_url}" -b admin "$url/units?project=HY&q=QT%2F3-2-1201")" \
		"303 $url/units?project=QT&q=QT%2F3-2-1201"
	expect_eq "$(hits admin "/units?project=QT&q=QT%2F3-2-1201")" "QT/3-2-1201"
	expect_eq "$(code -b admin "$url/units?project=NOPE")" 404
'

t "a unit page shows the figures to the fen: bills, late fees, owners, state" '
	get steward "/units/$u1201" >page
	contains page "<h1>HY/3-2-1201</h1>"
	contains page "id=\"open\">¥300.00<"
	contains page "id=\"overdue\">¥300.00<"
	contains page "id=\"prepaid\">¥0.00<"
	# late fees as wuye account computes them: 66 + 35 + 5 days at 万分之三 of ¥100.00
	expect_eq "$(acct | jq .late_fee_fen)" 318
	contains page "id=\"late-fee\">¥3.18<"
	tr -d "\n" <page | grep -o "<tr id=\"bill-[0-9]*\"><td>2026-05</td>.*</tr>" | sed "s/<\/tr>.*//" >row
	contains row "<td class=\"num\">¥100.00</td><td class=\"num\">¥0.00</td><td class=\"num\">¥0.00</td><td class=\"num\">¥100.00</td><td>2026-05-15</td><td class=\"num\">66</td><td class=\"num\">¥1.98</td>"
	contains page "王伟"
	contains page "市第一人民医院"
	contains page "已入住"
'

t "the case timeline with the contact and its proof, viewable and downloadable" '
	get steward "/units/$u1201" >page
	contains page "id=\"case\""
	contains page "2026-07-20"
	# the note is shown as text, not markup
	contains page "已张贴&lt;b&gt;催缴通知&lt;/b&gt;"
	proof=$(sql "SELECT proof_id FROM contact WHERE proof_id IS NOT NULL LIMIT 1")
	contains page "href=\"/units/$u1201/proofs/$proof\""
	curl -s -D h -o got -b steward "$url/units/$u1201/proofs/$proof"
	cmp got notice.png
	grep -qi "^content-type: image/png" h
	grep -qi "^content-disposition: inline" h
	curl -s -D h -o got -b steward "$url/units/$u1201/proofs/$proof?download=1"
	cmp got notice.png
	grep -qi "^content-disposition: attachment" h
	# the proof is not another unit'"'"'s to show, nor another project'"'"'s staff'"'"'s
	expect_eq "$(code -b steward "$url/units/$u1202/proofs/$proof")" 404
	expect_eq "$(code -b qtsteward "$url/units/$u1201/proofs/$proof")" 403
	expect_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action LIKE '"'"'proof.%'"'"'")" 2
'

t "phones are masked for a cashier and shown to a steward, who can call them" '
	get cashier "/units/$u1201" >page
	contains page "138****5678"
	lacks page "13812345678"
	get cashier "/units?q=1202" >page
	contains page "139****4321"
	contains page "010-****5678"
	lacks page "62345678"
	get steward "/units/$u1201" >page
	contains page "href=\"tel:13812345678\""
	# the cashier is not offered the contact log; the steward not the cashier
	get cashier "/units/$u1201" >page
	contains page "href=\"/cashier/$u1201\""
	lacks page "href=\"/tasks\""
	get steward "/units/$u1201" >page
	lacks page "href=\"/cashier/$u1201\""
	contains page "href=\"/tasks\""
'

t "a steward cannot reach the cashier" '
	csrf=$(web_csrf "$url" steward)
	expect_eq "$(code -b steward "$url/cashier")" 403
	expect_eq "$(code -b steward "$url/cashier/$u1201")" 403
	expect_eq "$(code -b steward -d "csrf=$csrf&amount=10&channel=cash" "$url/cashier/$u1201")" 403
	expect_eq "$(payments)" 0
	expect_eq "$(code -b cashier "$url/cashier")" 200
	expect_eq "$(code -b admin "$url/cashier/$u1201")" 200
'

t "a cashier takes a payment: oldest bills first, the receipt, the books balance" '
	get cashier "/cashier/$u1201" >page
	contains page "name=\"amount\""
	contains page "name=\"bill\""
	csrf=$(web_csrf "$url" cashier)
	curl -s -D h -o /dev/null -b cashier --data-urlencode "csrf=$csrf" -d "amount=150.00&channel=cash" "$url/cashier/$u1201"
	contains h "HTTP/1.1 303"
	grep -qi "^location: /receipts/HY-000001?posted=1" h
	acct >a
	expect_eq "$(jq -c "[.open_fen, .payments[0].amount_fen, .payments[0].channel, .payments[0].receipt]" a)" \
		"[15000,15000,\"cash\",\"HY-000001\"]"
	expect_eq "$(jq -c "[.bills[] | .open_fen]" a)" "[0,5000,10000]"
	wuye check >/dev/null
	get cashier "/receipts/HY-000001?posted=1" >page
	contains page "id=\"receipt-no\">HY-000001<"
	contains page "id=\"total\">¥150.00<"
	contains page "壹佰伍拾元整"
	contains page "蔡收银"
	get steward "/units/$u1201" >page
	contains page "id=\"open\">¥150.00<"
	contains page "href=\"/receipts/HY-000001\""
	expect_eq "$(sql "SELECT detail FROM audit_log WHERE action = '"'"'pay'"'"'")" "HY-000001 150.00 cash"
'

t "the receipt prints as a PDF (收据, amount in capitals), for the cashier and the steward of the project only" '
	get cashier "/receipts/HY-000001" >page
	contains page "href=\"/receipts/HY-000001/pdf\""
	curl -s -D h -o r.pdf -b cashier "$url/receipts/HY-000001/pdf"
	contains h "HTTP/1.1 200"
	grep -qi "^content-type: application/pdf" h
	pdftotext -layout r.pdf r.txt
	contains r.txt "HY-000001"
	contains r.txt "150.00"
	contains r.txt "壹佰伍拾元整"
	expect_eq "$(curl -s -o /dev/null -w "%{http_code}" -b qtsteward "$url/receipts/HY-000001/pdf")" 403
	expect_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = '"'"'doc.receipt'"'"' AND subject = '"'"'HY-000001'"'"'")" 1
'

t "picked bills are paid instead of the oldest, and the late fee is taken first when asked" '
	july=$(acct | jq ".bills[] | select(.period == \"2026-07\") | .id")
	csrf=$(web_csrf "$url" cashier)
	curl -s -o /dev/null -b cashier -d "csrf=$csrf&amount=100&channel=card&bill=$july" "$url/cashier/$u1201"
	expect_eq "$(acct | jq -c "[.bills[] | select(.kind == \"fee\") | .open_fen]")" "[0,5000,0]"
	[ "$(acct | jq .late_fee_fen)" -gt 0 ]
	curl -s -o /dev/null -b cashier -d "csrf=$csrf&amount=10&channel=wechat&late_fee=1" "$url/cashier/$u1201"
	# the accrued late fee became a bill, paid by this payment; the rest went to June
	acct >a
	expect_eq "$(jq .late_fee_fen a)" 0
	jq -e "[.bills[] | select(.kind == \"latefee\")] | length == 1 and .[0].open_fen == 0 and .[0].amount_fen > 0" a >/dev/null
	fee=$(jq "[.bills[] | select(.kind == \"latefee\")][0].amount_fen" a)
	expect_eq "$(jq "[.bills[] | select(.period == \"2026-06\" and .kind == \"fee\")][0].open_fen" a)" $((5000 - (1000 - fee)))
	wuye check >/dev/null
'

t "the same ref posts once; another unit or amount with it is a field error" '
	csrf=$(web_csrf "$url" cashier)
	before=$(payments)
	curl -s -D h1 -o /dev/null -b cashier -d "csrf=$csrf&amount=20&channel=wechat&ref=WX0001" "$url/cashier/$u1201"
	curl -s -D h2 -o /dev/null -b cashier -d "csrf=$csrf&amount=20&channel=wechat&ref=WX0001" "$url/cashier/$u1201"
	expect_eq "$(payments)" $((before + 1))
	expect_eq "$(sql "SELECT COUNT(*) FROM payment WHERE ref = '"'"'WX0001'"'"'")" 1
	no=$(sed -n "s|^location: /receipts/\([A-Z0-9-]*\)?posted=1.*|\1|ip" h1 | tr -d "\r")
	grep -qi "^location: /receipts/$no?duplicate=1" h2
	get cashier "/receipts/$no?duplicate=1" >page
	contains page "class=\"ref\">WX0001<"
	curl -s -o page -w "%{http_code}" -b cashier -d "csrf=$csrf&amount=20&channel=wechat&ref=WX0001" "$url/cashier/$u1202" >status
	expect_eq "$(cat status)" 422
	contains page "id=\"err-ref\""
	contains page "value=\"WX0001\""
	curl -s -o page -b cashier -d "csrf=$csrf&amount=21&channel=wechat&ref=WX0001" "$url/cashier/$u1201"
	contains page "id=\"err-ref\""
	expect_eq "$(payments)" $((before + 1))
	wuye check >/dev/null
'

t "a bad amount or channel gives the error next to the field, keeps what was typed, writes nothing" '
	csrf=$(web_csrf "$url" cashier)
	before=$(payments)
	for bad in abc 1.234 0 -5 "" 1e3 "12,34.5"; do
		curl -s -o page -w "%{http_code}" -b cashier --data-urlencode "csrf=$csrf" --data-urlencode "amount=$bad" \
			-d "channel=transfer&ref=BANK-77" "$url/cashier/$u1201" >status
		expect_eq "$(cat status)" 422
		contains page "id=\"err-amount\""
		contains page "name=\"amount\" type=\"text\" value=\"$bad\" aria-invalid=\"true\""
		# the other fields keep their values
		contains page "<option value=\"transfer\" selected>"
		contains page "value=\"BANK-77\""
	done
	curl -s -o page -b cashier -d "csrf=$csrf&amount=1.234&channel=cash" "$url/cashier/$u1201"
	contains page "两位小数"
	curl -s -o page -b cashier -d "csrf=$csrf&amount=10&channel=bitcoin" "$url/cashier/$u1201"
	contains page "id=\"err-channel\""
	curl -s -o page -b cashier -d "csrf=$csrf&amount=10&channel=autodebit" "$url/cashier/$u1201"
	contains page "id=\"err-channel\""
	# a bill of another unit, or one already settled, is not payable here
	other=$(sql "SELECT id FROM bill WHERE unit_id = $u1202 LIMIT 1")
	curl -s -o page -b cashier -d "csrf=$csrf&amount=10&channel=cash&bill=$other" "$url/cashier/$u1201"
	contains page "id=\"err-bill\""
	expect_eq "$(payments)" "$before"
'

t "a reversal needs a reason; it is recorded, reopens the bills and keeps the receipt number" '
	csrf=$(web_csrf "$url" cashier)
	open_before=$(acct | jq .open_fen)
	curl -s -o page -w "%{http_code}" -b cashier -d "csrf=$csrf&reason=" "$url/receipts/HY-000001/reverse" >status
	expect_eq "$(cat status)" 422
	contains page "id=\"err-reason\""
	curl -s -o page -b cashier -d "csrf=$csrf&reason=%20%20" "$url/receipts/HY-000001/reverse"
	contains page "id=\"err-reason\""
	expect_eq "$(sql "SELECT COUNT(*) FROM reversal")" 0
	curl -s -D h -o /dev/null -b cashier --data-urlencode "csrf=$csrf" --data-urlencode "reason=收错房号" "$url/receipts/HY-000001/reverse"
	grep -qi "^location: /receipts/HY-000001?reversed=1" h
	expect_eq "$(sql "SELECT reason FROM reversal")" "收错房号"
	expect_eq "$(acct | jq .open_fen)" $((open_before + 15000))
	expect_eq "$(acct | jq ".payments[] | select(.receipt == \"HY-000001\") | .reversed")" true
	get cashier "/receipts/HY-000001" >page
	contains page "收错房号"
	lacks page "action=\"/receipts/HY-000001/reverse\""
	# twice is refused; a steward may not reverse at all
	curl -s -o page -w "%{http_code}" -b cashier -d "csrf=$csrf&reason=again" "$url/receipts/HY-000001/reverse" >status
	expect_eq "$(cat status)" 422
	expect_eq "$(sql "SELECT COUNT(*) FROM reversal")" 1
	expect_eq "$(code -b steward -d "csrf=$(web_csrf "$url" steward)&reason=x" "$url/receipts/HY-000002/reverse")" 403
	expect_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = '"'"'payment.reverse'"'"'")" 1
	wuye check >/dev/null
'

t "a receipt is seen only by staff of its project" '
	expect_eq "$(code -b steward "$url/receipts/HY-000001")" 200
	# a steward reads it, and is offered neither the reversal nor the cashier
	get steward "/receipts/HY-000002" >page
	contains page "id=\"receipt-no\">HY-000002<"
	lacks page "/reverse\""
	lacks page "href=\"/cashier/"
	get cashier "/receipts/HY-000002" >page
	contains page "action=\"/receipts/HY-000002/reverse\""
	contains page "href=\"/cashier/$u1201\""
	expect_eq "$(code -b qtsteward "$url/receipts/HY-000001")" 403
	expect_eq "$(code -b cashier "$url/receipts/HY-999999")" 404
	expect_eq "$(code -b cashier "$url/receipts/nonsense")" 404
'

t "every POST without the session CSRF token is refused and writes nothing" '
	before=$(payments)
	expect_eq "$(code -b cashier -d "amount=10&channel=cash" "$url/cashier/$u1201")" 403
	expect_eq "$(code -b cashier -d "csrf=$(printf "%064d" 0)&amount=10&channel=cash" "$url/cashier/$u1201")" 403
	expect_eq "$(code -b cashier -d "reason=x" "$url/receipts/HY-000002/reverse")" 403
	expect_eq "$(code -b cashier -H "X-CSRF-Token: nope" -d "reason=x" "$url/receipts/HY-000002/reverse")" 403
	# another session'"'"'s token is not this one'"'"'s
	expect_eq "$(code -b cashier -d "csrf=$(web_csrf "$url" admin)&amount=10&channel=cash" "$url/cashier/$u1201")" 403
	expect_eq "$(payments)" "$before"
	expect_eq "$(sql "SELECT COUNT(*) FROM reversal")" 1
'

# post_pay JAR UNIT FIELD VALUE: the cashier form with FIELD set to VALUE (urlencoded) and
# the other fields valid (a ref only when it is the field under test)
post_pay() {
	local args=() f
	for f in amount channel bill late_fee ref; do
		[ "$f" = "$3" ] && continue
		case $f in
		amount) args+=(-d "amount=10") ;;
		channel) args+=(-d "channel=cash") ;;
		esac
	done
	curl -s -b "$1" --data-urlencode "csrf=$(web_csrf "$url" "$1")" "${args[@]}" --data-urlencode "$3=$4" "$url/cashier/$2"
}

t "hostile input in every field is refused or stored, and always shown back escaped" '
	csrf=$(web_csrf "$url" cashier)
	long=$(printf "%0300d" 7)
	script="<script>alert(1)</script>"
	sqlish="'"'"' OR 1=1 --"
	before=$(payments)
	: >all
	for v in "$script" "$sqlish" "$long"; do
		curl -s -b cashier -G --data-urlencode "q=$v" "$url/units" >>all
		curl -s -b cashier -G --data-urlencode "q=$v" "$url/cashier" >>all
		curl -s -b cashier -G --data-urlencode "project=$v" "$url/units" >>all
		for f in amount channel bill late_fee; do
			post_pay cashier "$u1201" "$f" "$v" >page
			cat page >>all
			grep -q "id=\"err-$f\"" page || fail "no error next to $f for [$v]"
		done
		post_pay cashier "$u1201" ref "$long$v" >page
		cat page >>all
		contains page "id=\"err-ref\""
		curl -s -b cashier --data-urlencode "csrf=$csrf" --data-urlencode "reason=$long$v" "$url/receipts/HY-000002/reverse" >page
		cat page >>all
		contains page "id=\"err-reason\""
		curl -s -b cashier "$url/receipts/$(printf %s "$v" | jq -sRr @uri)" >>all
	done
	# invalid UTF-8 (an overlong /) in each field
	curl -s -b cashier "$url/units?q=%C0%AF" >page; cat page >>all
	contains page "id=\"err-q\""
	for f in amount channel ref bill late_fee; do
		args="csrf=$csrf"
		[ $f = amount ] || args="$args&amount=10"
		[ $f = channel ] || args="$args&channel=cash"
		curl -s -o page -w "%{http_code}" -b cashier -d "$args&$f=%C0%AF" "$url/cashier/$u1201" >status
		cat page >>all
		expect_eq "$(cat status)" 422
		contains page "id=\"err-$f\""
	done
	curl -s -b cashier -d "csrf=$csrf&reason=%C0%AF" "$url/receipts/HY-000002/reverse" >page; cat page >>all
	contains page "id=\"err-reason\""
	lacks all "<script>alert"
	contains all "&lt;script&gt;alert(1)&lt;/script&gt;"
	contains all "&#39; OR 1=1 --"
	expect_eq "$(payments)" "$before"
	expect_eq "$(sql "SELECT COUNT(*) FROM reversal")" 1
	# a SQL fragment finds nothing and breaks nothing
	expect_eq "$(hits cashier "/units?q=%27%20OR%201%3D1%20--")" ""
	expect_eq "$(code -b cashier "$url/units?q=%27%20OR%201%3D1%20--")" 200
	# stored where text is allowed, and shown back escaped: a ref, a reversal reason
	curl -s -D h -o /dev/null -b cashier --data-urlencode "csrf=$csrf" -d "amount=1&channel=cash" --data-urlencode "ref=$script" "$url/cashier/$u1201"
	no=$(sed -n "s|^location: /receipts/\([A-Z0-9-]*\)?posted=1.*|\1|ip" h | tr -d "\r")
	expect_eq "$(sql "SELECT ref FROM payment WHERE id = (SELECT MAX(id) FROM payment)")" "$script"
	curl -s -o /dev/null -b cashier --data-urlencode "csrf=$csrf" --data-urlencode "reason=$script $sqlish" "$url/receipts/$no/reverse"
	expect_eq "$(sql "SELECT reason FROM reversal ORDER BY id DESC LIMIT 1")" "$script $sqlish"
	get cashier "/receipts/$no" >page
	contains page "class=\"ref\">&lt;script&gt;alert(1)&lt;/script&gt;<"
	contains page "&lt;script&gt;alert(1)&lt;/script&gt; &#39; OR 1=1 --"
	lacks page "<script>alert"
	get cashier "/units/$u1201" >page
	lacks page "<script>alert"
	wuye check >/dev/null
'

t "a search answers an htmx request with the list alone" '
	curl -s -b steward -H "HX-Request: true" "$url/units?q=1201" >page
	lacks page "<html"
	contains page "<section id=\"hits\""
	contains page "HY/3-2-1201"
'

stop_server SRV
done_testing
