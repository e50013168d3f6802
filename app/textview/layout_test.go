package textview

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"alama/annotate"
)

// Paragraphs written for these tests: Arabic news prose, mixed with Latin,
// digits, harakat, tatweel and an emoji.
var samples = map[string]string{
	"arabic":  "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في المدينة، وقال الوزير إن العمل سيبدأ الأسبوع المقبل.",
	"mixed":   "نقلت وكالة Reuters عن مصدر في شركة Blue Ocean Ltd أن الصفقة بلغت 250 مليون دولار (أي نحو 12% من السوق).",
	"harakat": "كَتَبَ المُراسِلُ تقريراً عَنِ الانتخاباتِ، وَقالَ إنَّ النتائجَ سَتُعلَنُ غداً.",
	"emoji":   "شارك الناشط صورة 🙂 من الميدان يوم 05/03/2024 وكتب «الحريــــة للجميع» تحت الصورة.",
	"paras":   "الفقرة الأولى عن الاقتصاد.\n\nThe second paragraph is English, with عربي inside.\nوالقاعدة لصالح السكان ٣ مرات.",
}

func TestResolveLevels(t *testing.T) {
	tests := []struct {
		name, text string
		para       uint8
		want       string // one digit per rune
	}{
		{"arabic", "كتب خبرا", 1, "11111111"},
		{"latin in arabic", "قال abc de", 1, "1111222222"},
		{"digits in arabic", "عام 2024", 1, "11112222"},
		{"percent after arabic is an arabic number", "نسبة 45%", 1, "11111221"},
		{"date", "يوم 12/05/2024", 1, "11112222222222"},
		{"arabic in latin", "the كتب here", 0, "000011100000"},
		{"digits after arabic in ltr", "a عام 12", 0, "00111122"},
		{"harakat follow letter", "كَتَبَ", 1, "111111"},
		{"brackets take the arabic side", "قال (abc) هنا", 1, "1111122211111"},
		{"emoji neutral", "قال 🙂 هنا", 1, "111111111"},
		{"brackets around latin before latin take the paragraph side", "كتب (abc) def", 1, "1111122211222"},
		{"brackets around arabic before arabic in ltr", "abc (عربي) عربي", 0, "000001111001111"},
		{"brackets with a haraka after them", "قال (abc)َ هنا", 1, "11111222111111"},
		{"unmatched bracket is a plain neutral", "قال (abc هنا", 1, "111112221111"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			runes := []rune(tc.text)
			levels := make([]uint8, len(runes))
			resolveLevels(runes, tc.para, levels)
			var got strings.Builder
			for _, l := range levels {
				fmt.Fprint(&got, l)
			}
			if got.String() != tc.want {
				t.Errorf("levels of %q = %s, want %s", tc.text, got.String(), tc.want)
			}
		})
	}
}

func TestReorder(t *testing.T) {
	tests := []struct {
		levels []uint8
		want   []int
	}{
		{[]uint8{1, 1, 1}, []int{2, 1, 0}},
		{[]uint8{0, 0, 0}, []int{0, 1, 2}},
		{[]uint8{1, 2, 2, 1}, []int{3, 1, 2, 0}},
		{[]uint8{0, 1, 1, 0, 2}, []int{0, 2, 1, 3, 4}},
		{[]uint8{1, 2, 1, 2, 2}, []int{3, 4, 2, 1, 0}},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.levels), func(t *testing.T) {
			got := reorder(tc.levels)
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("reorder(%v) = %v, want %v", tc.levels, got, tc.want)
			}
		})
	}
}

// TestRoundTrip checks offset → point → offset for every grapheme boundary
// of every sample at several widths. Where two offsets share one caret
// position (the edge between a right-to-left and a left-to-right run), the
// hit may return the other one, which must then be drawn at the same place.
func TestRoundTrip(t *testing.T) {
	for name, text := range samples {
		for _, width := range []float32{120, 300, 2000} {
			t.Run(fmt.Sprintf("%s/%v", name, width), func(t *testing.T) {
				l := NewLayout(text, width, Options{Size: 16})
				for _, cp := range annotate.Boundaries(text) {
					x, y := l.Point(cp)
					got := l.Offset(x, y+l.LineHeight()/2)
					if got == cp {
						continue
					}
					gx, gy := l.Point(got)
					if math.Abs(float64(gx-x)) > 0.01 || gy != y {
						t.Errorf("offset %d drawn at (%v,%v) hits %d drawn at (%v,%v)", cp, x, y, got, gx, gy)
					}
					if !directionChanges(l, cp) {
						t.Errorf("offset %d hits %d at the same place, but no direction changes there", cp, got)
					}
				}
			})
		}
	}
}

