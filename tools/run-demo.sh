#!/usr/bin/env bash
# run-demo.sh BINARY: `make run`: a demo company in ./demo.db (made once), the demo
# log-ins, then the console on http://127.0.0.1:8080/ (WUYE_LISTEN to change it) until
# Ctrl-C.
set -eu
wuye=$1
db=${WUYE_DB:-demo.db}
listen=${WUYE_LISTEN:-127.0.0.1:8080}
password=wuye-demo-2026
fresh=0
[ -s "$db" ] || fresh=1
"$wuye" init --db "$db" >/dev/null   # a demo.db of an earlier version gets the new migrations
if [ $fresh = 1 ]; then
	"$wuye" demo --db "$db"
	# the demo's people get one password, so that each role can be tried
	for login in admin hya-manager hya-cashier hya-steward1 hya-service legal; do
		echo "$password" | "$wuye" staff password "$login" --password-stdin --db "$db"
	done
fi
"$wuye" summary --db "$db"
cat <<EOT

wuye is running: open http://$listen/ and log in (password $password for each):
  admin         管理员 (everything)
  hya-manager   项目经理, 华苑小区A区
  hya-steward1  楼管员, buildings 1–4: 我的任务, 催缴案件
  hya-cashier   收银员: 收银
  hya-service   客服
  legal         法务
The command line works on the same database, e.g. $wuye units --db $db --project HYA | head
Ctrl-C stops the server.

EOT
exec "$wuye" serve --db "$db" --listen "$listen"
