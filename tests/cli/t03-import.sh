#!/usr/bin/env bash
# t03-import.sh: the owners' register import and export (all or nothing, GBK, xlsx).
. "$(dirname "$0")/lib.sh"
new_db
wuye project add HY 华苑小区 >/dev/null
wuye project add JX 锦绣花园 >/dev/null
wuye project add RT 往返 >/dev/null

count_units() { sql "SELECT COUNT(*) FROM unit WHERE project_id = (SELECT id FROM project WHERE code = '$1')"; }

t "a bad file is refused with every problem listed, and nothing is written" '
	expect_exit 1 wuye import units "$FIX/units_bad.csv" --project HY --lang en 2>err
	expect_file err <<-X
	wuye: row 2, column 建筑面积: '"'"'abc'"'"' is not an area in m² (e.g. 89.57)
	wuye: row 3, column 建筑面积: '"'"'89.575'"'"' has more than two decimals
	wuye: row 4, column 建筑面积: '"'"'-5'"'"' is not a plausible area (more than 0, at most 100000 m²)
	wuye: row 5, column 状态: unknown state '"'"'租出去了'"'"' (expected 已入住, 空置, 未交付 or 装修中)
	wuye: row 6, column 电话: '"'"'12345'"'"' is not a Chinese mobile or landline number
	wuye: row 7, column 业主: the owner is missing (only a unit not handed over may have none)
	wuye: row 8, column 电话: the phone is missing (only a unit not handed over may have none)
	wuye: row 9, column 房号: room 1-1-101 also appears on row 2
	wuye: row 10, column 邮箱: '"'"'not-an-email'"'"' is not an e-mail address
	wuye: row 11, column 交房日期: '"'"'2020-13-01'"'"' is not a date (e.g. 2020-05-01)
	wuye: row 12, column 入住日期: '"'"'2020-04-01'"'"' is before the handover date
	wuye: row 13, column 标签: unknown tag '"'"'VIP'"'"' (expected 重点户, 关怀 or 重点关注)
	wuye: row 14, column 房屋类型: unknown unit type '"'"'别墅区'"'"' (expected 住宅, 商铺 or 车位)
	wuye: row 15, column 楼栋: the building is missing
	wuye: row 16, column 房号: the room number is missing
	X
	expect_eq "$(sql "SELECT COUNT(*) FROM unit")" "0"
	expect_eq "$(sql "SELECT COUNT(*) FROM party WHERE kind = '"'"'person'"'"'")" "0"
	expect_eq "$(sql "SELECT COUNT(*) FROM building")" "0"
'
t "the row prefix stays as it is in Chinese, the text after it is translated" '
	expect_exit 1 wuye import units "$FIX/units_bad.csv" --project HY 2>err
	contains err "wuye: row 2, column 建筑面积: '"'"'abc'"'"' 不是以平方米计的面积（例如 89.57）"
	contains err "wuye: row 9, column 房号: 房屋 1-1-101 与第 2 行重复"
'
t "--dry-run validates and writes nothing" '
	wuye import units "$FIX/units_utf8.csv" --project HY --dry-run --format json >out
	expect_eq "$(jq -c . out)" "{\"units\":4,\"owners\":3,\"buildings\":0,\"dry_run\":true}"
	expect_eq "$(count_units HY)" "0"
'
t "a UTF-8 csv is imported with areas, states, owners, tags" '
	wuye import units "$FIX/units_utf8.csv" --project HY --lang en >out
	contains out "imported 4 units, 3 owners and 2 new buildings"
	wuye units --project HY --format json >u
	expect_eq "$(jq -c ".[0] | {unit,building,entrance,room,area_m2,type,state}" u)" \
		"{\"unit\":\"HY/3-2-1201\",\"building\":\"3\",\"entrance\":\"2\",\"room\":\"1201\",\"area_m2\":\"89.57\",\"type\":\"住宅\",\"state\":\"occupied\"}"
	expect_eq "$(jq -c ".[0].owners[0] | {name,phones,tags}" u)" "{\"name\":\"王伟\",\"phones\":[\"13812345678\"],\"tags\":[\"重点户\"]}"
	expect_eq "$(jq -r ".[1].owners[0].phones | join(\",\")" u)" "13987654321,010-62345678"
	expect_eq "$(jq -r ".[3].unit + \" \" + .[3].type + \" \" + .[3].owners[0].tags[0]" u)" "HY/12--0301 商铺 关怀"
'
t "a unit not handed over belongs to the developer account" '
	wuye units --project HY --state undelivered --format json >u
	expect_eq "$(jq -r ".[0].unit + \" \" + .[0].owners[0].kind" u)" "HY/3-2-1203 developer"
'
t "a room that already exists is refused, naming row and column" '
	expect_exit 1 wuye import units "$FIX/units_utf8.csv" --project HY --lang en 2>err
	contains err "wuye: row 2, column 房号: room 3-2-1201 already exists in this project"
	expect_eq "$(count_units HY)" "4"
'
t "a messy GBK register (title row, CRLF, units in cells, several phones) imports" '
	wuye import units "$FIX/units_gbk.csv" --project JX --lang en >out
	contains out "imported 6 units, 4 owners and 2 new buildings"
	wuye units --project JX --format json >u
	expect_eq "$(jq -r "[.[] | .unit + \" \" + .area_m2 + \" \" + .state] | join(\";\")" u)" \
		"JX/5-1-101 96.30 occupied;JX/5-1-102 120.50 vacant;JX/5-1-103 88.00 decorating;JX/6-2-1801 143.88 occupied;JX/6-2-1802 143.88 undelivered;JX/6-2-1803 99.99 occupied"
	expect_eq "$(jq -r ".[0].owners[0].phones | join(\",\")" u)" "13700001111,13700002222"
	expect_eq "$(jq -r ".[1].owners[0].phones | join(\",\")" u)" "0755-26881234,13600003333"
	expect_eq "$(jq -r ".[2].owners[0].phones | join(\",\")" u)" "13500004444"
	expect_eq "$(jq -r ".[3].owners[0].phones | join(\",\")" u)" "13400005555,13400006666"
	expect_eq "$(jq -r ".[3].owners[0].tags | join(\",\")" u)" "重点户,重点关注"
	expect_eq "$(jq -r ".[0].handover + \" \" + .[0].movein" u)" "2019-06-01 2019-09-01"
