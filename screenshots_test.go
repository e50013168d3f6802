package main

import (
	"encoding/json"
	"flag"
	"io/fs"
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
	"alama/assets"
)

var updateScreenshots = flag.Bool("screenshots", false, "rewrite the screenshots in docs/ (make screenshots)")

// mark is a span to put on a sample article: the n-th (0-based)
// occurrence of text.
type mark struct {
	text  string
	n     int
	label string
	attrs map[string]string
}

// shotArticles are the sample articles the screenshots show, with the
// spans an annotator would have made on them. The span marked claim, if
// any, is joined to the span marked speaker by a CLAIMED_BY relation.
var shotArticles = map[string]struct {
	marks          []mark
	claim, speaker int
	status         annotate.Status
}{
	"samples/01-drought.txt": {
		marks: []mark{
			{text: "وزير الزراعة", n: 1, label: "ACTOR"},
			{text: "سليم الحداد", label: "ACTOR"},
			{text: "الثلاثاء 14 تشرين الأول (أكتوبر) 2025", label: "TIME"},
			{text: "خطة طارئة", n: 1, label: "EVENT"},
			{text: "الحداد", n: 1, label: "ACTOR"},
			{text: "مؤتمر صحفي", label: "EVENT"},
			{text: "الكرك", label: "LOCATION"},
			{text: "لن نترك المزارع وحده في مواجهة الجفاف، وسنوفّر المياه والأعلاف بأسعار مدعومة حتى نهاية الشتاء", label: "CLAIM", attrs: map[string]string{"stance": "support"}},
			{text: "عمر الزعبي", label: "ACTOR"},
		},
		claim: 7, speaker: 4, status: annotate.StatusInProgress,
	},
	"samples/04-railway.txt": {
		marks: []mark{
			{text: "وزيرة النقل رنا العبد الله", label: "ACTOR"},
			{text: "الأحد 9 تشرين الثاني (نوفمبر) 2025", label: "TIME"},
			{text: "هيئة السكك الحديدية", label: "ACTOR"},
		},
		claim: -1, status: annotate.StatusInProgress,
	},
}

// shotProject writes the sample articles, with the spans of shotArticles,
// to an Alama JSONL file and imports it into a new project.
func shotProject(t *testing.T, bin, dir string) (project string, ids map[string]uint64) {
	t.Helper()
	names, err := fs.Glob(assets.Samples, "samples/*.txt")
	if err != nil || len(names) == 0 {
		t.Fatalf("samples: %v %v", names, err)
	}
	var lines strings.Builder
	titles := map[string]string{} // title → sample file
	for i, name := range names {
		data, err := fs.ReadFile(assets.Samples, name)
		if err != nil {
			t.Fatal(err)
		}
		d, err := format.ReadText(name, data)
		if err != nil {
			t.Fatal(err)
		}
		d.ID = uint64(i + 1)
		titles[d.Title] = name
		if a, ok := shotArticles[name]; ok {
			d.Status = a.status
			text := []rune(d.Text)
			for i, m := range a.marks {
				start := nthIndex(text, []rune(m.text), m.n)
				if start < 0 {
					t.Fatalf("%s: %q (occurrence %d) is not in the article", name, m.text, m.n)
				}
				d.Spans = append(d.Spans, annotate.Span{ID: uint64(i + 1), Start: start, End: start + len([]rune(m.text)),
					Label: m.label, Annotator: "layla", Attrs: m.attrs})
			}
			if a.claim >= 0 {
				d.Relations = []annotate.Relation{{ID: 1, Type: "CLAIMED_BY", From: uint64(a.claim + 1), To: uint64(a.speaker + 1), Annotator: "layla"}}
			}
		}
		if err := format.WriteJSONL(&lines, d); err != nil {
			t.Fatal(err)
		}
	}
	in := filepath.Join(dir, "samples.jsonl")
	if err := os.WriteFile(in, []byte(lines.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	project = filepath.Join(dir, "samples.alama")
	runBin(t, bin, "import", "-project", project, in)

	ids = map[string]uint64{}
	dec := json.NewDecoder(strings.NewReader(runBin(t, bin, "list", "-project", project, "-json")))
	for dec.More() {
		var l struct {
			ID    uint64 `json:"id"`
			Title string `json:"title"`
		}
		if err := dec.Decode(&l); err != nil {
			t.Fatal(err)
		}
		ids[titles[l.Title]] = l.ID
	}
	return project, ids
}

// nthIndex returns where the n-th (0-based) occurrence of sub starts in
// text, in code points, or -1.
func nthIndex(text, sub []rune, n int) int {
	for i := 0; i+len(sub) <= len(text); i++ {
		if slices.Equal(text[i:i+len(sub)], sub) {
			if n == 0 {
				return i
			}
			n--
		}
	}
	return -1
}

// TestScreenshots opens the real window under Xvfb on the annotated sample
// articles in the settings the README shows: the dark and the light theme
// in English, and the Arabic interface. In each it checks that the
// article is drawn right-aligned and, at the window's default size, that
// at least 14 lines of it are in view; with a span selected, that the
// window shows it. With -screenshots (make screenshots) it writes the
// pictures the README links to in docs/.
func TestScreenshots(t *testing.T) {
	if testing.Short() {
		t.Skip("real window; skipped with -short")
	}
	for _, tool := range []string{"Xvfb", "xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing: run `make test`, which installs xvfb, xdotool and imagemagick", tool)
		}
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "alama")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	project, ids := shotProject(t, bin, dir)
	for _, c := range []struct {
		file, theme, language, article string
		selectWord                     string // a word of the span to select, or ""
		occurrence                     int    // which occurrence of selectWord, from 0
		minLines                       int
	}{
		{file: "main-window-dark.png", theme: "dark", language: "en", article: "samples/01-drought.txt", selectWord: "نترك"},
		{file: "main-window-light.png", theme: "light", language: "en", article: "samples/04-railway.txt", minLines: 14},
		{file: "main-window-arabic.png", theme: "light", language: "ar", article: "samples/01-drought.txt", selectWord: "الحداد", occurrence: 1},
	} {
		t.Run(c.file, func(t *testing.T) {
			home := filepath.Join(t.TempDir(), "home")
			prefs := map[string]any{
				"theme": c.theme, "language": c.language, "annotator": "layla",
				"last_project": project, "last_document." + project: ids[c.article],
			}
			prefsDir := filepath.Join(home, "config", "fyne", appID)
			if err := os.MkdirAll(prefsDir, 0o755); err != nil {
				t.Fatal(err)
			}
			data, _ := json.Marshal(prefs)
			if err := os.WriteFile(filepath.Join(prefsDir, "preferences.json"), data, 0o644); err != nil {
				t.Fatal(err)
			}
			display := startXvfb(t)
			geometryFile := filepath.Join(home, "geometry.json")
			app := exec.Command(bin, "gui", "-project", project)
			app.Env = append(os.Environ(), "DISPLAY="+display, "HOME="+home,
				"XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_DATA_HOME="+filepath.Join(home, "data"),
				"ALAMA_GEOMETRY="+geometryFile, "LANG=en_US.UTF-8", "LANGUAGE=")
			log := filepath.Join(home, "app.log")
			logFile, err := os.Create(log)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { logFile.Close() })
			app.Stdout, app.Stderr = logFile, logFile
			if err := app.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan struct{})
			go func() { app.Wait(); close(exited) }()
			t.Cleanup(func() { app.Process.Kill(); <-exited })

			g := waitGeometry(t, geometryFile, exited, log)
			words := g.Words
			win, size := windowGeometry(t, display)
			checkRightAligned(t, words)
			if c.minLines > 0 {
				if n := linesInView(words, g.View[3]); n < c.minLines {
					t.Errorf("%d lines of the article in view in a %dx%d window, want at least %d", n, size[0], size[1], c.minLines)
				}
			}
			if c.selectWord != "" {
				w := findWord(t, words, c.selectWord, c.occurrence)
				s := &session{t: t, display: display, win: win}
				x, y := strconv.Itoa(win[0]+int((w.X0+w.X1)/2)), strconv.Itoa(win[1]+int((w.Y0+w.Y1)/2))
				s.xdo("mousemove", x, y, "click", "1")
				s.xdo("mousemove", strconv.Itoa(win[0]+5), strconv.Itoa(win[1]+size[1]-5))
			}
			time.Sleep(time.Second)
			out := filepath.Join(t.ArtifactDir(), c.file)
			if *updateScreenshots {
				out = filepath.Join("docs", c.file)
			}
			cmd := exec.Command("import", "-window", windowID(t, display), out)
			cmd.Env = append(os.Environ(), "DISPLAY="+display)
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("screenshot: %v\n%s", err, b)
			}
			t.Log("screenshot:", out)
		})
	}
}

