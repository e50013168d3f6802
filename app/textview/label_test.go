package textview

import (
	"cmp"
	"image"
	"image/color"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/rivo/uniseg"
)

// Titles that Fyne's own labels misplace: digits after Arabic, a Latin
// name inside Arabic, brackets next to numbers.
const (
	titleNumber   = "نشرة رقم 158"
	titleLatin    = "شركة نوفا تك NovaTech تعلن أرباحاً بنسبة 12%"
	titleBrackets = "(قرار 2024/7) [عاجل]"
	titleEnglish  = "Council approves the 2025 budget"
	titleLong     = "وزارة النقل تعلن افتتاح الطريق الساحلي الجديد بين المدينتين بعد ثلاث سنوات من العمل"
	titleMarks    = "كَتَبَ المُراسِلُ 🙂 تقريراً مطوّلاً"
)

// newLabel returns a label with text in a headless window w wide.
func newLabel(t *testing.T, text string, w float32) (*Label, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	l := NewLabel(text)
	win := test.NewTempWindow(t, l)
	win.Resize(fyne.NewSize(w, l.MinSize().Height+2*theme.Padding()))
	return l, win
}

// drawn returns the texts the label draws, left to right.
func drawn(t *testing.T, l *Label) []*canvas.Text {
	t.Helper()
	var ts []*canvas.Text
	for _, o := range test.TempWidgetRenderer(t, l).Objects() {
		if ct, ok := o.(*canvas.Text); ok {
			ts = append(ts, ct)
		}
	}
	slices.SortFunc(ts, func(a, b *canvas.Text) int { return cmp.Compare(a.Position().X, b.Position().X) })
	return ts
}

func texts(ts []*canvas.Text) []string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = t.Text
	}
	return s
}

func TestLabelGolden(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		w     float32
		setup func(*Label)
	}{
		{name: "label-number", text: titleNumber, w: 260},
		{name: "label-latin-name", text: titleLatin, w: 400},
		{name: "label-brackets", text: titleBrackets, w: 260},
		{name: "label-english", text: titleEnglish, w: 320},
		{name: "label-truncated", text: titleLong, w: 300},
		{name: "label-truncated-english", text: "The new coastal road between the two cities opens after three years", w: 300},
		{name: "label-bold-low", text: titleMarks, w: 300, setup: func(l *Label) {
			l.Bold, l.Importance = true, widget.LowImportance
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, win := newLabel(t, tc.text, tc.w)
			if tc.setup != nil {
				tc.setup(l)
				l.Refresh()
			}
			assertGolden(t, tc.name, win.Canvas().Capture())
		})
	}
}

// TestLabelVisualOrder checks the drawn pieces, left to right, against the
// order a reader expects, and that the line sits at the start of its
// direction: right for Arabic, left for English.
func TestLabelVisualOrder(t *testing.T) {
	tests := []struct {
		text string
		want []string // drawn texts, left to right; mirrored brackets as drawn
		rtl  bool
	}{
		{titleNumber, []string{"158", "رقم", "نشرة"}, true},
		// The percent sign follows the number in reading order, to its
		// left, as UAX #9 orders it after Arabic.
		{titleLatin, []string{"%", "12", "بنسبة", "أرباحاً", "تعلن", "NovaTech", "تك", "نوفا", "شركة"}, true},
		// Brackets come from the Latin face, each mirrored: the "[" on
		// the left is the closing "]", the ")" on the right the opening
		// "(". The number keeps its order inside.
		{titleBrackets, []string{"[", "عاجل", "]", "(", "2024", "/", "7", "قرار", ")"}, true},
		{titleEnglish, strings.Fields(titleEnglish), false},
		{"قال إن Blue Ocean Ltd ربحت", []string{"ربحت", "Blue", "Ocean", "Ltd", "إن", "قال"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			l, _ := newLabel(t, tc.text, 500)
			ts := drawn(t, l)
			if got := texts(ts); !slices.Equal(got, tc.want) {
				t.Fatalf("drawn left to right %q, want %q", got, tc.want)
			}
			// The order is the layout's: each piece where the bidi code
			// put it.
			lay := l.layoutShown(l.textSize(), l.Size().Width-2*l.padding())
			var fromLayout []string
			for _, p := range lay.lines[0].pieces {
				fromLayout = append(fromLayout, p.text)
			}
			if !slices.Equal(fromLayout, tc.want) {
				t.Errorf("layout pieces %q, want %q", fromLayout, tc.want)
			}
			pad := l.padding()
			first, last := ts[0], ts[len(ts)-1]
			right := last.Position().X + last.MinSize().Width
			if tc.rtl && abs32(right-(l.Size().Width-pad)) > 1 {
				t.Errorf("right-to-left line ends at %v, want %v", right, l.Size().Width-pad)
			}
			if !tc.rtl && abs32(first.Position().X-pad) > 1 {
				t.Errorf("left-to-right line starts at %v, want %v", first.Position().X, pad)
			}
		})
	}
}