// directionChanges reports whether the graphemes before and after cp run
// in different directions.
func directionChanges(l *Layout, cp int) bool {
	ln := &l.lines[l.lineOf(cp)]
	var before, after *cell
	for i := range ln.cells {
		c := &ln.cells[i]
		if c.end == cp {
			before = c
		}
		if c.start == cp {
			after = c
		}
	}
	return before != nil && after != nil && before.rtl != after.rtl
}

// TestArabicRunsRightToLeft checks that in an Arabic word each grapheme
// lies left of the one before it, that a Latin word inside reads left to
// right, and that it sits between the Arabic words around it.
func TestArabicRunsRightToLeft(t *testing.T) {
	text := "قال مصدر Reuters اليوم"
	l := NewLayout(text, 1000, Options{Size: 16, Dir: Auto})
	if len(l.lines) != 1 {
		t.Fatalf("got %d lines, want 1", len(l.lines))
	}
	ln := l.lines[0]
	prev := cell{}
	for i, c := range ln.cells {
		r, _ := utf8.DecodeRuneInString(annotate.Slice(text, c.start, c.end))
		if i > 0 && r != ' ' && prev.end == c.start {
			pr, _ := utf8.DecodeRuneInString(annotate.Slice(text, prev.start, prev.end))
			latin := r < 0x80 && pr < 0x80 && r != ' ' && pr != ' '
			switch {
			case latin && c.x0 < prev.x1-0.01:
				t.Errorf("latin %q at %v not right of %q at %v", r, c.x0, pr, prev.x1)
			case !latin && r >= 0x600 && pr >= 0x600 && c.x1 > prev.x0+0.01:
				t.Errorf("arabic %q at %v not left of %q at %v", r, c.x1, pr, prev.x0)
			}
		}
		prev = c
	}
	// Right-aligned: the first grapheme touches the right edge.
	if got := ln.cells[0].x1; math.Abs(float64(got-1000)) > 0.01 {
		t.Errorf("first grapheme ends at %v, want 1000", got)
	}
	// The Latin word sits left of «قال مصدر» and right of «اليوم».
	r0, _, _ := l.Cell(ln.cells[9].x0+1, 1)
	if r0 != 9 {
		t.Errorf("Cell inside 'R' = %d, want 9", r0)
	}
	if !(ln.cells[9].x0 < ln.cells[4].x0 && ln.cells[9].x0 > ln.cells[18].x1) {
		t.Errorf("Reuters at %v is not between مصدر (%v) and اليوم (%v)", ln.cells[9].x0, ln.cells[4].x0, ln.cells[18].x1)
	}
}

// TestWrap checks lines fit the width (but for a lone over-long word), and
// that every grapheme of the text is on exactly one line.
func TestWrap(t *testing.T) {
	for name, text := range samples {
		t.Run(name, func(t *testing.T) {
			l := NewLayout(text, 150, Options{Size: 16, Dir: Auto})
			seen := make([]int, utf8.RuneCountInString(text)+1)
			for _, ln := range l.lines {
				for _, c := range ln.cells {
					seen[c.start]++
				}
				lo, hi := float32(math.Inf(1)), float32(math.Inf(-1))
				for _, c := range ln.cells {
					if []rune(text)[c.start] == ' ' {
						continue
					}
					lo, hi = min(lo, c.x0), max(hi, c.x1)
				}
				if hi-lo > 150.01 && strings.Contains(strings.TrimSpace(annotate.Slice(text, ln.start, ln.end)), " ") {
					t.Errorf("line %q is %v wide, over 150", annotate.Slice(text, ln.start, ln.end), hi-lo)
				}
			}
			for _, b := range annotate.Boundaries(text)[:len(annotate.Boundaries(text))-1] {
				if []rune(text)[b] == '\n' {
					continue
				}
				if seen[b] != 1 {
					t.Errorf("grapheme at %d on %d lines", b, seen[b])
				}
			}
		})
	}
}

