#!/usr/bin/env bash
# t11-web-cases.sh: 我的任务, 催缴案件 and 审批 in the console, over real HTTP: a steward's
# task list, a contact logged in two taps (the task leaves the list), proofs uploaded
# and viewed, a case's actions, approvals by a second person, who may reach what (one
# table), CSRF, and hostile input in every field of these forms.
#
# A small community billed ¥100.00 due 2026-01-15, the daily run from 01-01 to 01-19:
# on 01-19 each unit's case is at the phone step, a task for its building's steward.
. "$(dirname "$0")/lib.sh"
new_db

cat >owners.csv <<'EOF'
楼栋,单元,房号,面积,状态,业主,电话
1,1,101,90,已入住,甲约定,13800000001
1,1,102,90,已入住,乙通知书,13800000002
1,1,103,90,已入住,丙杂项,13800000003/13900000003
2,1,201,90,已入住,丁二号楼,13800000004
EOF

staff() { echo "$4" | wuye staff add "$1" "$2" --role "$3" --project SIM --password-stdin ${5:+--buildings "$5"} >/dev/null; }

t "the community, its staff, a bill each and 19 days of the daily run" '
	wuye project add SIM 模拟小区 >/dev/null
	wuye import units owners.csv --project SIM >/dev/null
	staff zhang 张楼管 steward zhang-pass-1 1
	staff wang 王楼管 steward wang-pass-12 2
	staff li 李经理 manager li-pass-123
	staff ma 马经理 manager ma-pass-123
	staff boss 老板 admin boss-pass-12
	staff kf 客服小刘 service kf-pass-123
	staff cai 蔡收银 cashier cai-pass-12
	staff wx 维修老赵 maintenance wx-pass-123
	staff fa 王法务 legal fa-pass-123
	staff wy 业委会 committee wy-pass-123
	wuye contract add --project SIM --name 物业服务合同 --from 2020-01-01 >/dev/null
	wuye tariff add --contract 1 --item 物业费 --basis unit --rate 100 --due-day 15 >/dev/null
	wuye bill --project SIM --period 2026-01 --today 2026-01-01 >/dev/null
	for d in $(seq -w 1 19); do wuye dun --project SIM --today 2026-01-$d >/dev/null; done
	wuye tasks --today 2026-01-19 --format json | jq -r ".[] | .step + \" \" + .staff + \" \" + .unit" >all
	expect_file all <<-X
	phone zhang SIM/1-1-101
	phone zhang SIM/1-1-102
	phone zhang SIM/1-1-103
	phone wang SIM/2-1-201
	X
'

start_server SRV --today 2026-01-19 --fixed-today
url="http://127.0.0.1:$SRV"
for who in "zhang zhang-pass-1" "wang wang-pass-12" "li li-pass-123" "ma ma-pass-123" "boss boss-pass-12" \
	"kf kf-pass-123" "cai cai-pass-12" "wx wx-pass-123" "fa fa-pass-123" "wy wy-pass-123"; do
	set -- $who
	[ "$(web_login "$url" "$1" "$2" "$SCRATCH/jar-$1")" = 303 ] || echo "FAIL - $TEST_NAME: $1 cannot log in"
	# in English: the messages the tests look for are the source's
	curl -s -o /dev/null -b "$SCRATCH/jar-$1" -c "$SCRATCH/jar-$1" "$url/lang?to=en"
	eval "csrf_$1=\$(web_csrf \"\$url\" \"\$SCRATCH/jar-\$1\")"
done
set --

