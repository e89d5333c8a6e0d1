#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The VM suite: runs inside the guest as root with our wireguard.ko loaded.
# Sources suite/lib.sh, then every suite/NN-<area>.sh in name order (only
# those whose file name matches the regex $SUITE_FILTER, if set).  Each suite
# file registers its tests with `run_test <name> <function>`; the closing
# line is `N passed, N failed` and the exit status is 0 only if none failed.
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=suite/lib.sh
. "$here/suite/lib.sh"

for suite_file in "$here"/suite/[0-9][0-9]-*.sh; do
	[ -e "$suite_file" ] || continue
	suite_name=$(basename "$suite_file")
	if [ -n "${SUITE_FILTER:-}" ] && ! printf '%s\n' "$suite_name" | grep -qE -- "$SUITE_FILTER"; then
		continue
	fi
	echo "== $suite_name"
	t0=$(date +%s) p0=$suite_passed f0=$suite_failed
	# shellcheck disable=SC1090
	. "$suite_file"
	echo "-- $suite_name done: $((suite_passed - p0)) ok, $((suite_failed - f0)) not ok, $(($(date +%s) - t0)) s"
done
ns_cleanup
echo "$suite_passed passed, $suite_failed failed"
[ "$suite_failed" -eq 0 ]
