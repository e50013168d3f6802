package textview

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"alama/annotate"
	"alama/annotate/arabic"
)

// selectArticle is an original news text with what real drags trip over:
// dates with digits and brackets, quotations, Latin names, harakat,
// punctuation against words, an emoji and paragraph breaks.
const selectArticle = "قالت مصادر دبلوماسية إن هجمات 11 أيلول (سبتمبر) 2001 غيّرت سياسة مجلس الأمن الدولي تجاه المنطقة، " +
	"وأضافت أن الوزير صرّح قائلاً: \"كان الإرهاب خطراً على الجميع\" قبل أن يغادر القاعة متجاوزا الصحافيين.\n\n" +
	"وفي 22 آذار (مارس) الماضي، نقلت وكالة Reuters عن مسؤول 🙂 أن نسبة النمو بلغت 3.5% خلال العام، " +
	"وَقالَ شاهدٌ إنَّ الطريقَ أُغلِقَ لساعاتٍ.\nThe English line, with عربي inside, ends here."

// tokenEdges returns the offsets where a token of text starts and where
// one ends, from the tokenizer itself.
func tokenEdges(text string) (starts, ends map[int]bool, toks []arabic.Token) {
	starts, ends = map[int]bool{}, map[int]bool{}
	toks = arabic.Tokenize(text)
	for _, t := range toks {
		starts[t.Start], ends[t.End] = true, true
	}
	return starts, ends, toks
}

// checkWhole fails unless [a, b) is empty or whole tokens of text.
func checkWhole(t *testing.T, text string, a, b int, starts, ends map[int]bool, what string) {
	t.Helper()
	if a == b {
		return
	}
	s := annotate.Slice(text, a, b)
	r := []rune(s)
	if a > b || !starts[a] || !ends[b] || unicode.IsSpace(r[0]) || unicode.IsSpace(r[len(r)-1]) {
		t.Fatalf("%s selected [%d,%d) %q: not whole words", what, a, b, s)
	}
}

// dragPath presses at from, drags through the points between in steps
// and releases at to, as the driver does.
func dragPath(v *View, from, to fyne.Position, steps int, mods fyne.KeyModifier) {
	v.body.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: from}, Button: desktop.MouseButtonPrimary, Modifier: mods})
	prev := from
	for i := 1; i <= steps; i++ {
		f := float32(i) / float32(steps)
		p := fyne.NewPos(from.X+(to.X-from.X)*f, from.Y+(to.Y-from.Y)*f)
		v.body.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: p}, Dragged: fyne.NewDelta(p.X-prev.X, p.Y-prev.Y)})
		prev = p
	}
	v.body.DragEnd()
	v.body.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: to}, Button: desktop.MouseButtonPrimary, Modifier: mods})
}

// tokenUnder returns the token whose grapheme box holds body point p, if
// any: the word the pointer is visibly on.
func tokenUnder(v *View, toks []arabic.Token, p fyne.Position) (arabic.Token, bool) {
	l := v.Layout()
	x, y := v.point(p)
	if y < 0 || y >= l.Height() {
		return arabic.Token{}, false
	}
	ln := &l.lines[l.lineAt(y)]
	for _, c := range ln.cells {
		if x >= c.x0 && x < c.x1 {
			for _, t := range toks {
				if t.Start <= c.start && c.start < t.End {
					return t, true
				}
			}
		}
	}
	return arabic.Token{}, false
}