func TestWord(t *testing.T) {
	text := "قال: والقاعدة، لصالح 🙂 Reuters."
	l := NewLayout(text, 1000, Options{Size: 16, Dir: Auto})
	tests := []struct {
		at         int
		start, end int
	}{
		{0, 0, 3},
		{3, 3, 4}, // the colon alone
		{5, 5, 13},
		{12, 5, 13},
		{13, 13, 14},
		{15, 15, 20},
		{21, 21, 22}, // the emoji alone
		{23, 23, 30},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.at), func(t *testing.T) {
			a, b := l.Word(tc.at, tc.at+1)
			if a != tc.start || b != tc.end {
				t.Errorf("Word(%d) = [%d,%d) %q, want [%d,%d)", tc.at, a, b, annotate.Slice(text, a, b), tc.start, tc.end)
			}
		})
	}
}

// checkLayout asserts the invariants every layout keeps, whatever the text.
func checkLayout(t *testing.T, text string, l *Layout, x, y float32) {
	t.Helper()
	n := utf8.RuneCountInString(text)
	if l.Len() != n {
		t.Fatalf("Len = %d, want %d", l.Len(), n)
	}
	if o := l.Offset(x, y); o < 0 || o > n || !annotate.IsBoundary(text, o) {
		t.Fatalf("Offset(%v,%v) = %d: not a boundary of %q", x, y, o, text)
	}
	if a, b, ok := l.Cell(x, y); ok && (a < 0 || b > n || a >= b || !annotate.IsBoundary(text, a) || !annotate.IsBoundary(text, b)) {
		t.Fatalf("Cell(%v,%v) = [%d,%d)", x, y, a, b)
	}
	offs := annotate.NewOffsets(text)
	for cp := 0; cp <= n; cp++ {
		if l.IsBoundary(cp) != offs.IsBoundary(cp) {
			t.Fatalf("IsBoundary(%d) = %v, disagrees with annotate", cp, l.IsBoundary(cp))
		}
	}
	l.Boxes(0, n, func(x0, x1, y float32) {
		if x1 < x0 || math.IsNaN(float64(x0)) || math.IsNaN(float64(x1)) {
			t.Fatalf("box [%v,%v] at %v", x0, x1, y)
		}
	})
	// The graphemes of a line sit side by side without overlapping.
	for _, ln := range l.lines {
		for i := 1; i < len(ln.vis); i++ {
			if a, b := ln.vis[i-1], ln.vis[i]; b.x0 < a.x1-0.01 {
				t.Fatalf("graphemes [%d,%d) at [%v,%v] and [%d,%d) at [%v,%v] overlap in %q",
					a.start, a.end, a.x0, a.x1, b.start, b.end, b.x0, b.x1, text)
			}
		}
	}
}

func FuzzLayout(f *testing.F) {
	for _, s := range samples {
		f.Add(s, float32(200), float32(50), float32(20))
	}
	f.Add("\u0651\u064e lone marks \u200f\u202e\u2067 controls \x01\t\u00a0", float32(0), float32(-5), float32(1e9))
	f.Add("🙂🙂🙂👍🏽‍ 𝕏𝔸 \U0010FFFF \ufffd", float32(1), float32(3), float32(-1))
	f.Add("", float32(100), float32(0), float32(0))
	f.Fuzz(func(t *testing.T, text string, width, x, y float32) {
		if !utf8.ValidString(text) || len(text) > 4000 {
			return
		}
		l := NewLayout(text, width, Options{Size: 16, Dir: Auto})
		checkLayout(t, text, l, x, y)
	})
}

func FuzzHitTest(f *testing.F) {
	f.Add(samples["mixed"], float32(90), float32(40), float32(30), uint8(0))
	f.Add(samples["harakat"], float32(400), float32(1000), float32(-30), uint8(5))
	f.Add("abc \u05d0\u05d1 123 عربي", float32(50), float32(25), float32(70), uint8(2))
	f.Add("\u064e0", float32(394), float32(142), float32(225), uint8(6)) // a lone haraka, hidden
	f.Fuzz(func(t *testing.T, text string, width, x, y float32, dir uint8) {
		if !utf8.ValidString(text) || len(text) > 4000 {
			return
		}
		l := NewLayout(text, width, Options{Size: 12, Dir: Direction(dir % 3), HideMarks: dir&4 != 0})
		checkLayout(t, text, l, x, y)
		n := l.Len()
		for _, cp := range []int{0, n / 2, n} {
			px, py := l.Point(cp)
			if o := l.Offset(px, py); o < 0 || o > n || !l.IsBoundary(o) {
				t.Fatalf("Offset(Point(%d)) = %d", cp, o)
			}
		}
	})
}

