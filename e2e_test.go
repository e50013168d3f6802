package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"alama/annotate"
	"alama/annotate/format"
)

// session is the real binary running under Xvfb on a project, driven
// with xdotool.
type session struct {
	t       *testing.T
	bin     string
	project string
	display string
	text    string    // the text of the project's one document
	words   []wordBox // where its words are in the window
	win     [2]int    // the window's top-left on the screen
	log     string
	// geometry is the file the app rewrites with its word boxes whenever
	// the document's layout may have changed (a new span's tag makes its
	// line taller).
	geometry string
	exited   chan struct{}
	waitErr  error
}

// startSession builds the binary, imports testdata/e2e/article.txt into a
// new project and opens the window on it under Xvfb.
func startSession(t *testing.T) *session {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test in a real window; skipped with -short")
	}
	for _, tool := range []string{"Xvfb", "xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing: run `make test`, which installs xvfb, xdotool and imagemagick", tool)
		}
	}
	dir := t.TempDir()
	s := &session{t: t, bin: filepath.Join(dir, "alama"), project: filepath.Join(dir, "e2e.alama")}
	build := exec.Command("go", "build", "-o", s.bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	runBin(t, s.bin, "import", "-project", s.project, filepath.Join("testdata", "e2e", "article.txt"))
	s.text = s.exported().Text

	s.display = startXvfb(t)
	geometry := filepath.Join(dir, "geometry.json")
	home := filepath.Join(dir, "home")
	app := exec.Command(s.bin, "gui", "-project", s.project, "-annotator", "e2e")
	app.Env = append(os.Environ(), "DISPLAY="+s.display, "HOME="+home,
		"XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_DATA_HOME="+filepath.Join(home, "data"),
		"ALAMA_GEOMETRY="+geometry, "LANG=en_US.UTF-8", "LANGUAGE=en")
	// A file, not a pipe: Wait must not hang on output a killed app
	// leaves behind.
	appLog, err := os.Create(filepath.Join(dir, "app.log"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { appLog.Close() })
	s.log = appLog.Name()
	app.Stdout, app.Stderr = appLog, appLog
	if err := app.Start(); err != nil {
		t.Fatal(err)
	}
	// exited is closed when the app has ended, with its error in waitErr.
	s.exited = make(chan struct{})
	go func() { s.waitErr = app.Wait(); close(s.exited) }()
	t.Cleanup(func() {
		app.Process.Kill()
		<-s.exited
	})
	s.geometry = geometry
	s.words = waitGeometry(t, geometry, s.exited, s.log).Words
	s.win, _ = windowGeometry(t, s.display)
	return s
}

// xdo runs xdotool on the session's display.
func (s *session) xdo(args ...string) {
	s.t.Helper()
	cmd := exec.Command("xdotool", args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+s.display)
	if out, err := cmd.CombinedOutput(); err != nil {
		s.t.Fatalf("xdotool %v: %v\n%s", args, err, out)
	}
}

// key presses keys and gives the app time to act.
func (s *session) key(keys ...string) {
	s.t.Helper()
	s.xdo(append([]string{"key"}, keys...)...)
	time.Sleep(300 * time.Millisecond)
}

// drag presses the first button at window point (x0, y0), moves to
// (x1, y1) in small steps and releases it there.
func (s *session) drag(x0, y0, x1, y1 float32) {
	s.t.Helper()
	at := func(x, y float32) []string {
		return []string{strconv.Itoa(s.win[0] + int(x)), strconv.Itoa(s.win[1] + int(y))}
	}
	s.xdo(append(append([]string{"mousemove"}, at(x0, y0)...), "mousedown", "1")...)
	steps := int(max(abs(x1-x0), abs(y1-y0))/6) + 1
	for i := 1; i < steps; i++ {
		f := float32(i) / float32(steps)
		s.xdo(append([]string{"mousemove"}, at(x0+(x1-x0)*f, y0+(y1-y0)*f)...)...)
	}
	s.xdo(append(append([]string{"mousemove"}, at(x1, y1)...), "mouseup", "1")...)
	time.Sleep(300 * time.Millisecond)
}

func abs(f float32) float32 {
	if f < 0 {
		return -f
	}
	return f
}

// dragWord drags right to left across a word, as an Arabic reader does,
// from just inside its right edge to just inside its left edge.
func (s *session) dragWord(w wordBox) {
	s.t.Helper()
	y := (w.Y0 + w.Y1) / 2
	s.drag(w.X1-2, y, w.X0+2, y)
}

// quit presses Ctrl+Q and waits for the app to end.
func (s *session) quit() {
	s.t.Helper()
	s.xdo("key", "ctrl+q")
	select {
	case <-s.exited:
		if s.waitErr != nil {
			s.t.Fatalf("app exited with %v\n%s", s.waitErr, readLog(s.log))
		}
	case <-time.After(10 * time.Second):
		s.t.Fatalf("app did not quit on Ctrl+Q\n%s", readLog(s.log))
	}
}

// exported returns the project's one document as the CLI exports it.
func (s *session) exported() *annotate.Document {
	s.t.Helper()
	out := runBin(s.t, s.bin, "export", "-project", s.project, "-format", "jsonl", "-o", "-")
	var docs []*annotate.Document
	if err := format.ReadJSONL("export", strings.NewReader(out), func(_ int, d *annotate.Document) error {
		docs = append(docs, d)
		return nil
	}); err != nil {
		s.t.Fatal(err)
	}
	if len(docs) != 1 {
		s.t.Fatalf("export holds %d documents, want 1", len(docs))
	}
	return docs[0]
}

// TestEndToEnd starts the real binary under Xvfb on a project holding one
// known article and drives it with xdotool like a person would: drag across
// a word, press the first label's key, mark a second word, undo that, quit.
// The project must then hold exactly the first span, with the code-point
// offsets of the word dragged over.
func TestEndToEnd(t *testing.T) {
	s := startSession(t)
	minister := findWord(t, s.words, "الوزير", 1)
	government := findWord(t, s.words, "الحكومة", 0)
	s.dragWord(minister)
	s.key("1")
	s.dragWord(government)
	s.key("2")
	s.key("ctrl+z")
	time.Sleep(200 * time.Millisecond)
	screenshot(t, s.display, "e2e.png")
	s.quit()

	d := s.exported()
	if len(d.Spans) != 1 {
		t.Fatalf("stored spans = %+v, want exactly the ACTOR span on «الوزير»", d.Spans)
	}
	sp := d.Spans[0]
	if sp.Label != "ACTOR" || sp.Start != minister.Start || sp.End != minister.End || d.SpanText(sp) != "الوزير" || sp.Annotator != "e2e" {
		t.Fatalf("stored span = %+v (%q), want ACTOR [%d,%d) «الوزير» by e2e", sp, d.SpanText(sp), minister.Start, minister.End)
	}
}

// TestEndToEndDrags drags as people do, with a real mouse: from the gap
// before a date to the gap after it, from one line across the wrap to the
// next, and from inside a word to past the end of its line. Each drag is
// marked with a label key; the stored spans must be exactly the words
// meant, checked on the exported text with text[start:end].
func TestEndToEndDrags(t *testing.T) {
	s := startSession(t)
	type want struct {
		key        string
		start, end int
	}
	var wants []want
	mark := func(what, key string, x0, y0, x1, y1 float32, start, end int) {
		t.Helper()
		s.drag(x0, y0, x1, y1)
		// The new span's tag moves the lines below it: drag the next
		// words where the window now draws them.
		os.Remove(s.geometry)
		s.key(key)
		s.key("Escape") // a drag over the selected span's words would relabel it
		s.words = waitGeometry(t, s.geometry, s.exited, s.log).Words
		wants = append(wants, want{key, start, end})
		t.Logf("%s: want [%d,%d)", what, start, end)
	}
	mid := func(w wordBox) float32 { return (w.Y0 + w.Y1) / 2 }
	labels := map[string]string{"1": "ACTOR", "2": "EVENT", "3": "CLAIM", "4": "LOCATION", "5": "TIME"}

	// Gap to gap around a date, right to left and left to right, and from
	// the gap to the middle of the year.
	before := findWord(t, s.words, "هجمات", 0)
	day := findWord(t, s.words, "11", 0)
	year := findWord(t, s.words, "2001", 0)
	after := findWord(t, s.words, "غيّرت", 0)
	gap0, gap1 := (before.X0+day.X1)/2, (year.X0+after.X1)/2
	mark("gap to gap, right to left", "5", gap0, mid(day), gap1, mid(year), day.Start, year.End)
	mark("gap to gap, left to right", "2", gap1, mid(year), gap0, mid(day), day.Start, year.End)
	mark("gap to the middle of the year", "3", gap0, mid(day), (year.X0+year.X1)/2, mid(year), day.Start, year.End)

	// Across a wrap: from the gap before the last word of a line to the
	// gap after the first word of the next.
	lines := wordLines(s.words)
	wrapped := false
	for i := 0; i+1 < len(lines) && !wrapped; i++ {
		a, b := lines[i], lines[i+1]
		if len(a) < 3 || len(b) < 3 || annotate.Slice(s.text, a[len(a)-1].End, b[0].Start) != " " {
			continue
		}
		last, first := a[len(a)-1], b[0]
		x0 := (a[len(a)-2].X0 + last.X1) / 2
		x1 := (first.X0 + b[1].X1) / 2
		mark("across the wrap", "4", x0, mid(last), x1, mid(first), last.Start, first.End)
		wrapped = true
	}
	if !wrapped {
		t.Fatal("no wrapped line to drag across")
	}

	// From inside the first word of a paragraph's last line to past the
	// end of that line (on its left in Arabic), in the empty part of the
	// view.
	line := lineOf(lines, findWord(t, s.words, "العاصمة", 0))
	first, end := line[0], line[len(line)-1]
	mark("past the end of a line", "1", (first.X0+first.X1)/2, mid(first), end.X0-40, mid(end), first.Start, end.End)
	screenshot(t, s.display, "e2e-drags.png")
	s.quit()

	d := s.exported()
	if len(d.Spans) != len(wants) {
		t.Errorf("%d spans stored, want %d", len(d.Spans), len(wants))
	}
	for _, w := range wants {
		i := slices.IndexFunc(d.Spans, func(sp annotate.Span) bool { return sp.Label == labels[w.key] })
		if i < 0 {
			t.Errorf("no %s span stored, want [%d,%d) %q", labels[w.key], w.start, w.end, annotate.Slice(d.Text, w.start, w.end))
			continue
		}
		sp := d.Spans[i]
		got := annotate.Slice(d.Text, sp.Start, sp.End)
		if sp.Start != w.start || sp.End != w.end || got != strings.TrimSpace(got) {
			t.Errorf("%s span stored [%d,%d) %q, want [%d,%d) %q", sp.Label, sp.Start, sp.End, got, w.start, w.end, annotate.Slice(d.Text, w.start, w.end))
		}
	}
}

// wordLines groups word boxes into screen lines, each in logical order.
func wordLines(words []wordBox) [][]wordBox {
	var lines [][]wordBox
	for _, w := range words {
		if n := len(lines); n > 0 && lines[n-1][0].Y0 == w.Y0 {
			lines[n-1] = append(lines[n-1], w)
			continue
		}
		lines = append(lines, []wordBox{w})
	}
	return lines
}

// lineOf returns the screen line holding word w.
func lineOf(lines [][]wordBox, w wordBox) []wordBox {
	for _, l := range lines {
		if slices.Contains(l, w) {
			return l
		}
	}
	return nil
}

// geometry mirrors what the app writes to ALAMA_GEOMETRY: the article's
// visible area (x0, y0, x1, y1) and its words' boxes, in window pixels.
type geometry struct {
	View  [4]float32
	Words []wordBox
}

// wordBox is one word's box in geometry.
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
func waitGeometry(t *testing.T, path string, exited <-chan struct{}, log string) geometry {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			t.Fatalf("app exited early\n%s", readLog(log))
		default:
		}
		if data, err := os.ReadFile(path); err == nil {
			var g geometry
			if err := json.Unmarshal(data, &g); err != nil {
				t.Fatalf("geometry: %v", err)
			}
			return g
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("the app showed no document within 90 s\n%s", readLog(log))
	return geometry{}
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
func screenshot(t *testing.T, display, name string) {
	t.Helper()
	out := filepath.Join(t.ArtifactDir(), name)
	cmd := exec.Command("import", "-window", "root", out)
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Logf("screenshot: %v\n%s", err, b)
		return
	}
	t.Log("screenshot:", out)
}

// TestEndToEndKeys selects letters with Alt held and then releases Alt,
// which Fyne's driver takes for opening the menu bar: the label key
// pressed next must still mark the letters. Then it opens the search
// window and presses Ctrl+Q there: the whole app must end, leaving the
// project free for the next start.
func TestEndToEndKeys(t *testing.T) {
	s := startSession(t)
	w := findWord(t, s.words, "الوزير", 1)
	y := (w.Y0 + w.Y1) / 2
	s.xdo("keydown", "alt")
	s.drag(w.X1-2, y, w.X1-(w.X1-w.X0)/3, y)
	s.xdo("keyup", "alt")
	time.Sleep(300 * time.Millisecond)
	s.key("1")
	screenshot(t, s.display, "e2e-alt.png")

	s.key("ctrl+f")
	time.Sleep(time.Second)
	s.xdo("search", "--sync", "--onlyvisible", "--name", "^Search$", "windowfocus", "--sync")
	s.quit()

	d := s.exported()
	if len(d.Spans) != 1 {
		t.Fatalf("stored spans %+v, want one ACTOR span on the first letters of «الوزير»", d.Spans)
	}
	sp := d.Spans[0]
	got := annotate.Slice(d.Text, sp.Start, sp.End)
	if sp.Label != "ACTOR" || sp.Start != w.Start || sp.End >= w.End || !strings.HasPrefix("الوزير", got) {
		t.Fatalf("stored span %+v %q, want ACTOR on the first letters of «الوزير» [%d,%d)", sp, got, w.Start, w.End)
	}
}
