package textview

import (
	"flag"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"alama/annotate"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata")

// newView returns a view with text in a headless window of the given size.
func newView(t *testing.T, text string, w, h float32) (*View, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	v := New()
	v.SetTextSize(18)
	v.SetText(text)
	win := test.NewTempWindow(t, v)
	win.Resize(fyne.NewSize(w, h))
	return v, win
}

// assertGolden compares img with testdata/name.png, or rewrites it with
// -update. A mismatch is saved in testdata/failed/ for inspection.
func assertGolden(t *testing.T, name string, img image.Image) {
	t.Helper()
	path := filepath.Join("testdata", name+".png")
	if *update {
		writePNG(t, path, img)
		return
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("golden image: %v (run go test -update)", err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if diff := pixelDiff(want, img); diff != 0 {
		failed := filepath.Join("testdata", "failed", name+".png")
		writePNG(t, failed, img)
		t.Errorf("%s: %d pixels differ; got image saved as %s", path, diff, failed)
	}
}

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// pixelDiff counts pixels that differ by more than a rounding step.
func pixelDiff(a, b image.Image) int {
	if a.Bounds() != b.Bounds() {
		return a.Bounds().Dx()*a.Bounds().Dy() + 1
	}
	n := 0
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			p := color.NRGBAModel.Convert(a.At(x, y)).(color.NRGBA)
			q := color.NRGBAModel.Convert(b.At(x, y)).(color.NRGBA)
			if d(p.R, q.R) > 2 || d(p.G, q.G) > 2 || d(p.B, q.B) > 2 || d(p.A, q.A) > 2 {
				n++
			}
		}
	}
	return n
}

func d(a, b uint8) uint8 {
	if a > b {
		return a - b
	}
	return b - a
}

// find returns the code-point range of the first occurrence of sub in text.
func find(t *testing.T, text, sub string) (int, int) {
	t.Helper()
	i := strings.Index(text, sub)
	if i < 0 {
		t.Fatalf("%q not in text", sub)
	}
	start := annotate.RuneLen(text[:i])
	return start, start + annotate.RuneLen(sub)
}

var (
	red    = color.NRGBA{R: 0xe5, G: 0x39, B: 0x35, A: 0xff}
	green  = color.NRGBA{R: 0x2e, G: 0xa0, B: 0x43, A: 0xff}
	blue   = color.NRGBA{R: 0x1e, G: 0x6f, B: 0xe5, A: 0xff}
	orange = color.NRGBA{R: 0xf0, G: 0x8c, B: 0x00, A: 0xff}
)

func TestGolden(t *testing.T) {
	spansText := "قال الوزير إن والقاعدة الجديدة تعمل لصالح المواطنين في وزارة الداخلية منذ العام الماضي."
	tests := []struct {
		name   string
		text   string
		w, h   float32
		dir    Direction
		spans  func(t *testing.T, text string) []Span
		selFor string
		hide   bool
		hover  string // the pointer rests on this word
	}{
		{name: "arabic", w: 420, h: 170,
			text: "أعلن المجلس البلدي لا تأجيل للانتخابات، وقال رئيسه إن الاستعدادات اكتملت في كل الأحياء."},
		{name: "mixed", w: 460, h: 220,
			text: "نقلت وكالة Reuters عن مصدر في Blue Ocean Ltd أن الأرباح بلغت 250 مليون دولار (بزيادة 12%) يوم 05/03/2024، وقال \"المدير\" إن «النمو» مستمر."},
		{name: "harakat-tatweel-emoji", w: 420, h: 170,
			text: "كَتَبَ المُراسِلُ تقريراً طويــــلاً عن المهرجان 🙂 وقال إنَّ الحضورَ كان كبيراً."},
		{name: "paragraphs", w: 420, h: 260,
			text: "الفقرة الأولى قصيرة.\n\nThe second paragraph is in English, with عربي inside it.\nالفقرة الثالثة فيها أرقام ٣ و45 ونص (Latin) بين قوسين."},
		{name: "hide-marks", w: 420, h: 170, hide: true,
			text: "كَتَبَ المُراسِلُ تقريراً طويــــلاً عن المهرجان 🙂 وقال إنَّ الحضورَ كان كبيراً."},
		{name: "hover-label", w: 330, h: 120, hover: "الداخلية",
			text: "زار الوزير مقر وزارة الداخلية صباح اليوم.",
			spans: func(t *testing.T, text string) []Span {
				s, e := find(t, text, "وزارة الداخلية")
				return []Span{{ID: 1, Start: s, End: e, Color: blue, Label: "ORG"}}
			}},
		{name: "ltr-override", w: 420, h: 120, dir: LTR,
			text: "نص عربي مع اتجاه مفروض من اليسار."},
		{name: "spans", w: 330, h: 230, text: spansText, selFor: "منذ",
			spans: func(t *testing.T, text string) []Span {
				waw, _ := find(t, text, "والقاعدة")
				lam, _ := find(t, text, "لصالح")
				ms, me := find(t, text, "وزارة الداخلية")
				ds, de := find(t, text, "الداخلية")
				os, _ := find(t, text, "الجديدة")
				_, oe := find(t, text, "تعمل")
				cs, ce := find(t, text, "لصالح المواطنين في وزارة")
				vs, ve := find(t, text, "الوزير")
				return []Span{
					{ID: 1, Start: waw, End: waw + 1, Color: red, Label: "CONJ"},
					{ID: 2, Start: lam, End: lam + 1, Color: red, Label: "PREP"},
					{ID: 3, Start: ms, End: me, Color: blue, Label: "ORG"},
					{ID: 4, Start: ds, End: de, Color: green, Label: "ORG"},
					{ID: 5, Start: os, End: oe, Color: orange, Label: "EVENT"},
					{ID: 6, Start: cs, End: ce, Color: green, Label: "CLAIM"},
					{ID: 7, Start: vs, End: ve, Color: blue, Label: "ACTOR", Style: Suggested},
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, win := newView(t, tc.text, tc.w, tc.h)
			v.SetDirection(tc.dir)
			if tc.spans != nil {
				v.SetSpans(tc.spans(t, tc.text))
			}
			if tc.selFor != "" {
				v.SetSelection(find(t, tc.text, tc.selFor))
			}
			v.SetHideMarks(tc.hide)
			if tc.hover != "" {
				a, _ := find(t, tc.text, tc.hover)
				v.body.MouseIn(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: pos(t, v, a+1, 0)}})
			}
			assertGolden(t, tc.name, win.Canvas().Capture())
		})
	}
}