func TestHideMarks(t *testing.T) {
	text := "كَتَبَ المُراسِلُ 🙂"
	shown := NewLayout(text, 1000, Options{Size: 16})
	hidden := NewLayout(text, 1000, Options{Size: 16, HideMarks: true})
	var drawn []string
	for _, p := range hidden.lines[0].pieces {
		drawn = append(drawn, p.text)
	}
	if got := strings.Join(drawn, "|"); strings.ContainsAny(got, "\u064e\u064f\u0650") || !strings.Contains(got, "كتب") {
		t.Errorf("hidden-marks pieces %q still hold harakat", got)
	}
	if a, b := len(shown.lines[0].cells), len(hidden.lines[0].cells); a != b {
		t.Errorf("hiding marks changed the graphemes: %d cells, then %d", a, b)
	}
	for i, c := range hidden.lines[0].cells {
		if s := shown.lines[0].cells[i]; s.start != c.start || s.end != c.end {
			t.Errorf("cell %d is [%d,%d) with marks hidden, [%d,%d) shown", i, c.start, c.end, s.start, s.end)
		}
	}
	for _, cp := range annotate.Boundaries(text) {
		x, y := hidden.Point(cp)
		if got := hidden.Offset(x, y); got != cp {
			t.Errorf("with marks hidden, offset %d hits %d", cp, got)
		}
	}
}

// TestMirroring checks that brackets resolved right to left are drawn
// mirrored: the bracket drawn leftmost opens to the right.
func TestMirroring(t *testing.T) {
	tests := []struct{ name, text, left, right string }{
		{"latin inside", "قال (Reuters) اليوم", "(", ")"},
		{"guillemets around latin", "قال «Reuters» اليوم", "«", "»"},
		{"number inside", "بلغت (45) نقطة", "(", ")"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := NewLayout(tc.text, 1000, Options{Size: 16})
			var left, right piece
			left.x, right.x = float32(math.Inf(1)), float32(math.Inf(-1))
			for _, p := range l.lines[0].pieces {
				if !strings.ContainsAny(p.text, "()«»") {
					continue
				}
				if p.x < left.x {
					left = p
				}
				if p.x > right.x {
					right = p
				}
			}
			if left.text != tc.left {
				t.Errorf("leftmost bracket piece %q, want %q drawn", left.text, tc.left)
			}
			if right.text != tc.right {
				t.Errorf("rightmost bracket piece %q, want %q drawn", right.text, tc.right)
			}
		})
	}
}

// TestBoxesAcrossLines checks that a range crossing a line break gets a box
// on each line, each covering exactly the range's graphemes there.
func TestBoxesAcrossLines(t *testing.T) {
	text := "بدأَت المحادثاتُ صباح اليوم في العاصمة وانتهت مساء أمس 🙂 دون اتفاق."
	l := NewLayout(text, 160, Options{Size: 16})
	if len(l.lines) < 3 {
		t.Fatalf("want at least 3 lines at width 160, got %d", len(l.lines))
	}
	start, end := l.lines[0].end-4, l.lines[1].start+3
	var got []float32
	l.Boxes(start, end, func(x0, x1, y float32) { got = append(got, y) })
	if len(got) != 2 || got[0] != l.lines[0].y || got[1] != l.lines[1].y {
		t.Fatalf("boxes at heights %v, want one on each of the first two lines", got)
	}
	for _, ln := range l.lines[:2] {
		var want float32
		for _, c := range ln.cells {
			if c.start >= start && c.end <= end {
				want += c.x1 - c.x0
			}
		}
		var width float32
		l.Boxes(max(start, ln.start), min(end, ln.end), func(x0, x1, y float32) { width += x1 - x0 })
		if abs32(width-want) > 0.01 {
			t.Errorf("line at %v: boxes %v wide, the graphemes %v", ln.y, width, want)
		}
	}
}
