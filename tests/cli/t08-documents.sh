#!/usr/bin/env bash
# t08-documents.sh: the printable documents (wuye doc …) read back from the PDFs: the
# Chinese text and the exact amounts (pdftotext), the pay link in the QR code (zbarimg),
# the fonts embedded (pdffonts), names where they belong and nowhere else, lawyer letters
# thirty to a file, the public notice only after approval, and bad input writing nothing.
#
# The community: 32 units of 89.57 m² at ¥1.85/㎡/月 (¥165.70 a month, due on the 15th,
# late fee 万分之三 a day), billed January to March 2026.  王伟 owns 1-1-101 and
# 2-1-216; 户主02 paid ¥200.00 on 02-20; 赵六 (3-1-301) paid ¥600.00 on 03-01; 3-1-303
# is not handed over (the developer's account).  Documents are printed on 2026-03-20.
. "$(dirname "$0")/lib.sh"
new_db

{
	echo "楼栋,单元,房号,面积,状态,业主,电话"
	echo "1,1,101,89.57,已入住,王伟,13800138000"
	for b in 1 2; do
		for r in $(seq 1 16); do
			room=$((b * 100 + r))
			[ "$room" = 101 ] && continue
			n=$(printf '%02d' $(( (b - 1) * 16 + r )))
			if [ "$room" = 216 ]; then
				echo "2,1,216,89.57,已入住,王伟,13800138000"
			else
				echo "$b,1,$room,89.57,已入住,户主$n,139000000$n"
			fi
		done
	done
	echo "3,1,301,89.57,已入住,赵六,13700137000"
	echo "3,1,303,89.57,未交付,,"
} >owners.csv