// pos returns the body position of the middle of grapheme [start,end)'s
// box, moved by frac of its width towards its left edge (frac < 0) or
// right edge (frac > 0).
func pos(t *testing.T, v *View, start int, frac float32) fyne.Position {
	t.Helper()
	l := v.Layout()
	for _, ln := range l.lines {
		for _, c := range ln.cells {
			if c.start == start {
				x := (c.x0+c.x1)/2 + frac*(c.x1-c.x0)/2
				return fyne.NewPos(x+v.padding(), ln.y+l.LineHeight()/2+v.padding())
			}
		}
	}
	t.Fatalf("no grapheme starts at %d", start)
	return fyne.Position{}
}

// drag presses at from, drags to to and releases, with modifiers held.
func drag(v *View, from, to fyne.Position, mods fyne.KeyModifier) {
	v.body.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: from}, Button: desktop.MouseButtonPrimary, Modifier: mods})
	v.body.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: to}, Dragged: fyne.NewDelta(to.X-from.X, to.Y-from.Y)})
	v.body.DragEnd()
	v.body.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: to}, Button: desktop.MouseButtonPrimary, Modifier: mods})
}

// TestDragSelectsWord drags across every word, in both directions, from
// its first grapheme to its last: the selection is exactly the word.
func TestDragSelectsWord(t *testing.T) {
	for name, text := range samples {
		t.Run(name, func(t *testing.T) {
			v, _ := newView(t, text, 380, 600)
			var got [2]int
			v.OnSelect = func(a, b int) { got = [2]int{a, b} }
			l := v.Layout()
			bounds := annotate.Boundaries(text)
			for i := 0; i+1 < len(bounds); i++ {
				a, b := l.Word(bounds[i], bounds[i+1])
				if a != bounds[i] || b-a < 2 || !l.word[a] {
					continue
				}
				last := b - 1
				for !l.IsBoundary(last) {
					last--
				}
				first, end := pos(t, v, a, 0.5), pos(t, v, last, -0.5)
				for _, way := range [][2]fyne.Position{{first, end}, {end, first}} {
					drag(v, way[0], way[1], 0)
					if got != [2]int{a, b} {
						t.Errorf("drag over %q selected [%d,%d) %q, want [%d,%d)", annotate.Slice(text, a, b), got[0], got[1], annotate.Slice(text, got[0], got[1]), a, b)
					}
				}
			}
		})
	}
}