# get WHO PATH [curl args]: the page as WHO, into the file "page"; prints the status
get() { local who=$1 path=$2; shift 2; curl -s -o page -w '%{http_code}' -b "$SCRATCH/jar-$who" "$@" "$url$path"; }
# post WHO PATH field=value...: a urlencoded POST with WHO's session and CSRF token; the
# answer in "page", prints the status (add -H "HX-Request: true" as a field "--htmx")
post() {
	local who=$1 path=$2 tok args=() f
	shift 2
	tok=$(eval "echo \$csrf_$who")
	args=(--data-urlencode "csrf=$tok")
	for f in "$@"; do
		case "$f" in
		--htmx) args+=(-H "HX-Request: true") ;;
		--raw=*) args+=(--data "${f#--raw=}") ;;
		*) args+=(--data-urlencode "$f") ;;
		esac
	done
	curl -s -o page -w '%{http_code}' -b "$SCRATCH/jar-$who" "${args[@]}" "$url$path"
}
# the tasks on a page, as "id payer" lines
cards() { grep -o 'id="task-[0-9a-z-]*"><div class="task-head"><strong>[^<]*' "$1" | sed 's/id="task-\([^"]*\)"><div class="task-head"><strong>/\1 /'; }
task_id() { wuye tasks --today 2026-01-19 --format json | jq -r ".[] | select(.unit == \"$1\" and .step == \"$2\") | .id"; }
case_of() { wuye case "$1" --today 2026-01-19 --format json | jq -r .id; }
unit_id() { sql "SELECT u.id FROM unit u JOIN building b ON b.id = u.building_id WHERE b.code = '${1%%-*}' AND u.room = '${1##*-}'"; }

t "a steward sees exactly her own tasks, with the owner, the amount, the numbers and the form" '
	expect_eq "$(get zhang /tasks)" 200
	cards page >mine
	expect_file mine <<-X
	$(task_id SIM/1-1-101 phone) 甲约定
	$(task_id SIM/1-1-102 phone) 乙通知书
	$(task_id SIM/1-1-103 phone) 丙杂项
	X
	lacks page 丁二号楼
	contains page "¥100.00"
	contains page "href=\"tel:13900000003\""
	contains page "name=\"result\" value=\"promised\""
	contains page "accept=\"image/*,application/pdf\" capture=\"environment\""
	expect_eq "$(get wang /tasks)" 200
	expect_eq "$(cards page)" "$(task_id SIM/2-1-201 phone) 丁二号楼"
'

t "a manager picks a staff member and sees that person's tasks" '
	expect_eq "$(get li "/tasks/team?project=SIM&staff=wang")" 200
	expect_eq "$(cards page)" "$(task_id SIM/2-1-201 phone) 丁二号楼"
	expect_eq "$(get li "/tasks/team?project=SIM")" 200
	expect_eq "$(cards page | wc -l)" 4
	expect_eq "$(get zhang "/tasks/team?project=SIM&staff=wang")" 403
'

t "a promise logged from the task: the task leaves the list, the case holds the promise" '
	tid=$(task_id SIM/1-1-101 phone)
	expect_eq "$(post zhang "/contact/$(unit_id 1-101)" --htmx task=$tid back=/tasks channel=phone \
		phone=13800000001 reason=stalling "note=下周发工资" promise_date=2026-01-29 promise_amount=100 result=promised)" 200
	# the answer removes the card and says so
	lacks page "id=\"task-$tid\""
	contains page "hx-swap-oob=\"true\""
	expect_eq "$(get zhang /tasks)" 200
	lacks page "id=\"task-$tid\""
	expect_eq "$(cards page | wc -l)" 2
	wuye case SIM/1-1-101 --today 2026-01-19 --format json >c
	expect_eq "$(jq -c "[.state, (.promises[] | [.due, .amount_fen])]" c)" "[\"promised\",[\"2026-01-29\",10000]]"
	expect_eq "$(jq -r ".contacts[0].note + \" \" + .contacts[0].staff" c)" "下周发工资 zhang"
	expect_eq "$(sql "SELECT action, subject, detail FROM audit_log WHERE action = '"'"'contact'"'"'")" \
		"contact|SIM/1-1-101|promised"
'

t "a promise without an amount, a visit without a note: errors next to the fields, nothing typed lost, nothing written" '
	tid=$(task_id SIM/1-1-102 phone)
	n=$(sql "SELECT COUNT(*) FROM contact")
	expect_eq "$(post zhang "/contact/$(unit_id 1-102)" --htmx task=$tid back=/tasks channel=phone \
		"note=说月底" promise_date=2026-01-31 result=promised)" 400
	contains page "id=\"err-promise_amount\""
	contains page "value=\"2026-01-31\""
	contains page ">说月底</textarea>"
	contains page "<details class=\"contact-form\" open>"
	expect_eq "$(post zhang "/contact/$(unit_id 1-102)" task=$tid back=/tasks channel=visit result=reached)" 400
	contains page "id=\"err-note\""
	expect_eq "$(sql "SELECT COUNT(*) FROM contact")" "$n"
