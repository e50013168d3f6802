package textview

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
)

// TestRoomOnlyWhereNeeded shows label tags for one span: only the line it
// starts on gets the taller row, the blank line between paragraphs is
// under a line high, and offsets do not move.
func TestRoomOnlyWhereNeeded(t *testing.T) {
	text := strings.Repeat("أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في المدينة. ", 6) + "\n\n" +
		strings.Repeat("وقال الوزير إن العمل سيبدأ الأسبوع المقبل. ", 6)
	v, _ := newView(t, text, 400, 800)
	plain := v.Layout()
	lh := plain.LineHeight()
	var before []float32
	for _, ln := range plain.lines {
		before = append(before, ln.y)
	}
	a, b := find(t, text, "الوزير")
	v.SetSpans([]Span{{ID: 1, Start: a, End: b, Label: "ACTOR"}})
	v.SetShowLabels(true)
	l := v.Layout()
	tagged := l.lineOf(a)
	if len(l.lines) != len(before) {
		t.Fatalf("%d lines with tags, %d without", len(l.lines), len(before))
	}
	for i, ln := range l.lines {
		want := lh
		switch {
		case i == tagged:
			want = l.roomH
		case ln.start == ln.end:
			want = l.emptyH()
		}
		if ln.h != want {
			t.Errorf("line %d (%q) is %v high, want %v", i, lineText(text, ln), ln.h, want)
		}
		if ln.start == ln.end && (ln.h < lh/2 || ln.h > lh) {
			t.Errorf("the blank line between paragraphs on line %d is %v high, want between half a line and a line (%v)", i, ln.h, lh)
		}
	}
	if l.roomH <= lh {
		t.Fatalf("a line with tags is %v high, no taller than a plain one (%v)", l.roomH, lh)
	}
	if got, want := l.Height(), float32(len(l.lines)-2)*lh+l.roomH+l.emptyH(); got != want {
		t.Errorf("text height %v, want %v", got, want)
	}
	// A point on each line still hits that line.
	for i, ln := range l.lines {
		if got := l.lineAt(ln.y + ln.h - 0.5); got != i {
			t.Errorf("the bottom of line %d hits line %d", i, got)
		}
	}
	v.SetSpans(nil)
	for i, ln := range v.Layout().lines {
		if ln.y != before[i] {
			t.Errorf("without spans line %d is at %v, was %v", i, ln.y, before[i])
		}
	}
}

func lineText(text string, ln line) string { return string([]rune(text)[ln.start:ln.end]) }

// TestWheelScrollsLines turns the wheel one notch down and back: the text
// moves by three lines.
func TestWheelScrollsLines(t *testing.T) {
	v, _ := newView(t, benchArticle(2000), 600, 400)
	lh := v.Layout().LineHeight()
	v.body.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -wheelNotch)})
	if got := v.scroll.Offset.Y; got != linesPerNotch*lh {
		t.Errorf("one notch scrolled %v, want %v lines of %v", got, linesPerNotch, lh)
	}
	v.body.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, wheelNotch)})
	if got := v.scroll.Offset.Y; got != 0 {
		t.Errorf("a notch back left the text scrolled by %v", got)
	}
}
