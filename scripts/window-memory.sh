#!/bin/sh
# Opens the annotation window on a project and prints how long it takes
# to appear and the window process's memory as a user goes on: idle, after
# scrolling the document list, after opening documents, after filtering
# titles, and after a search. Run it on an X display, e.g. under Xvfb:
#
#	xvfb-run -a -s "-screen 0 1300x820x24" sh scripts/window-memory.sh BIN PROJECT
#
# scripts/large-project.sh runs it on its generated project. Resident
# memory (VmRSS) is what the process holds now; VmHWM is its peak so far.
set -eu
BIN=$1
PROJECT=$2

"$BIN" gui -project "$PROJECT" -annotator measure 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT

memory() {
	awk -v step="$1" '/^VmRSS:/ {rss = $2} /^VmHWM:/ {hwm = $2}
		END {printf "%-34s resident %4d MB, peak %4d MB\n", step ":", rss / 1024, hwm / 1024}' "/proc/$pid/status"
}

start=$(date +%s.%N)
until xdotool search --onlyvisible --name Alama >/dev/null 2>&1; do
	sleep 0.05
done
echo "window shown after $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s"
sleep 5
memory "idle"

# The document list is the right-hand panel of the default layout.
xdotool mousemove 1070 400 click --repeat 300 --delay 10 5
sleep 1
memory "list scrolled 300 steps"

for y in 300 400 500; do
	xdotool mousemove 1070 $y click 1
	sleep 1
done
memory "three documents opened"

xdotool mousemove 1070 108 click 1
sleep 0.3
xdotool type 99
sleep 2
xdotool key ctrl+a BackSpace
sleep 1
memory "titles filtered and cleared"

xdotool mousemove 600 400 click 1
xdotool key ctrl+f
sleep 1
xdotool type 12
xdotool key Return
sleep 3
memory "search for 12"
if [ -n "${SHOT:-}" ]; then
	import -window root "$SHOT"
fi