// TestRandomDragsSelectWholeWords drags thousands of times between random
// points of the view, through its own input handlers: in the text, in the
// gaps between words, in the margins, past the ends of lines, across
// wrapped lines and paragraphs, in both directions, at several widths and
// text sizes, with label tags and without. Every selection made without
// Alt is whole words or nothing, and holds the words the drag started and
// ended on.
func TestRandomDragsSelectWholeWords(t *testing.T) {
	starts, ends, toks := tokenEdges(selectArticle)
	rng := rand.New(rand.NewSource(17))
	drags := 0
	for _, w := range []float32{260, 480, 900} {
		for _, size := range []float32{12, 18, 27} {
			for _, tags := range []bool{false, true} {
				t.Run(fmt.Sprintf("w%v/size%v/tags%v", w, size, tags), func(t *testing.T) {
					v, _ := newView(t, selectArticle, w, 2000)
					v.SetTextSize(size)
					if tags {
						var spans []Span
						for i, tk := range toks {
							if i%4 == 0 {
								spans = append(spans, Span{ID: uint64(i + 1), Start: tk.Start, End: tk.End, Label: "PERSON"})
							}
						}
						v.SetSpans(spans)
						v.SetShowLabels(true)
					}
					var got [2]int
					reported := false
					v.OnSelect = func(a, b int) { got, reported = [2]int{a, b}, true }
					l := v.Layout()
					height := l.Height() + 2*v.padding()
					random := func() fyne.Position {
						return fyne.NewPos(rng.Float32()*(w+40)-20, rng.Float32()*(height+20)-10)
					}
					for i := 0; i < 300; i++ {
						from, to := random(), random()
						reported = false
						dragPath(v, from, to, 1+rng.Intn(4), 0)
						drags++
						a, b := v.Selection()
						if !reported || got != [2]int{a, b} {
							t.Fatalf("drag %v→%v: reported %v %v, selection [%d,%d)", from, to, reported, got, a, b)
						}
						what := fmt.Sprintf("drag %v→%v", from, to)
						checkWhole(t, selectArticle, a, b, starts, ends, what)
						for _, p := range []fyne.Position{from, to} {
							if tk, ok := tokenUnder(v, toks, p); ok && (tk.Start < a || tk.End > b) {
								t.Fatalf("%s selected %q, leaving out %q under the pointer", what, annotate.Slice(selectArticle, a, b), tk.Text)
							}
						}
						// With Alt the same drag is taken letter by letter,
						// on grapheme boundaries.
						dragPath(v, from, to, 1, fyne.KeyModifierAlt)
						if a, b := v.Selection(); !annotate.IsBoundary(selectArticle, a) || !annotate.IsBoundary(selectArticle, b) {
							t.Fatalf("Alt-%s selected [%d,%d): not grapheme boundaries", what, a, b)
						}
					}
				})
			}
		}
	}
	t.Logf("%d drags", drags)
}

// gapAfter returns the body position of the middle of the white space
// right after the first occurrence of word.
func gapAfter(t *testing.T, v *View, text, word string) fyne.Position {
	t.Helper()
	_, e := find(t, text, word)
	return pos(t, v, e, 0)
}

// gapBefore returns the body position of the middle of the white space
// right before the first occurrence of word.
func gapBefore(t *testing.T, v *View, text, word string) fyne.Position {
	t.Helper()
	s, _ := find(t, text, word)
	return pos(t, v, s-1, 0)
}

// pastLineEnd returns a body point beyond the logical end of the line
// showing cp, in the margin.
func pastLineEnd(v *View, cp int) fyne.Position {
	l := v.Layout()
	ln := &l.lines[l.lineOf(cp)]
	y := ln.y + l.LineHeight()/2 + v.padding()
	if ln.rtl {
		return fyne.NewPos(v.padding()/2, y)
	}
	return fyne.NewPos(v.Size().Width-v.padding()/2, y)
}

// TestDragCases are the drags that once stored a letter of a neighbouring
// word, a space or a cut number.
func TestDragCases(t *testing.T) {
	text := selectArticle
	v, _ := newView(t, text, 480, 900)
	l := v.Layout()
	// The word that ends the line holding "متجاوزا", wherever it wraps.
	ve, _ := find(t, text, "متجاوزا")
	ln := l.lines[l.lineOf(ve)]
	lastWord := strings.TrimSpace(annotate.Slice(text, ln.start, ln.end))
	lastWord = lastWord[strings.LastIndexByte(lastWord, ' ')+1:]
	lw, _ := find(t, text, lastWord)
	year, _ := find(t, text, "2001")
	_, hajamat := find(t, text, "هجمات")
	amn, amnEnd := find(t, text, "الأمن")
	tests := []struct {
		name     string
		from, to fyne.Position
		alt      bool // Alt held during the drag
		stuckAlt bool // an Alt press whose release the view never saw
		want     string
	}{
		{"from the gap's edge at the word before, to the end of the year",
			pos(t, v, hajamat, 0.95), pos(t, v, year+3, -0.5), false, false, "11 أيلول (سبتمبر) 2001"},
		{"with an Alt release the view missed", gapBefore(t, v, text, "11 أيلول"), gapAfter(t, v, text, "2001"), false, true, "11 أيلول (سبتمبر) 2001"},
		{"ending on the edge of the last letter", pos(t, v, amn-5, 0), pos(t, v, amnEnd-1, -0.95), false, false, "مجلس الأمن"},
		{"from the gap before a quotation", gapBefore(t, v, text, "\"كان"), gapAfter(t, v, text, "الإرهاب"), false, false, "\"كان الإرهاب"},
		{"past the end of a line", pos(t, v, lw, 0), pastLineEnd(v, lw), false, false, lastWord},
		{"ending inside the year", gapBefore(t, v, text, "11 أيلول"), pos(t, v, year+1, 0), false, false, "11 أيلول (سبتمبر) 2001"},
		{"starting inside a number", pos(t, v, year+2, 0), gapAfter(t, v, text, "غيّرت"), false, false, "2001 غيّرت"},
		{"from gap to gap around a date", gapBefore(t, v, text, "22 آذار"), gapAfter(t, v, text, "(مارس)"), false, false, "22 آذار (مارس)"},
		{"the same backwards", gapAfter(t, v, text, "(مارس)"), gapBefore(t, v, text, "22 آذار"), false, false, "22 آذار (مارس)"},
		{"within one gap", gapBefore(t, v, text, "22 آذار"), gapBefore(t, v, text, "22 آذار").AddXY(1, 0), false, false, ""},
		{"with Alt, one letter", pos(t, v, amn, 0.5), pos(t, v, amn, -0.5), true, false, "ا"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mods fyne.KeyModifier
			if tt.alt {
				mods = fyne.KeyModifierAlt
			}
			if tt.stuckAlt {
				v.KeyDown(&fyne.KeyEvent{Name: desktop.KeyAltLeft})
				defer v.KeyUp(&fyne.KeyEvent{Name: desktop.KeyAltLeft})
			}
			dragPath(v, tt.from, tt.to, 3, mods)
			a, b := v.Selection()
			if got := annotate.Slice(text, a, b); got != tt.want {
				t.Errorf("selected %q, want %q", got, tt.want)
			}
		})
	}
}