// TestAltDragSelectsClitic selects one letter of a word with Alt held.
func TestAltDragSelectsClitic(t *testing.T) {
	text := "قالَت المصادر 🙂 إن والقاعدة تعمل لصالحِ السكان."
	v, _ := newView(t, text, 400, 200)
	for _, word := range []string{"والقاعدة", "لصالحِ"} {
		t.Run(word, func(t *testing.T) {
			a, _ := find(t, text, word)
			drag(v, pos(t, v, a, 0.6), pos(t, v, a, -0.6), fyne.KeyModifierAlt)
			if s, e := v.Selection(); s != a || e != a+1 {
				t.Errorf("Alt-drag over the first letter of %q selected %q", word, annotate.Slice(text, s, e))
			}
			drag(v, pos(t, v, a, 0.6), pos(t, v, a, -0.6), 0)
			if s, e := v.Selection(); s != a || e != a+annotate.RuneLen(word) {
				t.Errorf("drag without Alt selected %q, want the word %q", annotate.Slice(text, s, e), word)
			}
		})
	}
}

func TestShiftClickExtends(t *testing.T) {
	text := "قالَ 🙂 المتحدث باسم الوزارة إن الاجتماع انتهى."
	v, _ := newView(t, text, 400, 200)
	a, _ := find(t, text, "المتحدث")
	c, e := find(t, text, "الاجتماع")
	drag(v, pos(t, v, a, 0), pos(t, v, a+2, 0), 0)
	p := pos(t, v, c+3, 0)
	v.body.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: p}, Button: desktop.MouseButtonPrimary, Modifier: fyne.KeyModifierShift})
	v.body.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: p}, Button: desktop.MouseButtonPrimary, Modifier: fyne.KeyModifierShift})
	v.body.Tapped(&fyne.PointEvent{Position: p})
	if s, z := v.Selection(); s != a || z != e {
		t.Errorf("Shift+click selected %q, want from المتحدث to الاجتماع", annotate.Slice(text, s, z))
	}
}

func TestDoubleTapSelectsWord(t *testing.T) {
	text := "وقَّعت 🙂 الحكومة والمعارضة اتفاقاً."
	a, b := find(t, text, "والمعارضة")
	tests := []struct {
		name  string
		pause time.Duration
		move  float32 // how far the second tap is from the first
		word  bool
	}{
		{"quick, same place", 100 * time.Millisecond, 0, true},
		{"quick, a pixel off", 100 * time.Millisecond, 1, true},
		{"too slow", time.Second, 0, false},
		{"elsewhere", 100 * time.Millisecond, 30, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, _ := newView(t, text, 400, 200)
			clock := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
			v.now = func() time.Time { return clock }
			var spans []uint64
			v.SetSpans([]Span{{ID: 7, Start: a, End: b}})
			v.OnSpanTapped = func(id uint64) { spans = append(spans, id) }
			p := pos(t, v, a+4, 0)
			v.body.Tapped(&fyne.PointEvent{Position: p})
			// The first tap is not held back: it has placed the caret and
			// reported the span already.
			if s, e := v.Selection(); s != e || len(spans) != 1 {
				t.Fatalf("after one tap: selection [%d,%d), spans %v", s, e, spans)
			}
			clock = clock.Add(tt.pause)
			v.body.Tapped(&fyne.PointEvent{Position: p.AddXY(tt.move, 0)})
			s, e := v.Selection()
			if got := s == a && e == b; got != tt.word {
				t.Errorf("second tap selected %q; a word: %v, want %v", annotate.Slice(text, s, e), got, tt.word)
			}
		})
	}
}

