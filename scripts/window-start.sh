#!/bin/sh
# Times the annotation window's start: from starting alama to its window
# being shown (the document list and the first article are in it before it
# maps), RUNS times (default 7), and prints each time and the median.
# Without PROJECT it opens a new project holding the bundled sample
# articles. Run it from the repository root on an X display, e.g. under
# Xvfb:
#
#	go build -o bin/alama . &&
#	xvfb-run -a -s "-screen 0 1300x820x24" sh scripts/window-start.sh bin/alama [PROJECT] [RUNS]
#
# The first run also fills the page cache; the median is that of a warm
# start. Settings go to a folder of their own, so the user's are left alone.
set -eu
BIN=$1
PROJECT=${2:-}
RUNS=${3:-7}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
export HOME="$DIR/home" XDG_CONFIG_HOME="$DIR/home/.config" XDG_DATA_HOME="$DIR/home/.local/share"
mkdir -p "$HOME"
if [ -z "$PROJECT" ]; then
	PROJECT="$DIR/samples.alama"
	"$BIN" import -project "$PROJECT" assets/samples >/dev/null
fi

now() { date +%s%N; }

i=0
while [ "$i" -lt "$RUNS" ]; do
	i=$((i + 1))
	start=$(now)
	"$BIN" gui -project "$PROJECT" -annotator measure 2>/dev/null &
	pid=$!
	until xdotool search --onlyvisible --name '^Alama' >/dev/null 2>&1; do
		sleep 0.01
	done
	end=$(now)
	# CPU time the process used so far (user + system): unlike the wall
	# time, it hardly grows when other work holds the cores.
	cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", ($14 + $15) * 1000 / hz }' "/proc/$pid/stat")
	kill "$pid"
	wait "$pid" 2>/dev/null || true
	echo "run $i: $(((end - start) / 1000000)) ms wall, $cpu ms of CPU"
	echo "$(((end - start) / 1000000))" >>"$DIR/wall"
	echo "$cpu" >>"$DIR/cpu"
done
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo "window shown after $(median "$DIR/wall") ms wall, $(median "$DIR/cpu") ms of CPU (medians of $RUNS starts)"