func TestLabelAlignment(t *testing.T) {
	tests := []struct {
		text  string
		align fyne.TextAlign
		right bool // the line touches the right edge, else the left
	}{
		{titleNumber, fyne.TextAlignLeading, true},
		{titleNumber, fyne.TextAlignTrailing, false},
		{titleEnglish, fyne.TextAlignLeading, false},
		{titleEnglish, fyne.TextAlignTrailing, true},
	}
	for _, tc := range tests {
		l, _ := newLabel(t, tc.text, 500)
		l.Alignment = tc.align
		l.Refresh()
		ts := drawn(t, l)
		pad := l.padding()
		right := ts[len(ts)-1].Position().X + ts[len(ts)-1].MinSize().Width
		left := ts[0].Position().X
		if got := abs32(right-(l.Size().Width-pad)) < 1; got != tc.right {
			t.Errorf("%q aligned %v: line from %v to %v in a label %v wide", tc.text, tc.align, left, right, l.Size().Width)
		}
		if got := abs32(left-pad) < 1; got == tc.right {
			t.Errorf("%q aligned %v: line from %v to %v in a label %v wide", tc.text, tc.align, left, right, l.Size().Width)
		}
	}
	l, _ := newLabel(t, titleNumber, 500)
	l.Alignment = fyne.TextAlignCenter
	l.Refresh()
	ts := drawn(t, l)
	left, right := ts[0].Position().X, ts[len(ts)-1].Position().X+ts[len(ts)-1].MinSize().Width
	if abs32(left-(l.Size().Width-right)) > 1 {
		t.Errorf("centred line from %v to %v in a label %v wide", left, right, l.Size().Width)
	}
}

// graphemeEnds returns the code-point offsets where graphemes of s end,
// found independently of the layout.
func graphemeEnds(s string) map[int]bool {
	ends := map[int]bool{0: true}
	g := uniseg.NewGraphemes(s)
	n := 0
	for g.Next() {
		n += len(g.Runes())
		ends[n] = true
	}
	return ends
}

// TestLabelTruncate narrows labels step by step: what is drawn always fits,
// keeps a logical beginning of the text cut between graphemes, never
// shrinks as the label widens, and ends with the ellipsis on the side the
// text ends: the left for Arabic, the right for English.
func TestLabelTruncate(t *testing.T) {
	tests := []struct {
		text string
		rtl  bool
	}{
		{titleLong, true},
		{titleMarks, true},
		{titleLatin, true},
		{"The new coastal road between the two cities opens after three years", false},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			test.NewTempApp(t)
			o := Options{Size: 14}
			runes := []rune(tc.text)
			full := newLine(tc.text, o)
			markW := newLine(ellipsis, o).width
			ends := graphemeEnds(tc.text)
			prev := -1
			for w := float32(20); w < full.width; w += 3 {
				lay, cut := truncate(full, runes, w, o, ellipsis, markW)
				if lay.width > w && cut > 0 {
					t.Fatalf("at %v: drawn %v wide", w, lay.width)
				}
				if !ends[cut] {
					t.Fatalf("at %v: cut at %d, inside a grapheme", w, cut)
				}
				if cut < prev {
					t.Fatalf("at %v: cut at %d, before the %d of a narrower label", w, cut, prev)
				}
				prev = cut
				// The ellipsis is the last grapheme; it must be the
				// leftmost (right to left) or rightmost one.
				cells := lay.lines[0].cells
				mark := cells[len(cells)-1]
				for _, c := range cells[:len(cells)-1] {
					if tc.rtl && c.x0 < mark.x0 || !tc.rtl && c.x1 > mark.x1 {
						t.Fatalf("at %v: grapheme %d-%d drawn at %v-%v, beyond the ellipsis at %v-%v", w, c.start, c.end, c.x0, c.x1, mark.x0, mark.x1)
					}
				}
			}
			if prev <= 0 {
				t.Errorf("no width kept any text")
			}
		})
	}
}