func TestSpanTapped(t *testing.T) {
	text := "زارَ 🙂 رئيس بلدية المدينة الحي القديم."
	v, _ := newView(t, text, 400, 200)
	os, oe := find(t, text, "رئيس بلدية المدينة")
	is, ie := find(t, text, "بلدية المدينة")
	v.SetSpans([]Span{{ID: 10, Start: os, End: oe}, {ID: 11, Start: is, End: ie}})
	var got []uint64
	v.OnSpanTapped = func(id uint64) { got = append(got, id) }
	v.body.Tapped(&fyne.PointEvent{Position: pos(t, v, os+1, 0)})
	v.body.Tapped(&fyne.PointEvent{Position: pos(t, v, is+1, 0)})
	v.body.Tapped(&fyne.PointEvent{Position: pos(t, v, 0, 0)})
	if len(got) != 2 || got[0] != 10 || got[1] != 11 {
		t.Errorf("tapped spans %v, want [10 11] (innermost span wins, none outside)", got)
	}
	// A selection made for the tapped span stays.
	v.OnSpanTapped = func(uint64) { v.SetSelection(is, ie) }
	v.body.Tapped(&fyne.PointEvent{Position: pos(t, v, is+1, 0)})
	if a, b := v.Selection(); a != is || b != ie {
		t.Errorf("selection after tapping a span is [%d,%d), want the span [%d,%d)", a, b, is, ie)
	}
}

func TestKeyboard(t *testing.T) {
	text := "كَتَبَ المراسل 🙂 تقريراً\nEnglish line here"
	v, win := newView(t, text, 400, 200)
	win.Canvas().Focus(v)
	key := func(k fyne.KeyName) { v.TypedKey(&fyne.KeyEvent{Name: k}) }
	shortcut := func(k fyne.KeyName, m fyne.KeyModifier) {
		v.TypedShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: m})
	}
	steps := []struct {
		name       string
		do         func()
		start, end int
	}{
		{"left goes forward in arabic, over a letter and its haraka", func() { key(fyne.KeyLeft) }, 2, 2},
		{"right goes back", func() { key(fyne.KeyRight) }, 0, 0},
		{"ctrl+left jumps a word", func() { shortcut(fyne.KeyLeft, fyne.KeyModifierControl) }, 6, 6},
		{"shift extends by whole words, leaving out the space", func() {
			v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
			key(fyne.KeyLeft)
			key(fyne.KeyLeft)
			v.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
		}, 7, 16},
		{"ctrl+shift+left extends by word", func() {
			shortcut(fyne.KeyLeft, fyne.KeyModifierControl|fyne.KeyModifierShift)
		}, 7, 24},
		{"a typed label key keeps the selection", func() {
			key(fyne.Key1)
			v.TypedRune('1')
		}, 7, 24},
		{"end goes to the line end", func() { key(fyne.KeyEnd) }, 24, 24},
		{"left at a paragraph end steps into the next", func() { key(fyne.KeyLeft) }, 25, 25},
		{"right in an english paragraph goes forward", func() { key(fyne.KeyRight) }, 26, 26},
		{"home goes to the line start", func() { key(fyne.KeyHome) }, 25, 25},
		{"left goes back in english, over the newline", func() { key(fyne.KeyLeft) }, 24, 24},
		{"down keeps the x: from the right of the arabic line to the end of the english one", func() {
			v.SetSelection(2, 2)
			key(fyne.KeyDown)
		}, 42, 42},
		{"up from there lands left of the arabic text, at its end", func() { key(fyne.KeyUp) }, 24, 24},
		{"ctrl+end goes to the end of the text", func() { shortcut(fyne.KeyEnd, fyne.KeyModifierControl) }, 42, 42},
		{"ctrl+shift+home selects back to the start", func() {
			shortcut(fyne.KeyHome, fyne.KeyModifierControl|fyne.KeyModifierShift)
		}, 0, 42},
		{"emoji is one step", func() {
			v.SetSelection(16, 16)
			key(fyne.KeyLeft)
		}, 17, 17},
		{"alt+shift extends by letters", func() {
			shortcut(fyne.KeyLeft, fyne.KeyModifierAlt|fyne.KeyModifierShift)
			shortcut(fyne.KeyLeft, fyne.KeyModifierAlt|fyne.KeyModifierShift)
		}, 17, 19},
		{"shift without alt takes the rest of the word", func() {
			v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
			key(fyne.KeyLeft)
			v.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
		}, 17, 24},
		{"shift+right from a caret inside a word takes the word", func() {
			v.SetSelection(9, 9)
			v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
			key(fyne.KeyRight)
			v.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
		}, 7, 14},
	}
	for _, s := range steps {
		s.do()
		if a, b := v.Selection(); a != s.start || b != s.end {
			t.Errorf("%s: selection [%d,%d), want [%d,%d)", s.name, a, b, s.start, s.end)
		}
	}
}