// TestDragAcrossWrap drags from the gap before the last word of a line to
// the gap after the first word of the next: the two words, and the line
// break between them, are selected, without the spaces around.
func TestDragAcrossWrap(t *testing.T) {
	text := selectArticle
	v, _ := newView(t, text, 300, 900)
	l := v.Layout()
	starts, ends, _ := tokenEdges(text)
	wraps := 0
	for i := 0; i+1 < len(l.lines); i++ {
		ln, next := l.lines[i], l.lines[i+1]
		if next.start != ln.end || ln.start == ln.end {
			continue // a paragraph break, not a wrap
		}
		words := strings.Fields(annotate.Slice(text, ln.start, ln.end))
		nextWords := strings.Fields(annotate.Slice(text, next.start, next.end))
		if len(words) < 2 || len(nextWords) < 2 {
			continue
		}
		wraps++
		last, first := words[len(words)-1], nextWords[0]
		ls := ln.start + annotate.RuneLen(strings.TrimRight(annotate.Slice(text, ln.start, ln.end), " ")) - annotate.RuneLen(last)
		fe := next.start + annotate.RuneLen(first)
		want := annotate.Slice(text, ls, fe)
		from, to := pos(t, v, ls-1, 0), pos(t, v, fe, 0)
		for _, way := range [][2]fyne.Position{{from, to}, {to, from}} {
			dragPath(v, way[0], way[1], 4, 0)
			a, b := v.Selection()
			checkWhole(t, text, a, b, starts, ends, "drag across a wrap")
			if got := annotate.Slice(text, a, b); got != want {
				t.Errorf("drag across the wrap after line %d selected %q, want %q", i, got, want)
			}
		}
	}
	if wraps < 3 {
		t.Fatalf("only %d wrapped lines to drag across", wraps)
	}
}

// TestDoubleTapOnSpaceSelectsNothing double-clicks the gap between two
// words, then a number.
func TestDoubleTapOnSpaceSelectsNothing(t *testing.T) {
	text := selectArticle
	v, _ := newView(t, text, 480, 900)
	doubleTap := func(p fyne.Position) (int, int) {
		v.body.Tapped(&fyne.PointEvent{Position: p})
		v.body.Tapped(&fyne.PointEvent{Position: p})
		return v.Selection()
	}
	if a, b := doubleTap(gapAfter(t, v, text, "مجلس")); a != b {
		t.Errorf("double-click between words selected %q", annotate.Slice(text, a, b))
	}
	year, yearEnd := find(t, text, "2001")
	if a, b := doubleTap(pos(t, v, year+1, 0)); a != year || b != yearEnd {
		t.Errorf("double-click in a year selected %q, want 2001", annotate.Slice(text, a, b))
	}
	open, _ := find(t, text, "(سبتمبر)")
	if a, b := doubleTap(pos(t, v, open+2, 0)); annotate.Slice(text, a, b) != "سبتمبر" {
		t.Errorf("double-click in a bracketed word selected %q", annotate.Slice(text, a, b))
	}
}