// TestLabelTruncateKeepsJoining cuts inside an Arabic word: the last letter
// kept stays in its joining form, by a zero-width joiner after it.
func TestLabelTruncateKeepsJoining(t *testing.T) {
	test.NewTempApp(t)
	o := Options{Size: 14}
	text := "تعلن الحكومة"
	full := newLine(text, o)
	whole, markW := newLine("تعلن…", o).width, newLine(ellipsis, o).width
	lay, cut := truncate(full, []rune(text), whole-1, o, ellipsis, markW)
	if cut != 3 {
		t.Fatalf("cut at %d, want 3", cut)
	}
	ps := lay.lines[0].pieces
	if got := ps[len(ps)-1].text; got != "تعل"+zwj {
		t.Errorf("kept %q, want the letters with a joiner", got)
	}
	// At a space no joiner is added and the space goes.
	lay, cut = truncate(full, []rune(text), whole+1, o, ellipsis, markW)
	if cut != 4 {
		t.Fatalf("cut at %d, want 4", cut)
	}
	ps = lay.lines[0].pieces
	if got := ps[len(ps)-1].text; got != "تعلن" {
		t.Errorf("kept %q, want the whole word", got)
	}
}

func TestLabelClip(t *testing.T) {
	l, _ := newLabel(t, titleLong, 300)
	l.Truncation = fyne.TextTruncateClip
	l.Refresh()
	for _, ct := range drawn(t, l) {
		if strings.Contains(ct.Text, ellipsis) {
			t.Errorf("clipped label draws %q", ct.Text)
		}
	}
	if w := l.MinSize().Width; w != 2*l.padding() {
		t.Errorf("clipped label min width %v, want the padding %v", w, 2*l.padding())
	}
}

func TestLabelMinSize(t *testing.T) {
	l, _ := newLabel(t, titleLatin, 500)
	pad := l.padding()
	lay := l.layoutFull(l.textSize())
	h := widget.NewLabel("x").MinSize().Height
	if got := l.MinSize(); got.Height != h || got.Width >= 4*l.textSize() {
		t.Errorf("truncating label min size %v, want height %v and the width of an ellipsis", got, h)
	}
	l.Truncation = fyne.TextTruncateOff
	if got := l.MinSize(); got.Height != h || abs32(got.Width-(lay.width+2*pad)) > 0.01 {
		t.Errorf("untruncated label min size %v, want %v × %v", got, lay.width+2*pad, h)
	}
	l.SetText("")
	if got := l.MinSize(); got.Height != h {
		t.Errorf("empty label %v high, want %v", got.Height, h)
	}
	if n := len(drawn(t, l)); n != 0 {
		t.Errorf("empty label draws %d texts", n)
	}
}

// arabicTheme draws text in the bundled Arabic face, as the application's
// theme does, so a widget.Label measures its line with that face.
type arabicTheme struct{ fyne.Theme }

func (th arabicTheme) Font(s fyne.TextStyle) fyne.Resource {
	switch {
	case s.Monospace || s.Symbol:
		return th.Theme.Font(s)
	case s.Bold:
		return arabicBoldResource
	}
	return arabicResource
}

// inkRows returns the first and last rows of img, between x0 and x1,
// that hold a pixel of another colour than the background bg.
func inkRows(img image.Image, x0, x1 int, bg color.Color) (top, bottom int) {
	top, bottom = -1, -1
	r0, g0, b0, _ := bg.RGBA()
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := x0; x < x1; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if r != r0 || g != g0 || b != b0 {
				if top < 0 {
					top = y
				}
				bottom = y
				break
			}
		}
	}
	return top, bottom
}