func TestOnKeyConsumes(t *testing.T) {
	v, _ := newView(t, "اختبار المفاتيح هنا", 400, 200)
	v.SetSelection(0, 6)
	var keys []fyne.KeyName
	var runes []rune
	v.OnKey = func(e *fyne.KeyEvent) bool { keys = append(keys, e.Name); return e.Name == fyne.KeyLeft }
	v.OnRune = func(r rune) bool { runes = append(runes, r); return true }
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
	v.TypedRune('2')
	if a, b := v.Selection(); a != 0 || b != 6 {
		t.Errorf("consumed key changed the selection to [%d,%d)", a, b)
	}
	if len(keys) != 1 || len(runes) != 1 || runes[0] != '2' {
		t.Errorf("OnKey saw %v, OnRune saw %q", keys, runes)
	}
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	if a, b := v.Selection(); a != b {
		t.Errorf("unconsumed arrow left the selection [%d,%d)", a, b)
	}
	// What neither the callbacks nor the view use reaches the window.
	var winKeys []fyne.KeyName
	var winRunes []rune
	c := fyne.CurrentApp().Driver().CanvasForObject(v)
	c.SetOnTypedKey(func(e *fyne.KeyEvent) { winKeys = append(winKeys, e.Name) })
	c.SetOnTypedRune(func(r rune) { winRunes = append(winRunes, r) })
	v.OnRune = func(r rune) bool { return r == '2' }
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyF1})
	v.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	v.TypedRune('2')
	v.TypedRune('x')
	if len(winKeys) != 1 || winKeys[0] != fyne.KeyF1 || string(winRunes) != "x" {
		t.Errorf("window saw keys %v and runes %q, want [F1] and \"x\"", winKeys, string(winRunes))
	}
}

// TestDrawsOnlyVisibleLines checks that a long article gets canvas objects
// for the lines in view only, also after scrolling to its end.
func TestDrawsOnlyVisibleLines(t *testing.T) {
	v, win := newView(t, benchArticle(5000), 800, 600)
	win.Canvas().Capture()
	l := v.Layout()
	visible := int(600/l.LineHeight()) + 2
	texts := func() (n int, minY, maxY float32) {
		minY, maxY = 1e9, -1e9
		for _, o := range test.WidgetRenderer(v.body).Objects() {
			if _, ok := o.(*canvas.Text); ok {
				n++
				minY, maxY = min(minY, o.Position().Y), max(maxY, o.Position().Y)
			}
		}
		return n, minY, maxY
	}
	n, minY, maxY := texts()
	if lines := int(maxY/l.LineHeight()) + 1; lines > visible || n == 0 || minY < 0 {
		t.Errorf("%d texts down to line %d drawn, want at most %d lines", n, lines, visible)
	}
	end := l.Len() - 1
	v.ScrollToOffset(end)
	_, y := l.Point(end)
	n, minY, maxY = texts()
	if n == 0 || minY < v.scroll.Offset.Y-l.LineHeight() || maxY < y {
		t.Errorf("after scrolling to the end, %d texts drawn from y=%v to %v; offset %v, last line at %v", n, minY, maxY, v.scroll.Offset.Y, y)
	}
}

// TestPiecesMeasureAsDrawn checks every drawn piece of the samples against
// the width Fyne itself gives the canvas.Text it becomes: the layout
// measures with the face the painter draws with.
func TestPiecesMeasureAsDrawn(t *testing.T) {
	test.NewTempApp(t)
	fs := loadFonts()
	for name, text := range samples {
		t.Run(name, func(t *testing.T) {
			l := NewLayout(text, 300, Options{Size: 18})
			for _, ln := range l.lines {
				for _, p := range ln.pieces {
					if p.face == faceNone {
						continue
					}
					ct := canvas.NewText(p.text, color.Black)
					ct.TextSize, ct.FontSource = 18, fs.res[p.face]
					if got := ct.MinSize().Width; abs32(got-p.w) > 0.5 {
						t.Errorf("piece %q measured %v wide, Fyne draws it %v wide", p.text, p.w, got)
					}
				}
			}
		})
	}
}