'

printf '\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDRproof-of-delivery' >photo.png
printf 'MZ not a photo' >evil.exe

t "a notice without a proof is refused next to the upload and writes nothing" '
	tid=$(task_id SIM/1-1-102 phone)
	n=$(sql "SELECT COUNT(*) FROM contact")
	code=$(curl -s -o page -w "%{http_code}" -b "$SCRATCH/jar-zhang" -H "HX-Request: true" -F "csrf=$csrf_zhang" \
		-F task=$tid -F back=/tasks -F channel=notice -F "note=贴在门上" -F result=reached "$url/contact/$(unit_id 1-102)")
	expect_eq "$code" 400
	contains page "id=\"err-proof\""
	contains page ">贴在门上</textarea>"
	code=$(curl -s -o page -w "%{http_code}" -b "$SCRATCH/jar-zhang" -F "csrf=$csrf_zhang" -F task=$tid -F back=/tasks \
		-F channel=notice -F "note=贴在门上" -F "proof=@evil.exe" -F result=reached "$url/contact/$(unit_id 1-102)")
	expect_eq "$code" 400
	contains page "id=\"err-proof\""
	expect_eq "$(sql "SELECT COUNT(*) FROM contact") $(sql "SELECT COUNT(*) FROM proof")" "$n 0"
'

t "a proof photo uploaded with the notice delivery is kept and can be viewed on the case" '
	code=$(curl -s -o page -w "%{http_code} %{redirect_url}" -b "$SCRATCH/jar-zhang" -F "csrf=$csrf_zhang" -F back=/tasks \
		-F channel=notice -F "note=已张贴并拍照" -F "proof=@photo.png;type=image/png" -F result=reached \
		"$url/contact/$(unit_id 1-102)")
	expect_eq "${code%%\?*}" "303 $url/tasks"
	expect_eq "$(sql "SELECT name, size FROM proof")" "photo.png|$(stat -c %s photo.png)"
	k=$(case_of SIM/1-1-102)
	wuye case SIM/1-1-102 --today 2026-01-19 --format json | jq -r .notice_delivered >nd
	expect_eq "$(cat nd)" 2026-01-19
	expect_eq "$(get zhang /cases/$k)" 200
	p=$(grep -o "/cases/$k/proofs/[0-9]*" page | head -1)
	[ -n "$p" ] || fail "no proof link on the case page"
	curl -s -D h -o got -b "$SCRATCH/jar-zhang" "$url$p"
	contains h "content-type: image/png"
	cmp got photo.png
	# a proof is the case'"'"'s: not reachable through another case, nor by a cashier
	expect_eq "$(get zhang /cases/$(case_of SIM/1-1-103)/proofs/${p##*/})" 404
	expect_eq "$(get cai "$p")" 403
	expect_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = '"'"'proof.view'"'"'")" 1
'

t "the case page shows the story and the actions of the role" '
	k=$(case_of SIM/1-1-101)
	expect_eq "$(get li /cases/$k)" 200
	contains page "甲约定"
	contains page "下周发工资"
	contains page "2026-01-29"
	for a in plan complaint pause escalate legal writeoff; do contains page "action=\"/cases/$k/$a\""; done
	expect_eq "$(get zhang /cases/$k)" 200
	contains page "action=\"/cases/$k/plan\""
	lacks page "action=\"/cases/$k/pause\""
	lacks page "action=\"/cases/$k/writeoff\""
	expect_eq "$(get li "/cases?project=SIM&state=promised")" 200
	contains page "href=\"/cases/$k\""
	expect_eq "$(grep -o "href=\"/cases/[0-9]*\">" page | wc -l)" 1
	expect_eq "$(get li "/cases?project=SIM&building=2")" 200
	contains page 丁二号楼
	lacks page 甲约定
	expect_eq "$(get li "/cases?project=SIM&staff=wang")" 200
	expect_eq "$(grep -o "href=\"/cases/[0-9]*\">" page | wc -l)" 1
	expect_eq "$(get li "/cases?project=SIM&step=phone")" 200
	expect_eq "$(grep -o "href=\"/cases/[0-9]*\">" page | wc -l)" 4