// TestLabelBesideFyneLabel puts a Label and a widget.Label side by side in
// a row: the row is no taller than the widget.Label wants, and the same
// text is drawn on the same rows of pixels in both, so the baselines
// meet, with Fyne's theme and with a theme whose text face is Arabic.
// The line of Arabic with harakat drawn last shows its marks inside the
// label.
func TestLabelBesideFyneLabel(t *testing.T) {
	tests := []struct {
		name   string
		arabic bool // the theme's text face is the Arabic one
		text   string
		bold   bool
	}{
		{"fyne theme, latin", false, "Hxlg 2025", false},
		{"fyne theme, latin bold", false, "Hxlg 2025", true},
		{"arabic theme, latin", true, "Hxlg 2025", false},
		{"arabic theme, arabic", true, "بيت الكتب", false},
		{"arabic theme, arabic bold", true, "بيت الكتب", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := test.NewTempApp(t)
			if tc.arabic {
				a.Settings().SetTheme(arabicTheme{a.Settings().Theme()})
			}
			fl := widget.NewLabelWithStyle(tc.text, fyne.TextAlignLeading, fyne.TextStyle{Bold: tc.bold})
			l := NewLabel(tc.text)
			l.Bold = tc.bold
			l.Truncation = fyne.TextTruncateOff
			row := container.NewHBox(fl, l)
			win := test.NewTempWindow(t, row)
			win.Resize(row.MinSize().AddWidthHeight(2*theme.Padding(), 2*theme.Padding()))
			if got, want := l.MinSize().Height, fl.MinSize().Height; got != want {
				t.Fatalf("Label %v high, widget.Label %v", got, want)
			}
			img := win.Canvas().Capture()
			bg := theme.Color(theme.ColorNameBackground)
			fx, lx := int(fl.Position().X+theme.Padding()), int(l.Position().X+theme.Padding())
			ft, fb := inkRows(img, fx, fx+int(fl.Size().Width), bg)
			lt, lb := inkRows(img, lx, lx+int(l.Size().Width), bg)
			if ft < 0 || lt < 0 {
				t.Fatalf("nothing drawn: widget.Label rows %d–%d, Label rows %d–%d", ft, fb, lt, lb)
			}
			if ft != lt || fb != lb {
				t.Errorf("widget.Label draws rows %d–%d, Label rows %d–%d", ft, fb, lt, lb)
			}
		})
	}
	t.Run("harakat inside", func(t *testing.T) {
		for _, arabic := range []bool{false, true} {
			a := test.NewTempApp(t)
			if arabic {
				a.Settings().SetTheme(arabicTheme{a.Settings().Theme()})
			}
			l := NewLabel("قُرْبَ المَدِّ كَتَبَ")
			win := test.NewTempWindow(t, l)
			win.Resize(l.MinSize().AddWidthHeight(200, 2*theme.Padding()))
			top, bottom := inkRows(win.Canvas().Capture(), 0, int(l.Size().Width+2*theme.Padding()), theme.Color(theme.ColorNameBackground))
			y0, y1 := int(l.Position().Y), int(l.Position().Y+l.Size().Height)
			if top < y0 || bottom >= y1 {
				t.Errorf("arabic theme %v: marks drawn on rows %d–%d, outside the label's %d–%d", arabic, top, bottom, y0, y1-1)
			}
		}
	})
}

// textBaseline returns where the first text l draws has its baseline, as
// Fyne measures it.
func textBaseline(t *testing.T, l *Label) float32 {
	t.Helper()
	ts := drawn(t, l)
	if len(ts) == 0 {
		t.Fatalf("label %q draws nothing", l.Text())
	}
	_, base := fyne.CurrentApp().Driver().RenderedTextSize(ts[0].Text, ts[0].TextSize, ts[0].TextStyle, ts[0].FontSource)
	return ts[0].Position().Y + base
}

// TestLabelBaselineDirection lines an Arabic title up with interface text
// in either language: with BaselineDirection set, its baseline is that of
// a line of the chosen script; with Auto, that of its own.
func TestLabelBaselineDirection(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(arabicTheme{a.Settings().Theme()})
	baseline := func(text string, d Direction) float32 {
		l := NewLabel(text)
		l.BaselineDirection = d
		test.NewTempWindow(t, l).Resize(fyne.NewSize(300, l.MinSize().Height))
		return textBaseline(t, l)
	}
	latin, arabic := baseline("New · 3", Auto), baseline("جديد · 3", Auto)
	if latin >= arabic {
		t.Fatalf("latin line's baseline at %v, arabic line's at %v: the theme's face is not taller", latin, arabic)
	}
	for _, tc := range []struct {
		text string
		d    Direction
		want float32
	}{
		{"كَتَبَ المُراسِلُ 🙂", LTR, latin},
		{"كَتَبَ المُراسِلُ 🙂", RTL, arabic},
		{"كَتَبَ المُراسِلُ 🙂", Auto, arabic},
		{"NovaTech 2025 🙂", RTL, arabic},
		{"NovaTech 2025 🙂", Auto, latin},
	} {
		if got := baseline(tc.text, tc.d); abs32(got-tc.want) > 0.01 {
			t.Errorf("%q with baseline direction %v: baseline at %v, want %v", tc.text, tc.d, got, tc.want)
		}
	}
}

