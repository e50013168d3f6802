package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"alama/annotate"
	"alama/annotate/format"
)

// TestEndToEnd starts the real binary under Xvfb on a project holding one
// known article and drives it with xdotool like a person would: drag across
// a word, press the first label's key, mark a second word, undo that, quit.
// The project must then hold exactly the first span, with the code-point
// offsets of the word dragged over.
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test in a real window; skipped with -short")
	}
	for _, tool := range []string{"Xvfb", "xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing: run `make test`, which installs xvfb, xdotool and imagemagick", tool)
		}
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "alama")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	project := filepath.Join(dir, "e2e.alama")
	runBin(t, bin, "import", "-project", project, filepath.Join("testdata", "e2e", "article.txt"))

	display := startXvfb(t)
	geometry := filepath.Join(dir, "geometry.json")
	home := filepath.Join(dir, "home")
	app := exec.Command(bin, "gui", "-project", project, "-annotator", "e2e")
	app.Env = append(os.Environ(), "DISPLAY="+display, "HOME="+home,
		"XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_DATA_HOME="+filepath.Join(home, "data"),
		"ALAMA_GEOMETRY="+geometry, "LANG=en_US.UTF-8", "LANGUAGE=en")
	// A file, not a pipe: Wait must not hang on output a killed app
	// leaves behind.
	appLog, err := os.Create(filepath.Join(dir, "app.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer appLog.Close()
	app.Stdout, app.Stderr = appLog, appLog
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	// exited is closed when the app has ended, with its error in waitErr.
	exited := make(chan struct{})
	var waitErr error
	go func() { waitErr = app.Wait(); close(exited) }()
	t.Cleanup(func() {
		app.Process.Kill()
		<-exited
	})

	words := waitGeometry(t, geometry, exited, appLog.Name())
	xdo := func(args ...string) {
		t.Helper()
		cmd := exec.Command("xdotool", args...)
		cmd.Env = append(os.Environ(), "DISPLAY="+display)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("xdotool %v: %v\n%s", args, err, out)
		}
	}
	win := windowOrigin(t, display)
	drag := func(w wordBox) {
		t.Helper()
		y := strconv.Itoa(win[1] + int((w.Y0+w.Y1)/2))
		// Right to left, as an Arabic reader drags, from just inside the
		// word's right edge to just inside its left edge.
		from, to := win[0]+int(w.X1)-2, win[0]+int(w.X0)+2
		xdo("mousemove", strconv.Itoa(from), y, "mousedown", "1")
		for x := from; x > to; x -= 6 {
			xdo("mousemove", strconv.Itoa(x), y)
		}
		xdo("mousemove", strconv.Itoa(to), y, "mouseup", "1")
		time.Sleep(300 * time.Millisecond)
	}

	minister := findWord(t, words, "الوزير", 1)
	government := findWord(t, words, "الحكومة", 0)
	drag(minister)
	xdo("key", "1")
	time.Sleep(300 * time.Millisecond)
	drag(government)
	xdo("key", "2")
	time.Sleep(300 * time.Millisecond)
	xdo("key", "ctrl+z")
	time.Sleep(500 * time.Millisecond)
	screenshot(t, display)
	xdo("key", "ctrl+q")
	select {
	case <-exited:
		if waitErr != nil {
			t.Fatalf("app exited with %v\n%s", waitErr, readLog(appLog.Name()))
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("app did not quit on Ctrl+Q\n%s", readLog(appLog.Name()))
	}

	out := runBin(t, bin, "export", "-project", project, "-format", "jsonl", "-o", "-")
	var docs []*annotate.Document
	if err := format.ReadJSONL("export", strings.NewReader(out), func(_ int, d *annotate.Document) error {
		docs = append(docs, d)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 {
		t.Fatalf("export holds %d documents, want 1", len(docs))
	}
	d := docs[0]
	if len(d.Spans) != 1 {
		t.Fatalf("stored spans = %+v, want exactly the ACTOR span on «الوزير»", d.Spans)
	}
	sp := d.Spans[0]
	if sp.Label != "ACTOR" || sp.Start != minister.Start || sp.End != minister.End || d.SpanText(sp) != "الوزير" || sp.Annotator != "e2e" {
		t.Fatalf("stored span = %+v (%q), want ACTOR [%d,%d) «الوزير» by e2e", sp, d.SpanText(sp), minister.Start, minister.End)
	}
}

// wordBox mirrors what the app writes to ALAMA_GEOMETRY.
type wordBox struct {
	Start, End     int
	Text           string
	X0, X1, Y0, Y1 float32
}

func runBin(t *testing.T, bin string, args ...string) string {
	t.Helper()
	out, err := exec.Command(bin, args...).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("alama %v: %v\n%s", args, err, ee.Stderr)
		}
		t.Fatalf("alama %v: %v", args, err)
	}
	return string(out)
}

// readLog returns the app's output, for failure messages.
func readLog(path string) string {
	b, _ := os.ReadFile(path)
	return string(b)
}

// startXvfb starts a virtual X server on a free display and returns its name.
func startXvfb(t *testing.T) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	x := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
	x.ExtraFiles = []*os.File{w}
	if err := x.Start(); err != nil {
		t.Fatalf("start Xvfb: %v", err)
	}
	w.Close()
	t.Cleanup(func() { x.Process.Kill(); x.Wait() })
	line, err := bufio.NewReader(r).ReadString('\n')
	r.Close()
	if err != nil {
		t.Fatalf("Xvfb gave no display number: %v", err)
	}
	return ":" + strings.TrimSpace(line)
}

// waitGeometry waits for the app to show the document and write where its
// words are.
func waitGeometry(t *testing.T, path string, exited <-chan struct{}, log string) []wordBox {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			t.Fatalf("app exited early\n%s", readLog(log))
		default:
		}
		if data, err := os.ReadFile(path); err == nil {
			var words []wordBox
			if err := json.Unmarshal(data, &words); err != nil {
				t.Fatalf("geometry: %v", err)
			}
			return words
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("the app showed no document within 90 s\n%s", readLog(log))
	return nil
}

// windowOrigin returns the screen position of the app window's top-left.
func windowOrigin(t *testing.T, display string) [2]int {
	t.Helper()
	cmd := exec.Command("xdotool", "search", "--sync", "--onlyvisible", "--name", "Alama", "getwindowgeometry", "--shell")
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("find the window: %v", err)
	}
	var pos [2]int
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, "X="); ok {
			pos[0], _ = strconv.Atoi(v)
		}
		if v, ok := strings.CutPrefix(line, "Y="); ok {
			pos[1], _ = strconv.Atoi(v)
		}
	}
	return pos
}

// findWord returns the n-th (0-based) occurrence of word in the geometry.
func findWord(t *testing.T, words []wordBox, word string, n int) wordBox {
	t.Helper()
	for _, w := range words {
		if w.Text == word {
			if n == 0 {
				return w
			}
			n--
		}
	}
	t.Fatalf("word %q not on screen", word)
	return wordBox{}
}

// screenshot keeps a picture of the window in the test's artifact folder
// (go test -artifacts keeps it).
func screenshot(t *testing.T, display string) {
	t.Helper()
	out := filepath.Join(t.ArtifactDir(), "e2e.png")
	cmd := exec.Command("import", "-window", "root", out)
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Logf("screenshot: %v\n%s", err, b)
		return
	}
	t.Log("screenshot:", out)
}