# pdftotext into NAME.txt (layout) and NAME.flat (one line, no blanks: for sentences
# that wrap); every page of the file.
text() {
	pdftotext -layout "$1" "${1%.pdf}.txt"
	pdftotext "$1" - | tr -d ' \n' >"${1%.pdf}.flat"
}
# The QR code on the first page of a PDF, decoded.
qr() {
	pdftoppm -r 150 -png -f "${2:-1}" -l "${2:-1}" -singlefile "$1" qrpage
	zbarimg -q --raw qrpage.png
}
# The signed pay link of a unit's payer, computed here: pay_url + payer id + "." + the
# first 16 hex digits of HMAC-SHA256(project key, "payer:ID").
pay_link() {
	local payer secret url mac
	payer=$(sql "SELECT o.party_id FROM ownership o JOIN unit u ON u.id = o.unit_id JOIN building b ON b.id = u.building_id
	             WHERE b.code = '$1' AND u.room = '$2' AND o.seq = 0 ORDER BY o.from_day DESC LIMIT 1")
	secret=$(sql "SELECT pay_secret FROM project WHERE code = 'DOC'")
	url=$(sql "SELECT pay_url FROM project WHERE code = 'DOC'")
	mac=$(printf 'payer:%s' "$payer" | openssl dgst -sha256 -hmac "$secret" -r | cut -c1-16)
	echo "$url$payer.$mac"
}
# Every font of a PDF is embedded (and there is at least one).
fonts_embedded() {
	pdffonts "$1" >fonts
	[ "$(awk 'NR > 2' fonts | wc -l)" -gt 0 ] || fail "no fonts in $1"
	[ -z "$(awk 'NR > 2 && $(NF - 4) != "yes"' fonts)" ] || { cat fonts; fail "a font of $1 is not embedded"; }
}
no_litter() { [ -z "$(ls | grep -e '\.tmp-' || true)" ] || fail "a temporary file was left: $(ls | grep -e '\.tmp-')"; }
yuan() { awk -v f="$1" 'BEGIN { s = sprintf("%.2f", f / 100); n = split(s, p, "."); i = p[1]; o = "";
	while (length(i) > 3) { o = "," substr(i, length(i) - 2) o; i = substr(i, 1, length(i) - 3) } print "¥" i o "." p[2] }'; }
case_id() { wuye case "$1" --today "${2:-2026-03-20}" --format json | jq -r .id; }
letters() { grep -c "^致：" "$1" || true; }

t "the community, its books and its cases" '
	wuye project add DOC 幸福家园 >/dev/null
	wuye project set DOC --phone 010-62340000 --address 北京市海淀区幸福路8号
	wuye import units owners.csv --project DOC >/dev/null
	wuye staff add zhang 张楼管 --role steward --project DOC --buildings 1,2,3 >/dev/null
	wuye staff add li 李经理 --role manager --project DOC >/dev/null
	wuye staff add fa 王法务 --role legal --project DOC >/dev/null
	wuye staff add qian 钱收银 --role cashier --project DOC >/dev/null
	wuye contract add --project DOC --name 物业服务合同 --from 2020-01-01 --late-daily 0.0003 >/dev/null
	wuye tariff add --contract 1 --item 物业费 --basis area --rate 1.85 --due-day 15 >/dev/null
	wuye bill --project DOC --period 2026-01 --today 2026-01-01 >/dev/null
	wuye bill --project DOC --period 2026-02 --today 2026-02-01 >/dev/null
	wuye pay DOC/1-1-102 200 --channel wechat --today 2026-02-20 --as qian >/dev/null
	wuye bill --project DOC --period 2026-03 --today 2026-03-01 >/dev/null
	wuye pay DOC/3-1-301 600 --channel cash --today 2026-03-01 --as qian >/dev/null
	wuye dun --project DOC --today 2026-03-20 >/dev/null
	expect_eq "$(sql "SELECT COUNT(*) FROM dun_case WHERE state = '"'"'open'"'"'")" 32
'

t "payment notice: the unit, its owner, each bill, the total in figures and in capitals" '
	wuye doc payment-notice DOC/1-1-101 -o notice.pdf --today 2026-03-20 >out
	expect_eq "$(cat out)" notice.pdf
	text notice.pdf
	contains notice.txt 幸福家园物业服务中心
	contains notice.txt 010-62340000
	contains notice.txt 北京市海淀区幸福路8号
	contains notice.txt 物业服务费缴费通知单
	contains notice.flat 尊敬的王伟业主
	contains notice.flat "1栋1单元101室（DOC/1-1-101）"
	contains notice.flat "89.57㎡×¥1.85/㎡/月=¥165.70"
	[ "$(grep -c "¥165.70" notice.txt)" -ge 3 ] || fail "three bills of ¥165.70 expected"
	contains notice.flat "应缴合计：¥497.10（人民币肆佰玖拾柒元壹角整）"
	contains notice.flat "已计违约金¥5.07"
	contains notice.flat 以上费用均已到缴费日期
	# one owner, one notice per unit: the second unit is not on this one
	lacks notice.txt 2栋1单元216室
	lacks notice.txt 13800138000
	fonts_embedded notice.pdf
	expect_eq "$(pdfinfo notice.pdf | sed -n "s/^Title: *//p")" 缴费通知单
'
t "payment notice: the QR code is the owner's signed pay link, printed under it too" '
	link=$(pay_link 1 101)
	expect_eq "$(qr notice.pdf)" "$link"
	contains notice.txt "$link"
'

t "demand: arrears bill by bill on every unit of the payer, late fee, deadline, next step" '
	wuye doc demand DOC/1-1-101 -o demand.pdf --today 2026-03-20 >/dev/null
	text demand.pdf
	contains demand.txt 物业服务费催缴通知书
	contains demand.flat 尊敬的王伟业主
	contains demand.flat "1栋1单元101室、2栋1单元216室尚欠物业服务费等费用共计¥994.20（人民币玖佰玖拾肆元贰角整）"
	contains demand.flat "最早一笔应缴日期为2026年1月15日，已逾期64天"
	# each bill: unit, period, due date, overdue days, amount, its late fee
	grep -E "1栋1单元101室 +物业费 +2026-01 +2026-01-15 +64 +¥165.70 +¥3.18" demand.txt >/dev/null || fail "January row"
	grep -E "1栋1单元101室 +物业费 +2026-02 +2026-02-15 +33 +¥165.70 +¥1.64" demand.txt >/dev/null || fail "February row"
	grep -E "2栋1单元216室 +物业费 +2026-03 +2026-03-15 +5 +¥165.70 +¥0.25" demand.txt >/dev/null || fail "March row"
	grep -E "合计 +¥994.20 +¥10.14" demand.txt >/dev/null || fail "total row"
	contains demand.flat "按日万分之三计收违约金，以欠费本金的100%为限"
	contains demand.flat "上述欠费已计违约金¥10.14"
	contains demand.flat 民法典》第九百四十四条
	contains demand.flat "现书面催告您于2026年4月4日前（15日内）缴清上述欠费"
	contains demand.flat 向人民法院提起诉讼或申请仲裁
	# no threat the law forbids
	lacks demand.flat 停水
	lacks demand.flat 停电
'
t "demand: the late fees on it are the accrued late fees of the account" '
	a=$(wuye account DOC/1-1-101 --today 2026-03-20 --format json | jq .late_fee_fen)
	b=$(wuye account DOC/2-1-216 --today 2026-03-20 --format json | jq .late_fee_fen)
	contains demand.flat "已计违约金$(yuan $((a + b)))"
'
t "demand: the tear-off delivery receipt carries the case number and blanks to sign" '
	id=$(case_id DOC/1-1-101)
	contains demand.txt "案件编号：$id"
	contains demand.flat 沿虚线剪开
	contains demand.flat 送达回执
	contains demand.flat "受送达人：王伟"
	contains demand.flat "欠费金额：¥994.20"
	contains demand.flat "缴费期限：2026年4月4日"
	contains demand.flat "签收人：____"
	contains demand.flat "签收日期：________年____月____日"
	# one page: the letter, the QR code and the stub
	expect_eq "$(pdfinfo demand.pdf | sed -n "s/^Pages: *//p")" 1
	expect_eq "$(qr demand.pdf)" "$(pay_link 1 101)"
	fonts_embedded demand.pdf
'
t "demand: printing is recorded in the case, and is not delivery" '
	wuye case DOC/1-1-101 --today 2026-03-20 --format json >c
	expect_eq "$(jq -r "[.timeline[] | select(.kind == \"printed\") | .step] | join(\",\")" c)" notice
	jq -r ".timeline[] | select(.kind == \"printed\") | .detail" c >detail
	contains detail "¥994.20"
	expect_eq "$(jq -r .notice_delivered c)" null
	expect_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = '"'"'doc.demand'"'"'")" 1
'
t "the same document twice is the same file" '
	wuye doc demand DOC/1-1-101 -o again.pdf --today 2026-03-20 >/dev/null
	cmp demand.pdf again.pdf
	expect_eq "$(pdfinfo demand.pdf | sed -n "s/^CreationDate: *//p")" "Fri Mar 20 00:00:00 2026 UTC"
'

t "demands in a batch: one per payer in arrears with an open case, in walking order" '
	wuye doc demands --project DOC -o all.pdf --today 2026-03-20 --format json >out
	expect_eq "$(jq -c "[.files, .documents]" out)" "[[\"all.pdf\"],31]"
	text all.pdf
	expect_eq "$(grep -c "^ *物业服务费催缴通知书" all.txt)" 31
	# the developer account is not in arrears to itself; 赵六 paid; 王伟 once
	expect_eq "$(grep -o "尊敬的[^业]*业主" all.flat | sort | uniq -d)" ""
	lacks all.flat 尊敬的赵六业主
	expect_eq "$(grep -o "尊敬的[^业]*业主" all.flat | head -1)" 尊敬的王伟业主
	expect_eq "$(grep -o "尊敬的[^业]*业主" all.flat | sed -n 2p)" 尊敬的户主02业主
	expect_eq "$(pdfinfo all.pdf | sed -n "s/^Pages: *//p")" "$(jq .pages out)"
	fonts_embedded all.pdf
'
t "demands in a batch: one building" '
	wuye doc demands --project DOC --building 2 -o b2.pdf --today 2026-03-20 --format json >out
	# building 2 has 16 units: 15 owners and 王伟, whose letter covers his unit in building 1 too
	expect_eq "$(jq .documents out)" 16
	text b2.pdf
	contains b2.flat 尊敬的王伟业主
	lacks b2.flat 尊敬的户主02业主
	expect_exit 1 wuye doc demands --project DOC --building 9 -o none.pdf --today 2026-03-20 --lang en 2>err
	contains err "building 9"
	[ ! -e none.pdf ] || fail "a file was written"
'

t "statement: bills, the payment and what it settled, the balance" '
	wuye doc statement DOC/1-1-102 -o st.pdf --today 2026-03-20 >/dev/null
	text st.pdf
	contains st.txt 物业服务费对账单
	contains st.flat 业主：户主02
	grep -E "物业费 +2026-01 +2026-01-15 +¥165.70 +¥165.70 +¥0.00 +¥0.00" st.txt >/dev/null || fail "January settled"
	grep -E "物业费 +2026-02 +2026-02-15 +¥165.70 +¥34.30 +¥0.00 +¥131.40" st.txt >/dev/null || fail "February part paid"
	grep -E "合计 +¥497.10 +¥200.00 +¥0.00 +¥297.10" st.txt >/dev/null || fail "totals"
	grep -E "2026-02-20 +DOC-000001 +微信支付 +¥200.00 +2026-01 物业费 ¥165.70；2026-02 物业费" st.txt >/dev/null ||
		{ cat st.txt; fail "the payment row"; }
	contains st.flat "2026-01物业费¥165.70；2026-02物业费¥34.30"
	contains st.flat "账户结余：应缴¥297.10（人民币贰佰玖拾柒元壹角整）"
	expect_eq "$(qr st.pdf)" "$(pay_link 1 102)"
	fonts_embedded st.pdf
'
t "statement: --from leaves out what was settled before it" '
	wuye doc statement DOC/1-1-102 --from 2026-02-01 -o st2.pdf --today 2026-03-20 >/dev/null
	text st2.pdf
	lacks st2.txt 2026-01-15
	contains st2.flat "2026年2月1日至2026年3月20日"
	contains st2.flat "2026-02-20DOC-000001"
'

t "receipt: what it paid, prepaid, the amount in figures and in capitals" '
	wuye doc receipt DOC-000002 -o rc.pdf >/dev/null
	text rc.pdf
	contains rc.txt 收款收据
	contains rc.flat 收据编号：DOC-000002
	contains rc.flat 缴款人：赵六
	contains rc.flat 收款方式：现金
	contains rc.flat 收款人：钱收银
	[ "$(grep -c "¥165.70" rc.txt)" -eq 3 ] || fail "three months paid"
	contains rc.flat "¥102.90"
	contains rc.flat "金额（大写）：人民币陆佰元整"
	contains rc.flat "（小写）：¥600.00"
	fonts_embedded rc.pdf
'

t "public notice: without an approval it files a request and writes nothing" '
	wuye doc public-notice --project DOC --min-days 30 -o pub.pdf --today 2026-03-20 --as zhang --lang en >out
	[ ! -e pub.pdf ] || fail "written without approval"
	rid=$(sql "SELECT id FROM request WHERE kind = '"'"'public_notice'"'"'")
	contains out "wuye approve $rid"
	# asking again does not file a second request
	wuye doc public-notice --project DOC --min-days 30 -o pub.pdf --today 2026-03-20 --as zhang --format json >out
	expect_eq "$(jq -c "[.id, .needs_approval, .created]" out)" "[$rid,true,false]"
	expect_eq "$(sql "SELECT COUNT(*) FROM request WHERE kind = '"'"'public_notice'"'"'")" 1
	# the requester does not approve his own request, nor does a steward
	expect_exit 1 wuye approve $rid --as zhang 2>err
	[ ! -e pub.pdf ] || fail "written without approval"
'
t "public notice: once approved, room numbers and amounts, no names, no phones" '
	rid=$(sql "SELECT id FROM request WHERE kind = '"'"'public_notice'"'"'")
	wuye approve $rid --as li --today 2026-03-20
	wuye doc public-notice --project DOC --min-days 30 -o pub.pdf --today 2026-03-20 --as zhang >/dev/null
	text pub.pdf
	contains pub.txt 关于物业服务费缴纳情况的公示
	contains pub.flat 逾期30天以上尚未缴纳
	grep -E "^ *1 +1 +1 +101 +¥497.10 +2026-01-15" pub.txt >/dev/null || fail "1-1-101"
	grep -E " 1 +1 +102 +¥297.10 +2026-02-15" pub.txt >/dev/null || fail "1-1-102"
	grep -E " 2 +1 +216 +¥497.10 +2026-01-15" pub.txt >/dev/null || fail "2-1-216"
	contains pub.flat "合计"
	contains pub.flat "32户"
	contains pub.flat "¥15,707.20"
	# nobody is named: no owner, no phone, not the developer'"'"'s unit
	lacks pub.flat 王伟
	lacks pub.flat 户主
	lacks pub.flat 赵六
	lacks pub.flat 1380013
	lacks pub.flat 1390000
	lacks pub.flat 开发商
	[ -z "$(grep -E " 3 +1 +30[13] " pub.txt)" ] || fail "building 3 listed"
	fonts_embedded pub.pdf
'
t "public notice: an approval covers the notice it was asked for" '
	wuye doc public-notice --project DOC --min-days 60 -o pub60.pdf --today 2026-03-20 --as zhang --format json >out
	expect_eq "$(jq -c "[.needs_approval, .created]" out)" "[true,true]"
	[ ! -e pub60.pdf ] || fail "written without approval"
'

t "lawyer letters: the cases at the lawyer step, thirty to a file" '
	printf "notice 1\nlawyer 2 legal\n" >policy.txt
	wuye policy load policy.txt --project DOC
	printf "signed" >signed.jpg
	for d in 21 22 23 24 25 26 27 28 29; do
		wuye dun --project DOC --today 2026-03-$d >/dev/null
		# the printed demand delivered to 王伟 on the day of the notice step, with its signed stub
		[ $d != 28 ] || wuye contact DOC/1-1-101 --channel notice --result reached --note 本人签收 \
			--proof signed.jpg --today 2026-03-$d --as zhang >/dev/null
	done
	n=$(sql "SELECT COUNT(*) FROM dun_case k JOIN party p ON p.id = k.payer_id WHERE k.step = '"'"'lawyer'"'"'
	         AND k.state <> '"'"'closed'"'"' AND p.kind = '"'"'person'"'"'")
	[ "$n" -gt 30 ] || fail "only $n cases at the lawyer step"
	wuye doc lawyer-letters --project DOC -o letters.pdf --today 2026-03-29 --as fa >out
	expect_file out <<-X
	letters-1.pdf
	letters-2.pdf
	X
	[ ! -e letters.pdf ] || fail "letters.pdf written besides the batches"
	text letters-1.pdf
	text letters-2.pdf
	expect_eq "$(letters letters-1.txt)" 30
	expect_eq "$(letters letters-2.txt)" $((n - 30))
	# each payer once, in one of the files
	cat letters-1.txt letters-2.txt | grep -o "^致：[^（]*" | sort | uniq -d >dups
	expect_file dups </dev/null
	fonts_embedded letters-1.pdf
	fonts_embedded letters-2.pdf
'
t "lawyer letter: the arrears, the delivered notice, the deadline, the QR code; the firm left blank" '
	contains letters-1.txt 律师函
	contains letters-1.flat "致：王伟（房屋：1栋1单元101室、2栋1单元216室）"
	contains letters-1.flat "____律师事务所（以下简称“本所”）受幸福家园物业服务中心（以下简称“委托人”）的委托"
	contains letters-1.flat "共计¥994.20（人民币玖佰玖拾肆元贰角整）"
	contains letters-1.flat "并于2026年3月28日向您送达了书面催缴通知书"
	lacks letters-2.flat 送达了书面催缴通知书
	contains letters-1.flat "请您于2026年4月13日前（收到本函之日起15日内）缴清上述欠费及违约金"
	contains letters-1.flat 承办律师
	expect_eq "$(qr letters-1.pdf)" "$(pay_link 1 101)"
	id=$(case_id DOC/1-1-101 2026-03-29)
	expect_eq "$(sql "SELECT COUNT(*) FROM case_event WHERE case_id = $id AND kind = '"'"'printed'"'"' AND step = '"'"'lawyer'"'"'")" 1
'
t "lawyer letter: the firm named in the policy signs it" '
	printf "notice 1\nlawyer 2 legal\nlaw-firm 北京市正义律师事务所\n" >policy.txt
	wuye policy load policy.txt --project DOC
	wuye policy show --project DOC >shown
	contains shown "law-firm             北京市正义律师事务所"
	wuye policy load shown --project DOC
	wuye doc lawyer-letters --project DOC -o firm.pdf --today 2026-03-29 --as fa >/dev/null
	text firm-1.pdf
	contains firm-1.flat "北京市正义律师事务所（以下简称“本所”）"
	lacks firm-1.flat "____律师事务所"
	expect_exit 1 wuye doc lawyer-letters --project DOC -o x.pdf --today 2026-03-29 --as zhang 2>err
'

t "bad input is refused with a clear error and writes no file" '
	printed=$(sql "SELECT COUNT(*) FROM case_event WHERE kind = '"'"'printed'"'"'")
	expect_exit 1 wuye doc demand DOC/9-9-999 -o bad1.pdf --today 2026-03-20 --lang en 2>err
	contains err "wuye: unknown unit"
	expect_exit 1 wuye doc payment-notice NOPE -o bad2.pdf --lang en 2>err
	contains err "is not a unit name"
	expect_exit 1 wuye doc receipt DOC-000099 -o bad3.pdf --lang en 2>err
	contains err "no receipt DOC-000099"
	expect_exit 1 wuye doc receipt 12345 -o bad4.pdf --lang en 2>err
	contains err "not a receipt number"
	expect_exit 2 wuye doc demand DOC/1-1-101 --today 2026-03-20 --lang en 2>err
	contains err "-o FILE.pdf is required"
	expect_exit 2 wuye doc demands --project DOC --lang en 2>err
	expect_exit 1 wuye doc demand DOC/3-1-301 -o paid.pdf --today 2026-03-20 --lang en 2>err
	contains err "has no overdue bills"
	expect_exit 1 wuye doc demand DOC/1-1-101 -o /nonexistent/dir/x.pdf --today 2026-03-20 --lang en 2>err
	contains err "cannot write"
	expect_exit 1 wuye doc lawyer-letters --project NOPE -o bad5.pdf --lang en 2>err
	contains err "unknown project"
	expect_exit 2 wuye doc statement DOC/1-1-101 --from 2026-13-01 -o bad6.pdf 2>err
	expect_exit 1 wuye doc demand DOC/3-1-303 -o dev.pdf --today 2026-03-20 --lang en 2>err
	contains err "developer"
	for f in bad1 bad2 bad3 bad4 paid bad5 bad6 dev; do [ ! -e $f.pdf ] || fail "$f.pdf written"; done
	no_litter
	# nothing was recorded either
	expect_eq "$(sql "SELECT COUNT(*) FROM case_event WHERE kind = '"'"'printed'"'"'")" "$printed"
'
t "a cashier prints receipts and notices but not demands" '
	wuye doc receipt DOC-000002 -o qian.pdf --as qian >/dev/null
	expect_exit 1 wuye doc demand DOC/1-1-101 -o qian2.pdf --today 2026-03-20 --as qian 2>err
	[ ! -e qian2.pdf ] || fail "written"
'
t "help lists the document commands" '
	wuye doc --help >h
	contains h "doc lawyer-letters --project CODE -o FILE.pdf"
	contains h "doc public-notice"
'
t "payment notice: a bill not yet due sets the date to pay by" '
	wuye doc payment-notice DOC/3-1-301 -o n301.pdf --today 2026-03-01 >/dev/null && fail "301 has nothing open"
	wuye bill --project DOC --period 2026-04 --today 2026-04-01 >/dev/null
	wuye doc payment-notice DOC/3-1-301 -o n301.pdf --today 2026-04-01 >/dev/null
	text n301.pdf
	# ¥165.70 of April less the ¥102.90 prepaid in March
	contains n301.flat "应缴合计：¥62.80（人民币陆拾贰元捌角整）"
	contains n301.flat 请于2026年4月15日前缴纳
'
t "receipt: a reversed payment is marked void" '
	wuye reverse 1 --reason 重复收款 --today 2026-03-21 --as li >/dev/null
	wuye doc receipt DOC-000001 -o rc1.pdf >/dev/null
	text rc1.pdf
	contains rc1.flat 已冲正，本收据作废
	contains rc1.flat 重复收款
	contains rc1.flat "人民币贰佰元整"
'
done_testing
