#!/usr/bin/env bash
# t01-cli.sh: the conventions of CLI.md: help, usage errors, exit codes, global options.
. "$(dirname "$0")/lib.sh"

t "help lists the commands" '
	wuye help >out && contains out "import units" && contains out "--today"
'
t "every command has --help, exit 0" '
	wuye import units --help >out && contains out "import units FILE --project CODE"
	wuye staff add --help >out && contains out "--role ROLE"
	wuye units --help >out && contains out "--state"
'
t "an unknown command is bad usage (exit 2)" '
	expect_exit 2 wuye frobnicate 2>err && contains err "wuye: "
'
t "an unknown option is bad usage, naming it" '
	new_db && expect_exit 2 wuye units --project X --colour red 2>err && contains err "--colour"
'
t "a bad --today is bad usage" '
	expect_exit 2 wuye units --project X --today 2026-02-30 2>err && contains err "2026-02-30"
'
t "a bad --format is bad usage" '
	expect_exit 2 wuye units --project X --format yaml 2>err && contains err "yaml"
'
t "a database that was never initialised is refused with advice" '
	WUYE_DB=$PWD/never.db expect_exit 1 wuye units --project X 2>err && contains err "wuye init"
'
t "wuye init creates admin and is idempotent" '
	new_db
	wuye init >out && lacks out "admin"
	expect_eq "$(sql "SELECT login, role, all_projects FROM staff")" "admin|admin|1"
'
t "--db takes a path, sqlite:PATH, and beats WUYE_DB" '
	WUYE_DB=/nonexistent/x.db wuye init --db "sqlite:$PWD/other.db" >/dev/null && test -s other.db
	WUYE_DB=/nonexistent/x.db wuye init --db "$PWD/third.db" >/dev/null && test -s third.db
'
t "options may come in any order after the command" '
	new_db
	wuye project add HY 华苑 >/dev/null
	wuye --format json units --project HY >a
	wuye units --format=json --project=HY >b
	cmp a b
'
t "an unknown --as is refused" '
	new_db && expect_exit 1 wuye units --project HY --as nobody 2>err && contains err "nobody"
'
t "Chinese by default, English on request" '
	expect_exit 2 wuye frobnicate 2>zh; expect_exit 2 wuye frobnicate --lang en 2>en
	contains en "is not a wuye command" && ! cmp -s zh en
'
done_testing
