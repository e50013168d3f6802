package textview

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// paraMixed mixes Arabic with harakat, a Latin name, a percentage, a
// year and an emoji.
const paraMixed = "قال المدير التنفيذي لشركة NovaTech إن أرباحها ارتفعت بنسبة 12% في 2025 🙂، وإن الفرع الجديد قُرْبَ الميناء سيُفتتح قريباً."

// newParagraph returns a paragraph with text in a headless window w wide,
// as high as the paragraph wants.
func newParagraph(t *testing.T, text string, w float32) (*Paragraph, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	p := NewParagraph(text)
	win := test.NewTempWindow(t, container.NewVBox(p))
	win.Resize(fyne.NewSize(w, 400))
	win.Resize(fyne.NewSize(w, p.MinSize().Height+2*theme.Padding()))
	return p, win
}

func TestParagraphGolden(t *testing.T) {
	tests := []struct {
		name string
		text string
		w    float32
	}{
		{"paragraph-mixed-wide", paraMixed, 420},
		{"paragraph-mixed-narrow", paraMixed, 220},
		{"paragraph-english-narrow", "Council approves the 2025 budget of 12% more 🙂 after a long debate", 220},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, win := newParagraph(t, tc.text, tc.w)
			assertGolden(t, tc.name, win.Canvas().Capture())
		})
	}
}

// lineTexts returns the texts the paragraph draws, line by line, each
// line left to right.
func lineTexts(t *testing.T, p *Paragraph) [][]string {
	t.Helper()
	byY := map[float32][]*canvas.Text{}
	var ys []float32
	for _, o := range test.TempWidgetRenderer(t, p).Objects() {
		if ct, ok := o.(*canvas.Text); ok {
			y := ct.Position().Y + ct.MinSize().Height // below the text
			found := false
			for _, k := range ys {
				if abs32(k-y) < p.textSize()/2 {
					byY[k] = append(byY[k], ct)
					found = true
					break
				}
			}
			if !found {
				ys = append(ys, y)
				byY[y] = []*canvas.Text{ct}
			}
		}
	}
	slices.Sort(ys)
	var lines [][]string
	for _, y := range ys {
		ts := byY[y]
		slices.SortFunc(ts, func(a, b *canvas.Text) int {
			switch {
			case a.Position().X < b.Position().X:
				return -1
			case a.Position().X > b.Position().X:
				return 1
			}
			return 0
		})
		lines = append(lines, texts(ts))
	}
	return lines
}

// TestParagraphWraps narrows a paragraph: it takes more lines, its
// minimum height grows with them, every line fits and starts on the
// right, and the words keep their reading order.
func TestParagraphWraps(t *testing.T) {
	wide, _ := newParagraph(t, paraMixed, 420)
	narrow, _ := newParagraph(t, paraMixed, 220)
	nw, nn := len(wide.layout(wide.textSize()).lines), len(narrow.layout(narrow.textSize()).lines)
	if nw < 2 || nn <= nw {
		t.Fatalf("%d lines at 420, %d at 220; want more than one, and more when narrower", nw, nn)
	}
	for _, p := range []*Paragraph{wide, narrow} {
		lay := p.layout(p.textSize())
		step := pitch(lay, fyneLine(p.textSize(), false))
		if got, want := p.MinSize().Height, float32(len(lay.lines))*step+2*p.padding(); got != want {
			t.Errorf("%v wide: min height %v, want %d lines: %v", p.Size().Width, got, len(lay.lines), want)
		}
		if p.Size().Height < p.MinSize().Height {
			t.Errorf("%v wide: given %v, less than its min height %v", p.Size().Width, p.Size().Height, p.MinSize().Height)
		}
		right := p.Size().Width - p.padding()
		for _, ct := range drawnParagraph(t, p) {
			if x := ct.Position().X; x < p.padding()-0.5 || x+ct.MinSize().Width > right+0.5 {
				t.Errorf("%v wide: %q drawn from %v to %v, outside %v–%v", p.Size().Width, ct.Text, x, x+ct.MinSize().Width, p.padding(), right)
			}
		}
	}
	// The first line of the wide paragraph, left to right.
	if got, want := lineTexts(t, wide)[0], []string{"%", "12", "بنسبة", "ارتفعت", "أرباحها", "إن", "NovaTech", "لشركة", "التنفيذي", "المدير", "قال"}; !slices.Equal(got, want) {
		t.Errorf("first line drawn %q, want %q", got, want)
	}
	// The number and its sign stay together, in reading order, wherever
	// the line breaks.
	for _, ln := range lineTexts(t, narrow) {
		if i := slices.Index(ln, "12"); i >= 0 && (i == 0 || ln[i-1] != "%") {
			t.Errorf("line %q: the percent sign is not left of 12", ln)
		}
	}
}