// checkRightAligned checks that the article's lines end at one right edge,
// as right-to-left text does: the first word of each line (the one furthest
// right) ends within a pixel of the others'.
func checkRightAligned(t *testing.T, words []wordBox) {
	t.Helper()
	right := map[float32]float32{} // line top → right edge of its first word
	for _, w := range words {
		right[w.Y0] = max(right[w.Y0], w.X1)
	}
	var edges []float32
	for _, x := range right {
		edges = append(edges, x)
	}
	if len(edges) < 2 {
		t.Fatalf("the article has %d lines on screen", len(edges))
	}
	lo, hi := slices.Min(edges), slices.Max(edges)
	if hi-lo > 1 {
		t.Errorf("lines end between x=%.0f and x=%.0f: not right-aligned", lo, hi)
	}
}

// linesInView counts the article's lines whose letters are above bottom,
// the lower edge of the article's visible area. A word box runs from the
// top of its line to the top of the next; the last fifth of it is the room
// for underline bars under the letters.
func linesInView(words []wordBox, bottom float32) int {
	lines := map[float32]bool{}
	for _, w := range words {
		if w.Y1-(w.Y1-w.Y0)/5 <= bottom {
			lines[w.Y0] = true
		}
	}
	return len(lines)
}

// windowGeometry returns the app window's top-left on the screen and its
// size.
func windowGeometry(t *testing.T, display string) (pos, size [2]int) {
	t.Helper()
	cmd := exec.Command("xdotool", "search", "--sync", "--onlyvisible", "--name", "Alama", "getwindowgeometry", "--shell")
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("find the window: %v", err)
	}
	for _, line := range strings.Split(string(out), "\n") {
		k, v, _ := strings.Cut(line, "=")
		n, _ := strconv.Atoi(v)
		switch k {
		case "X":
			pos[0] = n
		case "Y":
			pos[1] = n
		case "WIDTH":
			size[0] = n
		case "HEIGHT":
			size[1] = n
		}
	}
	return pos, size
}

// windowID returns the X window id of the app window.
func windowID(t *testing.T, display string) string {
	t.Helper()
	cmd := exec.Command("xdotool", "search", "--onlyvisible", "--name", "Alama")
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("find the window: %v", err)
	}
	return strings.Fields(string(out))[0]
}