// TestShortcuts checks the view's own shortcuts, that OnShortcut sees
// shortcuts first, and that the rest reach the window's shortcuts.
func TestShortcuts(t *testing.T) {
	text := "نصٌّ 🙂 قصير للاختبار"
	v, win := newView(t, text, 400, 200)
	win.Canvas().Focus(v)
	saved, zoomed := 0, 0
	save := &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierControl}
	zoom := &desktop.CustomShortcut{KeyName: fyne.KeyPlus, Modifier: fyne.KeyModifierControl}
	win.Canvas().AddShortcut(save, func(fyne.Shortcut) { saved++ })
	win.Canvas().AddShortcut(zoom, func(fyne.Shortcut) { t.Error("a consumed shortcut reached the window") })
	v.OnShortcut = func(s fyne.Shortcut) bool {
		if s.ShortcutName() == zoom.ShortcutName() {
			zoomed++
			return true
		}
		return false
	}
	v.TypedShortcut(save)
	v.TypedShortcut(zoom)
	if saved != 1 || zoomed != 1 {
		t.Errorf("window shortcut ran %d times, OnShortcut consumed %d, want 1 and 1", saved, zoomed)
	}
	v.TypedShortcut(&fyne.ShortcutSelectAll{})
	if a, b := v.Selection(); a != 0 || b != annotate.RuneLen(text) {
		t.Errorf("select all gave [%d,%d)", a, b)
	}
	v.SetSelection(find(t, text, "قصير"))
	clip := test.NewClipboard()
	v.TypedShortcut(&fyne.ShortcutCopy{Clipboard: clip})
	if got := clip.Content(); got != "قصير" {
		t.Errorf("copied %q, want %q", got, "قصير")
	}
}

// TestDragPastEdgeScrolls checks that dragging below the view scrolls it
// and extends the selection.
func TestDragPastEdgeScrolls(t *testing.T) {
	v, _ := newView(t, benchArticle(300), 400, 200)
	from := pos(t, v, 0, 0)
	below := fyne.NewPos(from.X, 260)
	drag(v, from, below, 0)
	if v.scroll.Offset.Y <= 0 {
		t.Errorf("drag past the bottom left the offset at %v", v.scroll.Offset.Y)
	}
	if a, b := v.Selection(); a != 0 || b == 0 {
		t.Errorf("drag past the bottom selected [%d,%d)", a, b)
	}
}

// TestTextsKeptAcrossRepaints checks that a selection change or a scroll
// keeps the canvas.Text of every piece still in view, so a GL painter keeps
// its texture instead of rasterising the glyphs again.
func TestTextsKeptAcrossRepaints(t *testing.T) {
	v, win := newView(t, benchArticle(600), 500, 300)
	win.Canvas().Capture()
	texts := func() map[*canvas.Text]string {
		out := map[*canvas.Text]string{}
		for _, o := range test.WidgetRenderer(v.body).Objects() {
			if txt, ok := o.(*canvas.Text); ok {
				out[txt] = txt.Text
			}
		}
		return out
	}
	before := texts()
	v.SetSelection(10, 40)
	v.SetSpans([]Span{{ID: 1, Start: 5, End: 30, Color: red}})
	after := texts()
	for o, s := range before {
		if after[o] != s {
			t.Fatalf("text %q was replaced by a selection or span change", s)
		}
	}
	lh := v.Layout().LineHeight()
	v.scroll.ScrollToOffset(fyne.NewPos(0, 2*lh))
	v.body.Refresh()
	kept := 0
	for o, s := range texts() {
		if before[o] == s {
			kept++
		} else if before[o] != "" {
			t.Errorf("text object moved from %q to %q", before[o], s)
		}
	}
	if kept == 0 {
		t.Error("scrolling two lines replaced every text object")
	}
}
