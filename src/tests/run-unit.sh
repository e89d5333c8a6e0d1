#!/bin/sh
# Runs each unit-test binary in build/unit/ and sums their closing lines.
passed=0 failed=0
for t in "$@"; do
	out=$(build/unit/"$t" 2>&1)
	rc=$?
	printf '%s\n' "$out" | grep -E '^(FAIL|PASS)' | sed "s/^/[$t] /"
	line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n 1)
	if [ -z "$line" ]; then
		printf '%s\n' "$out" | tail -n 20
		echo "FAIL $t: no closing line (exit $rc)"
		failed=$((failed + 1))
		continue
	fi
	p=${line%% passed*}; f=${line#*passed, }; f=${f%% failed*}
	passed=$((passed + p)); failed=$((failed + f))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		printf '%s\n' "$out" | tail -n 20
		echo "FAIL $t: exit status $rc"
		failed=$((failed + 1))
	fi
done
echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
