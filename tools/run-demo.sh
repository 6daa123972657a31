#!/usr/bin/env bash
# run-demo.sh BINARY: `make run`: a demo company in ./demo.db, then its summary and a
# few commands to try.  (When the console exists, this starts it.)
set -eu
wuye=$1
db=${WUYE_DB:-demo.db}
if [ ! -s "$db" ]; then
	"$wuye" init --db "$db" >/dev/null
	"$wuye" demo --db "$db"
fi
echo
"$wuye" summary --db "$db"
cat <<EOT

The demo company is in $db.  A few things to try:

  $wuye units --db $db --project HYA | head
  $wuye units --db $db --project HYA --state vacant --format json | jq '.[0]'
  $wuye staff list --db $db --project HYA
  $wuye export units --db $db --project HYA -o hya.xlsx
  $wuye import units tests/fixtures/units_gbk.csv --db $db --project P01 --dry-run
  $wuye help
EOT
