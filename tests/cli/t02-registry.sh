#!/usr/bin/env bash
# t02-registry.sh: projects, staff and their areas, unit state, sales, tenants.
. "$(dirname "$0")/lib.sh"
new_db

t "a project is added and prints its id" '
	expect_eq "$(wuye project add HY 华苑小区)" "1"
	wuye project list --format json >out && contains out "\"code\": \"HY\""
'
t "a duplicate project code is refused and changes nothing" '
	expect_exit 1 wuye project add HY 另一个 2>err && contains err "HY"
	expect_eq "$(sql "SELECT COUNT(*) FROM project")" "1"
'
t "a project comes with its developer account" '
	expect_eq "$(sql "SELECT COUNT(*) FROM party WHERE kind = '"'"'developer'"'"' AND project_id = 1")" "1"
'
t "units are imported for the staff tests" '
	wuye import units "$FIX/units_utf8.csv" --project HY >/dev/null
'
t "staff are added with role, project, buildings and group" '
	wuye staff add zhang 张楼管 --role steward --project HY --buildings 3,12 --group 一组 >/dev/null
	wuye staff list --format json >out
	contains out "\"buildings\": ["
	expect_eq "$(jq -r ".[] | select(.login==\"zhang\") | .buildings | join(\",\")" out)" "HY/3,HY/12"
	expect_eq "$(jq -r ".[] | select(.login==\"zhang\") | .groups[0]" out)" "一组"
'
t "an unknown role, building or duplicate login is refused" '
	expect_exit 1 wuye staff add li 李 --role boss --project HY 2>err && contains err "boss"
	expect_exit 1 wuye staff add li 李 --role steward --project HY --buildings 99 2>err && contains err "99"
	expect_exit 1 wuye staff add zhang 张 --role steward --project HY 2>err && contains err "zhang"
	expect_eq "$(sql "SELECT COUNT(*) FROM staff")" "2"
'
t "a password is hashed with argon2id" '
	printf "correct horse battery\n" | wuye staff add wang 王收银 --role cashier --project HY --password-stdin >/dev/null
	sql "SELECT password_hash FROM staff WHERE login = '"'"'wang'"'"'" >h && contains h "\$argon2id\$"
'
t "a cashier may not add staff" '
	expect_exit 1 wuye staff add x 某 --role steward --project HY --as wang 2>err
	expect_eq "$(sql "SELECT COUNT(*) FROM staff WHERE login = '"'"'x'"'"'")" "0"
'
t "a cashier sees masked phone numbers" '
	wuye units --project HY --as wang --format json >out
	expect_eq "$(jq -r ".[0].owners[0].phones[0]" out)" "138****5678"
	wuye units --project HY --format json >out
	expect_eq "$(jq -r ".[0].owners[0].phones[0]" out)" "13812345678"
'
t "a steward of another project is refused" '
	wuye project add LJ 丽景苑 >/dev/null
	wuye staff add liu 刘 --role steward --project LJ >/dev/null
	expect_exit 1 wuye units --project HY --as liu 2>err && contains err "liu"
'
t "handover moves a unit from the developer to its owner of record" '
	wuye unit state HY/3-2-1203 --state vacant --from 2026-03-01
	wuye unit sell HY/3-2-1203 --owner 赵六 --phone 13611112222 --from 2026-03-01 >/dev/null
	wuye units --project HY --format json --today 2026-02-28 >before
	wuye units --project HY --format json --today 2026-03-01 >after
	expect_eq "$(jq -r ".[] | select(.unit==\"HY/3-2-1203\") | .state + \" \" + .owners[0].kind" before)" "undelivered developer"
	expect_eq "$(jq -r ".[] | select(.unit==\"HY/3-2-1203\") | .state + \" \" + .owners[0].name" after)" "vacant 赵六"
'
t "a sale keeps the history: the old owner before, the new one after" '
	wuye unit sell HY/3-2-1201 --owner 钱七 --phone 13722223333 --from 2026-06-15 >/dev/null
	wuye unit show HY/3-2-1201 --format json >out
	expect_eq "$(jq -r "[.ownership[] | .from + \" \" + .name] | join(\";\")" out)" " 华苑小区开发商账户;2020-05-01 王伟;2026-06-15 钱七"
	wuye units --project HY --format json --today 2026-06-14 | jq -r ".[0].owners[0].name" >o && expect_file o <<-X
	王伟
	X
'
t "a tenant is a contact, not the payer" '
	wuye unit tenant HY/3-2-1202 --name 租客 --phone 13811110000 >/dev/null
	wuye unit show HY/3-2-1202 --format json >out
	expect_eq "$(jq -r ".contacts[0].role" out)" "tenant"
	expect_eq "$(jq -r ".owners[0].name" out)" "李娜"
'
t "a bad phone for a sale is refused and nothing changes" '
	expect_exit 1 wuye unit sell HY/3-2-1202 --owner 孙八 --phone 12345 2>err
	expect_eq "$(sql "SELECT COUNT(*) FROM ownership WHERE unit_id = 2")" "2"
'
t "writes are audited" '
	expect_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = '"'"'units.import'"'"'")" "1"
'
done_testing