func drawnParagraph(t *testing.T, p *Paragraph) []*canvas.Text {
	t.Helper()
	var ts []*canvas.Text
	for _, o := range test.TempWidgetRenderer(t, p).Objects() {
		if ct, ok := o.(*canvas.Text); ok {
			ts = append(ts, ct)
		}
	}
	return ts
}

// TestParagraphFollowsWidth resizes a paragraph in a box: the box grows
// and shrinks with the lines, and an empty paragraph is one line high.
func TestParagraphFollowsWidth(t *testing.T) {
	p, win := newParagraph(t, paraMixed, 420)
	h := p.MinSize().Height
	win.Resize(fyne.NewSize(220, win.Canvas().Size().Height))
	if got := p.MinSize().Height; got <= h {
		t.Errorf("narrowed: min height %v, not more than %v", got, h)
	}
	win.Resize(fyne.NewSize(420, win.Canvas().Size().Height))
	if got := p.MinSize().Height; got != h {
		t.Errorf("widened again: min height %v, want %v", got, h)
	}
	p.SetText("")
	one := pitch(p.layout(p.textSize()), fyneLine(p.textSize(), false)) + 2*p.padding()
	if got, want := p.MinSize().Height, one; got != want || got < widget.NewLabel("").MinSize().Height {
		t.Errorf("empty paragraph %v high, want one line: %v", got, want)
	}
	if n := len(drawnParagraph(t, p)); n != 0 {
		t.Errorf("empty paragraph draws %d texts", n)
	}
}

// TestParagraphLineBreaks starts a new paragraph at a line break, each in
// its own direction.
func TestParagraphLineBreaks(t *testing.T) {
	p, _ := newParagraph(t, "سطر أول\nSecond line", 400)
	got := lineTexts(t, p)
	want := [][]string{{"أول", "سطر"}, {"Second", "line"}}
	if len(got) != 2 || !slices.Equal(got[0], want[0]) || !slices.Equal(got[1], want[1]) {
		t.Fatalf("drawn %q, want %q", got, want)
	}
	ts := drawnParagraph(t, p)
	for _, ct := range ts {
		switch ct.Text {
		case "Second":
			if abs32(ct.Position().X-p.padding()) > 0.5 {
				t.Errorf("left-to-right line starts at %v, want %v", ct.Position().X, p.padding())
			}
		case "سطر":
			if r := ct.Position().X + ct.MinSize().Width; abs32(r-(p.Size().Width-p.padding())) > 0.5 {
				t.Errorf("right-to-left line ends at %v, want %v", r, p.Size().Width-p.padding())
			}
		}
	}
}

// BenchmarkParagraphResize narrows and widens a paragraph of mixed text,
// as dragging the side panel's edge does: each step lays the text out
// again and places its lines.
func BenchmarkParagraphResize(b *testing.B) {
	test.NewTempApp(b)
	p := NewParagraph(paraMixed)
	test.NewTempWindow(b, p)
	w := float32(220)
	b.ReportAllocs()
	for b.Loop() {
		p.Resize(fyne.NewSize(w, 200))
		w++
		if w > 420 {
			w = 220
		}
	}
}
