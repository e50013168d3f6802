#!/bin/sh
# Builds a project of 100,000 generated articles (about 4 KB each) in a
# temporary folder and prints the figures of a large project: making it,
# opening and listing it, one document, search, export to JSONL, and the
# memory each command takes. Run from the repository root:
#
#	sh scripts/large-project.sh            # 100,000 articles
#	N=10000 sh scripts/large-project.sh    # fewer
#	DIR=/some/folder sh scripts/large-project.sh   # keep the files there
#
# Needs GNU time (/usr/bin/time) for the memory figures. It takes a few
# minutes and about 1 GB of disk.
set -eu

N=${N:-100000}
DIR=${DIR:-$(mktemp -d)}
PROJECT="$DIR/large.alama"
BIN="$DIR/alama"
mkdir -p "$DIR"

timed() {
	label=$1
	shift
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f "$label: %e s wall, peak resident %M KB" "$@"
	else
		echo "$label:"
		time "$@"
	fi
}

echo "== building alama into $DIR"
go build -o "$BIN" .

if [ ! -e "$PROJECT" ]; then
	echo "== generating $N articles into $PROJECT"
	go test ./store/ -count=1 -run '^TestMakeLargeProject$' -v -timeout 1h \
		-large.project="$PROJECT" -large.n="$N" | grep -E 'articles|^(ok|FAIL)'
fi
ls -l "$PROJECT"

echo "== command-line timings (each command is a fresh process)"
# Commands that only read open the project read-only: no daily backup, so
# the first list of the day is the same as the others.
timed "list, first open of the day (read-only: no backup)" "$BIN" list -project "$PROJECT" >/dev/null
timed "list (open + document list)" "$BIN" list -project "$PROJECT" >/dev/null
timed "stats" "$BIN" stats -project "$PROJECT" >/dev/null
timed "search (one query, fresh process, stored index)" "$BIN" search -project "$PROJECT" -limit 100 "صنعاء" >/dev/null
timed "export jsonl" sh -c '"$0" export -project "$1" -o "$2" 2>/dev/null' "$BIN" "$PROJECT" "$DIR/export.jsonl"
ls -l "$DIR/export.jsonl"
rm -f "$DIR/export.jsonl"
timed "check" "$BIN" check -project "$PROJECT" >/dev/null

echo "== in-process figures"
go test ./store/ -count=1 -run '^TestLargeMemory$' -v -large.project="$PROJECT" | grep -E 'open \+|^(ok|FAIL)'
go test ./store/ -count=1 -run '^$' -bench 'Large' -benchtime 3x -timeout 1h -large.project="$PROJECT" | grep -E '^Benchmark|^(ok|FAIL)'

echo "== the window (under Xvfb; needs xvfb-run and xdotool)"
if command -v xvfb-run >/dev/null && command -v xdotool >/dev/null; then
	# A settings folder of its own, so the user's recent projects and
	# window size are left alone; -annotator skips the first-run question.
	export WINDOW_HOME="$DIR/home"
	mkdir -p "$WINDOW_HOME"
	HOME="$WINDOW_HOME" XDG_CONFIG_HOME="$WINDOW_HOME/.config" XDG_DATA_HOME="$WINDOW_HOME/.local/share" \
		xvfb-run -a -s "-screen 0 1300x820x24" sh scripts/window-memory.sh "$BIN" "$PROJECT"
else
	echo "skipped: xvfb-run or xdotool is missing (make test-deps installs them)"
fi

echo "== files are in $DIR (remove it when done)"