'

# job WHO PATH field=value...: posts a batch, follows it to its job and waits until the
# job is done or failed; the job's page is in "page", its id in $job
job() {
	local who=$1 path=$2 code i tok f args=()
	shift 2
	tok=$(eval "echo \$csrf_$who")
	for f in "$@"; do args+=(--data-urlencode "$f"); done
	code=$(curl -s -o /dev/null -w "%{http_code} %{redirect_url}" -b "$SCRATCH/jar-$who" --data-urlencode "csrf=$tok" \
		"${args[@]}" "$url$path")
	case "$code" in "303 $url/jobs/"*) ;; *) fail "$path was not queued: $code"; return 1 ;; esac
	job=${code##*/}
	for i in $(seq 1 100); do
		get $who /jobs/$job >/dev/null
		grep -q "class=\"job done\"\|flash error" page && return 0
		sleep 0.1
	done
	fail "job $job did not end"
}

t "collection notices for a building: a job prints one PDF and records them as printed" '
	expect_eq "$(post zhang /cases/notices project=SIM building=9)" 400
	contains page "id=\"err-building\""
	expect_eq "$(get zhang /cases?project=SIM)" 200
	contains page "action=\"/cases/notices\""
	lacks page "action=\"/cases/lawyer-letters\""
	job zhang /cases/notices project=SIM building=1
	contains page "/jobs/$job/file"
	curl -s -b "$SCRATCH/jar-zhang" -D h -o notices.pdf "$url/jobs/$job/file"
	contains h "content-type: application/pdf"
	expect_eq "$(head -c 5 notices.pdf)" "%PDF-"
	pdftotext notices.pdf - | tr -d " \n" >notices.flat
	# the open cases of building 1 (甲'"'"'s promise holds the ladder; 丁 is in building 2)
	for who in 乙通知书 丙杂项; do contains notices.flat "$who"; done
	lacks notices.flat 甲约定
	lacks notices.flat 丁二号楼
	contains page "Collection notices printed: 2"
	expect_eq "$(sql "SELECT COUNT(*) FROM case_event WHERE kind = '"'"'printed'"'"' AND step = '"'"'notice'"'"'")" 2
	expect_eq "$(sql "SELECT action, subject FROM audit_log WHERE action = '"'"'doc.demands'"'"'")" "doc.demands|SIM"
	# the file is the one who asked for it (and managers'"'"')
	expect_eq "$(curl -s -o /dev/null -w "%{http_code}" -b "$SCRATCH/jar-wang" "$url/jobs/$job/file")" 404
'

t "lawyer letters: nobody at the lawyer step yet, so the job says so and prints nothing" '
	expect_eq "$(get fa /cases?project=SIM)" 200
	contains page "action=\"/cases/lawyer-letters\""
	expect_eq "$(post fa /cases/lawyer-letters project=SIM batch=0)" 400
	contains page "err-batch"
	job fa /cases/lawyer-letters project=SIM batch=1
	contains page "is at the lawyer step"
	lacks page "/jobs/$job/file"
	expect_eq "$(sql "SELECT COUNT(*) FROM case_event WHERE kind = '"'"'printed'"'"' AND step = '"'"'lawyer'"'"'")" 0
'