'
t "one owner with two units is one person; the same name with another phone is another" '
	expect_eq "$(sql "SELECT COUNT(*) FROM party WHERE name = '"'"'陈静'"'"'")" "1"
	printf "楼栋,房号,面积,业主,电话\n9,101,80,陈静,13999990000\n" >other.csv
	wuye import units other.csv --project JX >/dev/null
	expect_eq "$(sql "SELECT COUNT(*) FROM party WHERE name = '"'"'陈静'"'"'")" "2"
'
t "state history and ownership follow the handover and move-in dates" '
	wuye unit show JX/5-1-101 --format json >u
	expect_eq "$(jq -r "[.states[] | .from + \"=\" + .state] | join(\",\")" u)" "=undelivered,2019-06-01=vacant,2019-09-01=occupied"
	expect_eq "$(jq -r "[.ownership[] | .from + \"=\" + .kind] | join(\",\")" u)" "=developer,2019-06-01=person"
	wuye units --project JX --today 2019-05-31 --format json | jq -r ".[0].owners[0].kind" >k && expect_file k <<-X
	developer
	X
'
t "an .xlsx saved by LibreOffice (numbers, date cells, a merged title) imports" '
	wuye import units "$FIX/units_libreoffice.xlsx" --project RT >/dev/null
	wuye units --project RT --format json >u
	expect_eq "$(jq -c "[.[] | [.unit, .area_m2, .inner_area_m2, .type, .state, .handover, .movein]]" u)" \
		"[[\"RT/7-1-501\",\"89.57\",\"71.30\",\"住宅\",\"occupied\",\"2018-09-30\",\"2019-03-01\"],[\"RT/7-1-502\",\"118.32\",null,\"住宅\",\"vacant\",\"2018-09-30\",null],[\"RT/地下--B015\",\"13.20\",null,\"车位\",\"occupied\",null,null]]"
	expect_eq "$(jq -r ".[0].owners[0].phones[0]" u)" "13912340001"
'
t "export writes the import columns and re-imports unchanged" '
	for p in HY JX RT; do
		wuye export units --project $p -o $p.xlsx
		wuye project add ${p}2 copy >/dev/null
		wuye import units $p.xlsx --project ${p}2 >/dev/null
		# the same units, owners and history; only ids, the project code and the
		# developer account'"'"'s name (it carries the project'"'"'s name) differ
		norm="[.[] | del(.id) | .unit |= sub(\"^[A-Z0-9]+/\"; \"\") | .owners |= map(if .kind == \"developer\" then .name = \"\" else . end)]"
		wuye units --project $p --format json | jq -c "$norm" >a
		wuye units --project ${p}2 --format json | jq -c "$norm" >b
		cmp a b || { diff a b; exit 1; }
	done
'
t "the export is a real .xlsx with the import headers" '
	unzip -p HY.xlsx xl/sharedStrings.xml >ss
	for h in 楼栋 单元 楼层 房号 建筑面积 套内面积 房屋类型 状态 业主 电话 邮箱 工作单位 交房日期 入住日期 标签; do contains ss "$h"; done
'
t "a file without the required columns is refused" '
	printf "姓名,电话\n王伟,13812345678\n" >nohead.csv
	expect_exit 1 wuye import units nohead.csv --project HY --lang en 2>err
	contains err "no header row found"
	printf "楼栋,单元,房号,业主\n1,1,101,王伟\n" >noarea.csv
	expect_exit 1 wuye import units noarea.csv --project HY --lang en 2>err
	contains err "wuye: row 1: no column 建筑面积|面积"
'
t "a missing file, an empty file, an old .xls and a damaged .xlsx are refused clearly" '
	expect_exit 1 wuye import units nosuch.csv --project HY 2>err && contains err "nosuch.csv"
	: >empty.csv; expect_exit 1 wuye import units empty.csv --project HY --lang en 2>err && contains err "empty"
	printf "\320\317\021\340\241\261\032\341rest" >old.xls
	expect_exit 1 wuye import units old.xls --project HY --lang en 2>err && contains err ".xls"
	head -c 300 HY.xlsx >broken.xlsx
	expect_exit 1 wuye import units broken.xlsx --project HY --lang en 2>err && contains err "broken.xlsx"
'
t "a file that is neither UTF-8 nor GBK is refused" '
	printf "\xff\xfe\xff\xfe\x80\x80" >bin.csv
	expect_exit 1 wuye import units bin.csv --project HY --lang en 2>err && contains err "neither UTF-8 nor GBK"
'
t "blank lines count as rows, as a spreadsheet numbers them" '
	printf "楼栋,房号,面积,业主,电话\n\n8,101,80,甲,13800000001\n\n8,102,x,乙,13800000002\n" >gaps.csv
	expect_exit 1 wuye import units gaps.csv --project HY --lang en 2>err
	contains err "wuye: row 5, column 面积:"
'
t "an import is audited" '
	expect_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = '"'"'units.import'"'"'")" "7"
	expect_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = '"'"'units.export'"'"'")" "3"
'
done_testing