// TestLabelMissingGlyph draws a box for a character no bundled face has,
// between the words around it.
func TestLabelMissingGlyph(t *testing.T) {
	l, _ := newLabel(t, "رمز 𓀀 قديم", 300)
	ts := drawn(t, l)
	if got, want := texts(ts), []string{"قديم", "رمز"}; !slices.Equal(got, want) {
		t.Fatalf("drawn %q, want %q", got, want)
	}
	var boxes []*canvas.Rectangle
	for _, o := range test.TempWidgetRenderer(t, l).Objects() {
		if r, ok := o.(*canvas.Rectangle); ok && r.StrokeColor != nil {
			boxes = append(boxes, r)
		}
	}
	if len(boxes) != 1 {
		t.Fatalf("%d boxes drawn, want 1", len(boxes))
	}
	x0, x1 := boxes[0].Position().X, boxes[0].Position().X+boxes[0].Size().Width
	if x0 <= ts[0].Position().X+ts[0].MinSize().Width || x1 >= ts[1].Position().X {
		t.Errorf("box from %v to %v, not between %v and %v", x0, x1, ts[0].Position().X+ts[0].MinSize().Width, ts[1].Position().X)
	}
}

// TestLabelBoldMeasuresAsDrawn checks each bold piece against the width
// Fyne gives its canvas.Text.
func TestLabelBoldMeasuresAsDrawn(t *testing.T) {
	test.NewTempApp(t)
	for _, text := range []string{titleLatin, titleMarks, titleBrackets} {
		lay := newLine(text, Options{Size: 18, Bold: true})
		fs := loadStyle(true)
		for _, p := range lay.lines[0].pieces {
			ct := canvas.NewText(p.text, color.Black)
			ct.TextSize, ct.FontSource = 18, fs.res[p.face]
			if got := ct.MinSize().Width; abs32(got-p.w) > 0.5 {
				t.Errorf("bold piece %q measured %v wide, Fyne draws it %v wide", p.text, p.w, got)
			}
		}
		if reg := newLine(text, Options{Size: 18}); reg.width >= lay.width {
			t.Errorf("%q: bold %v wide, regular %v", text, lay.width, reg.width)
		}
	}
}

// TestLabelLineBreaks shows breaks as spaces, on one line.
func TestLabelLineBreaks(t *testing.T) {
	l, _ := newLabel(t, "سطر أول\nسطر ثان", 500)
	if got, want := texts(drawn(t, l)), []string{"ثان", "سطر", "أول", "سطر"}; !slices.Equal(got, want) {
		t.Errorf("drawn %q, want %q", got, want)
	}
	if l.Text() != "سطر أول\nسطر ثان" {
		t.Errorf("Text() = %q", l.Text())
	}
}

func TestLabelImportance(t *testing.T) {
	l, _ := newLabel(t, titleNumber, 300)
	fg := drawn(t, l)[0].Color
	l.Importance = widget.LowImportance
	l.Refresh()
	if low := drawn(t, l)[0].Color; low == fg {
		t.Errorf("low importance drawn in the foreground colour %v", fg)
	}
}

// BenchmarkLabelSetText sets typical titles on a label 360 units wide, as
// scrolling a document list does: warm with their words in the shaping
// cache, cold with an empty cache (every word shaped).
func BenchmarkLabelSetText(b *testing.B) {
	test.NewTempApp(b)
	titles := []string{titleNumber, titleLatin, titleBrackets, titleEnglish, titleLong, titleMarks}
	for i := range 20 {
		titles = append(titles, string([]rune(benchSentences[i%len(benchSentences)])[:20+i]))
	}
	l := NewLabel("")
	w := test.NewTempWindow(b, l)
	w.Resize(fyne.NewSize(360, 50))
	for _, cold := range []bool{false, true} {
		name := "warm"
		if cold {
			name = "cold"
		}
		b.Run(name, func(b *testing.B) {
			i := 0
			b.ReportAllocs()
			for b.Loop() {
				if cold {
					theShaper.mu.Lock()
					theShaper.cache = nil
					theShaper.mu.Unlock()
				}
				l.SetText(titles[i%len(titles)])
				i++
			}
		})
	}
}