t "a plan, a complaint and its work order, a pause: each on the case, each refused when incomplete" '
	k=$(case_of SIM/2-1-201)
	expect_eq "$(post li /cases/$k/plan installments=0 first=2026-02-01)" 400
	contains page "id=\"err-installments\""
	contains page "value=\"2026-02-01\""
	expect_eq "$(post li /cases/$k/plan installments=3 first=2026-01-01)" 400
	contains page "id=\"err-first\""
	expect_eq "$(sql "SELECT COUNT(*) FROM plan")" 0
	expect_eq "$(post wang /cases/$k/complaint category=repair note=)" 400
	contains page "id=\"err-note\""
	expect_eq "$(post wang /cases/$k/complaint category=repair "note=楼道灯坏")" 303
	wo=$(sql "SELECT id FROM work_order")
	expect_eq "$(wuye case SIM/2-1-201 --today 2026-01-19 --format json | jq -r .state)" paused
	expect_eq "$(post wx /cases/$k/workorders/$wo done=fixed)" 303
	expect_eq "$(post wang /cases/$k/workorders/$wo done=verified)" 303
	expect_eq "$(wuye case SIM/2-1-201 --today 2026-01-19 --format json | jq -r .state)" open
	expect_eq "$(post li /cases/$k/pause until=2026-01-10 "reason=业主出国")" 400
	contains page "id=\"err-until\""
	expect_eq "$(post li /cases/$k/pause until=2026-03-01 "reason=业主出国")" 303
	expect_eq "$(wuye case SIM/2-1-201 --today 2026-01-19 --format json | jq -r .state)" paused
	expect_eq "$(post li /cases/$k/resume)" 303
	expect_eq "$(post li /cases/$k/plan installments=2 first=2026-02-01 every=month)" 303
	wuye case SIM/2-1-201 --today 2026-01-19 --format json | jq -c "[.state, (.plans[] | [.installments, .total_fen])]" >p
	expect_eq "$(cat p)" "[\"plan\",[2,10000]]"
'

t "legal steps: a lawsuit needs a delivered notice past its deadline and an approval; escalation asks for it" '
	k=$(case_of SIM/1-1-103)
	expect_eq "$(post fa /cases/$k/legal stage=lawsuit day=2026-01-19 cost=500)" 400
	contains page "no written notice"
	expect_eq "$(post fa /cases/$k/legal stage=mediation day=2026-01-18 cost=0 "outcome=居委会调解未果")" 303
	expect_eq "$(wuye case SIM/1-1-103 --today 2026-01-19 --format json | jq -r ".legal[0].stage + \" \" + .legal[0].outcome")" \
		"mediation 居委会调解未果"
	expect_eq "$(post fa /cases/$k/escalate step=lawyer "reason=多次催缴无果")" 303
	expect_eq "$(sql "SELECT kind FROM request")" lawsuit
	expect_eq "$(post fa /cases/$k/writeoff reason=)" 400
	contains page "id=\"err-reason\""
'

t "approvals: the requester cannot decide, another manager approves a waiver and the books show it, once" '
	bill=$(sql "SELECT b.id FROM bill b JOIN unit u ON u.id = b.unit_id WHERE u.room = '"'"'201'"'"'")
	rid=$(wuye waive $bill 20 --reason "困难户减免" --as li --today 2026-01-19)
	expect_eq "$(get li /approvals?project=SIM)" 200
	contains page "id=\"req-$rid\""
	contains page "困难户减免"
	contains page "¥20.00"
	# her own request: no buttons, and a refusal when she posts anyway
	expect_eq "$(post li /approvals/$rid decision=approve)" 403
	contains page "someone else must decide"
	expect_eq "$(post ma /approvals/$rid --htmx decision=approve "note=同意")" 200
	contains page "id=\"req-$rid\""
	wuye account SIM/2-1-201 --today 2026-01-19 --format json >a
	expect_eq "$(jq -c "[.bills[0].waived_fen, .open_fen]" a)" "[2000,8000]"
	expect_eq "$(post boss /approvals/$rid decision=reject)" 409
	contains page "already approved"
	expect_eq "$(post ma /approvals/$rid decision=approve)" 409
	expect_eq "$(sql "SELECT COUNT(*) FROM decision WHERE request_id = $rid")" 1
	expect_eq "$(sql "SELECT COUNT(*) FROM waiver")" 1
	expect_eq "$(get ma "/approvals?project=SIM&state=approved")" 200
	contains page "同意"
	# the lawsuit asked by escalation waits for a manager, with its step
	expect_eq "$(get ma /approvals?project=SIM)" 200
	contains page "律师函"
'

t "a cashier reaches none of it; nobody logged out does" '
	expect_eq "$(get cai /cases)" 403
	expect_eq "$(get cai /tasks)" 403
	expect_eq "$(get cai /approvals)" 403
	expect_eq "$(post cai /contact/$(unit_id 1-103) channel=phone result=reached)" 403
	expect_eq "$(curl -s -o /dev/null -w "%{http_code}" "$url/cases")" 303
	expect_eq "$(sql "SELECT COUNT(*) FROM contact WHERE staff_id = (SELECT id FROM staff WHERE login = '"'"'cai'"'"')")" 0
'

# Who may reach what: 1 = the route answers (200, or the handler's own 400/404 for an
# empty form), 0 = the router refuses (403).  POSTs carry the session's CSRF token and no
# fields (nothing is written).
cat >matrix <<'EOF'
route                              admin manager steward service cashier maintenance legal committee
GET  /tasks                            1       1       1       1       0           0     1         0
GET  /tasks/team                       1       1       0       0       0           0     0         0
GET  /cases                            1       1       1       0       0           0     1         0
GET  /cases/@C                         1       1       1       0       0           0     1         0
GET  /cases/@C/proofs/999              1       1       1       0       0           0     1         0
GET  /approvals                        1       1       0       0       0           0     0         0
POST /contact/@U                       1       1       1       1       0           1     1         0
POST /cases/@C/plan                    1       1       1       0       0           0     0         0
POST /cases/@C/complaint               1       1       1       1       0           1     0         0
POST /cases/@C/workorders/999          1       1       1       1       0           1     0         0
POST /cases/@C/pause                   1       1       0       0       0           0     0         0
POST /cases/@C/escalate                1       1       0       0       0           0     1         0
POST /cases/@C/legal                   1       1       0       0       0           0     1         0
POST /cases/@C/writeoff                1       1       0       0       0           0     1         0
POST /cases/notices                    1       1       1       1       0           0     1         0
POST /cases/lawyer-letters             1       1       0       0       0           0     1         0
POST /approvals/999                    1       1       0       0       0           0     0         0
EOF

t "the authorization matrix of tasks, cases and approvals" '
	C=$(case_of SIM/1-1-103) U=$(unit_id 1-103)
	logins=(boss li zhang kf cai wx fa wy)
	tail -n +2 matrix | while read -r method path want; do
		path=${path//@C/$C}; path=${path//@U/$U}
		set -- $want
		for i in 0 1 2 3 4 5 6 7; do
			who=${logins[$i]}
			if [ "$method" = GET ]; then code=$(get $who "$path?project=SIM"); else code=$(post $who "$path" project=SIM); fi
			if [ "$1" = 1 ]; then
				case "$code" in 403|500|303) fail "$method $path as $who: $code, expected an answer" ;; esac
			else
				[ "$code" = 403 ] || fail "$method $path as $who: $code, expected 403"
			fi
			shift
		done
	done
	expect_eq "$(sql "SELECT COUNT(*) FROM plan WHERE case_id = $C")" 0
'

t "every POST without the session's CSRF token is refused" '
	C=$(case_of SIM/1-1-103) U=$(unit_id 1-103)
	for p in /contact/$U /cases/$C/plan /cases/$C/complaint /cases/$C/workorders/1 /cases/$C/pause /cases/$C/resume \
		/cases/$C/escalate /cases/$C/legal /cases/$C/writeoff /cases/notices /cases/lawyer-letters /approvals/1; do
		expect_eq "$(curl -s -o /dev/null -w "%{http_code}" -b "$SCRATCH/jar-boss" -d "project=SIM" -d "note=x" "$url$p")" 403
		expect_eq "$(curl -s -o /dev/null -w "%{http_code}" -b "$SCRATCH/jar-boss" -d "csrf=$csrf_zhang" "$url$p")" 403
	done
'

HOSTILE_SCRIPT='<script>alert(1)</script>'
HOSTILE_SQL="' OR 1=1 --"
HOSTILE_LONG=$(printf '长%.0s' $(seq 1 300))
# each form with valid values, then each field in turn replaced by each hostile value
forms() {
	local C=$1 U=$2 W=$3 R=$4
	cat <<EOF
fa|/contact/$U|channel=phone|result=reached|reason=other|note=ok|phone=13800000003|promise_date=|promise_amount=|task=|back=/tasks|case=$C
fa|/contact/$U|channel=phone|result=promised|reason=stalling|note=ok|promise_date=2026-02-20|promise_amount=50
li|/cases/$C/plan|installments=2|first=2026-03-01|every=month
li|/cases/$C/complaint|category=noise|note=ok
li|/cases/$C/workorders/$W|done=fixed
li|/cases/$C/pause|until=2026-02-01|reason=ok
li|/cases/$C/escalate|step=lawyer|reason=ok
li|/cases/$C/legal|stage=mediation|day=2026-01-19|cost=10|outcome=ok|note=ok
li|/cases/$C/writeoff|reason=ok
li|/cases/notices|project=SIM|building=1
li|/cases/lawyer-letters|project=SIM|batch=1
ma|/approvals/$R|decision=reject|note=ok
EOF
}

t "hostile input in every field is refused or kept and shown back escaped, never as markup" '
	C=$(case_of SIM/1-1-103) U=$(unit_id 1-103) W=$(sql "SELECT id FROM work_order") R=$(sql "SELECT MIN(id) FROM request WHERE kind = '"'"'lawsuit'"'"'")
	forms $C $U $W $R >forms
	while IFS="|" read -r who path fields; do
		IFS="|" read -ra f <<<"$fields"
		for i in "${!f[@]}"; do
			name=${f[$i]%%=*}
			for bad in "$HOSTILE_SCRIPT" "$HOSTILE_SQL" "$HOSTILE_LONG" "%C0%AF"; do
				args=()
				for j in "${!f[@]}"; do
					if [ $j = $i ]; then
						if [ "$bad" = "%C0%AF" ]; then args+=("--raw=$name=%C0%AF"); else args+=("$name=$bad"); fi
					else
						args+=("${f[$j]}")
					fi
				done
				code=$(post $who "$path" "${args[@]}")
				case "$code" in 200|303|400|403|404|409) ;; *) fail "$path $name=$bad: status $code" ;; esac
				if grep -q "<script>alert" page; then fail "$path $name: a raw script tag came back"; fi
			done
		done
	done <forms
	# the query strings of the lists
	for q in "state=%3Cscript%3E" "step=%27+OR+1%3D1+--" "building=%3Cscript%3Ealert(1)%3C/script%3E" "staff=%C0%AF" "page=%3Cscript%3E"; do
		code=$(get li "/cases?project=SIM&$q")
		case "$code" in 200) ;; *) fail "/cases?$q: $code" ;; esac
		lacks page "<script>alert"
	done
	expect_eq "$(get li "/tasks/team?project=SIM&staff=%3Cscript%3Ealert(1)%3C/script%3E")" 200
	lacks page "<script>alert"
	expect_eq "$(get li "/approvals?project=SIM&state=%3Cscript%3E")" 200
	# what was kept comes back escaped on every page
	for who_path in "li /cases/$C" "fa /tasks" "li /tasks/team?project=SIM" "li /cases?project=SIM" "ma /approvals?project=SIM&state=all"; do
		set -- $who_path
		expect_eq "$(get $1 "$2")" 200
		lacks page "<script>alert"
	done
	get li /cases/$C >/dev/null
	contains page "&lt;script&gt;alert(1)&lt;/script&gt;"
	contains page "&#39; OR 1=1 --"
	[ "$(sql "SELECT COUNT(*) FROM contact WHERE note = '"'"'<script>alert(1)</script>'"'"'")" -ge 1 ] ||
		fail "the hostile note was not kept as it was typed"
	wuye check >/dev/null
'

stop_server SRV
t "the server stopped cleanly" 'expect_eq "$SERVER_EXIT" 0'

done_testing
