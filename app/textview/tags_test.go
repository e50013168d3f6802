package textview

import (
	"fmt"
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"alama/annotate"
)

// tagsNested has nested spans, two starting at the same word, a clitic
// span and a span right after it.
const tagsNested = "أكد رئيس الوزراء أن وزارة المالية والبنك المركزي سيعلنان خطة الإنقاذ الاقتصادي خلال أيام."

func tagsNestedSpans(t *testing.T, text string) []Span {
	t.Helper()
	as, ae := find(t, text, "رئيس الوزراء")
	rs, re := find(t, text, "رئيس")
	os, oe := find(t, text, "وزارة المالية")
	ms, me := find(t, text, "المالية")
	ws, _ := find(t, text, "والبنك")
	bs, be := find(t, text, "البنك المركزي")
	es, ee := find(t, text, "خطة الإنقاذ الاقتصادي")
	ts, te := find(t, text, "خلال أيام")
	return []Span{
		{ID: 1, Start: as, End: ae, Color: blue, Label: "ACTOR"},
		{ID: 2, Start: rs, End: re, Color: orange, Label: "ROLE"},
		{ID: 3, Start: os, End: oe, Color: green, Label: "ORG"},
		{ID: 4, Start: ms, End: me, Color: orange, Label: "مجال"},
		{ID: 5, Start: ws, End: ws + 1, Color: red, Label: "CONJ"},
		{ID: 6, Start: bs, End: be, Color: green, Label: "ORG"},
		{ID: 7, Start: es, End: ee, Color: blue, Label: "EVENT", Style: Suggested},
		{ID: 8, Start: ts, End: te, Color: red, Label: "TIME"},
	}
}

// tagsWrapped has harakat, an emoji and a span that crosses a line break
// at the width its golden image is drawn.
const tagsWrapped = "كَتَبَ المراسل 🙂 تقريراً مطولاً عن افتتاح الجسر الجديد فوق النهر صباح الأحد."

func tagsWrappedSpans(t *testing.T, text string) []Span {
	t.Helper()
	ks, ke := find(t, text, "كَتَبَ")
	ms, me := find(t, text, "المراسل 🙂")
	cs, ce := find(t, text, "افتتاح الجسر الجديد فوق النهر")
	return []Span{
		{ID: 1, Start: ks, End: ke, Color: orange, Label: "EVENT"},
		{ID: 2, Start: ms, End: me, Color: blue, Label: "ACTOR"},
		{ID: 3, Start: cs, End: ce, Color: green, Label: "CLAIM"},
	}
}

// tagsLTR is Arabic with a Latin name, shown in a paragraph forced left to
// right.
const tagsLTR = "أعلنت شركة Nile Data عن أرباحها في الربع الثالث."

func tagsLTRSpans(t *testing.T, text string) []Span {
	t.Helper()
	ns, ne := find(t, text, "شركة Nile Data")
	ls, le := find(t, text, "Nile Data")
	ps, pe := find(t, text, "الربع الثالث")
	return []Span{
		{ID: 1, Start: ns, End: ne, Color: green, Label: "ORG"},
		{ID: 2, Start: ls, End: le, Color: orange, Label: "NAME"},
		{ID: 3, Start: ps, End: pe, Color: red, Label: "TIME"},
	}
}

func TestTagsGolden(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		w, h  float32
		dir   Direction
		light bool
		spans func(*testing.T, string) []Span
	}{
		{name: "tags-nested", text: tagsNested, w: 420, h: 230, spans: tagsNestedSpans},
		{name: "tags-nested-light", text: tagsNested, w: 420, h: 230, light: true, spans: tagsNestedSpans},
		{name: "tags-line-break", text: tagsWrapped, w: 360, h: 230, spans: tagsWrappedSpans},
		{name: "tags-ltr-override", text: tagsLTR, w: 420, h: 110, dir: LTR, spans: tagsLTRSpans},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, win := newView(t, tc.text, tc.w, tc.h)
			if tc.light {
				fyne.CurrentApp().Settings().SetTheme(lightTheme{theme.DefaultTheme()})
			}
			v.SetDirection(tc.dir)
			v.SetShowLabels(true)
			v.SetSpans(tc.spans(t, tc.text))
			assertGolden(t, tc.name, win.Canvas().Capture())
		})
	}
}

// TestTagsRoundTrip checks offset → point → offset with the tag row on, as
// TestRoundTrip does without it, and that a point in the tag row still
// hits the line above it.
func TestTagsRoundTrip(t *testing.T) {
	for name, text := range samples {
		for _, width := range []float32{120, 300, 2000} {
			t.Run(fmt.Sprintf("%s/%v", name, width), func(t *testing.T) {
				l := NewLayout(text, width, Options{Size: 16, Tags: true})
				roomAll(l)
				for _, cp := range annotate.Boundaries(text) {
					x, y := l.Point(cp)
					for _, dy := range []float32{l.LineHeight() / 2, tagY(l.boxH, 0) + 1, l.roomH - 0.5} {
						got := l.Offset(x, y+dy)
						if got == cp {
							continue
						}
						gx, gy := l.Point(got)
						if math.Abs(float64(gx-x)) > 0.01 || gy != y {
							t.Errorf("offset %d drawn at (%v,%v) hit at %v below hits %d drawn at (%v,%v)", cp, x, y, dy, got, gx, gy)
						}
						if !directionChanges(l, cp) {
							t.Errorf("offset %d hits %d at the same place, but no direction changes there", cp, got)
						}
					}
				}
			})
		}
	}
}

// TestTagsKeepGeometry checks that the tag row only makes lines taller:
// the same lines, graphemes at the same x, boxes as high, and a row under
// the deepest underline bar that ends above the next line.
func TestTagsKeepGeometry(t *testing.T) {
	for name, text := range samples {
		for _, size := range []float32{9, 14, 18, 40} {
			t.Run(fmt.Sprintf("%s/%v", name, size), func(t *testing.T) {
				off := NewLayout(text, 300, Options{Size: size})
				on := NewLayout(text, 300, Options{Size: size, Tags: true})
				if on.Height() != off.Height() {
					t.Errorf("lines without a tag are %v high with Tags, %v without", on.Height(), off.Height())
				}
				roomAll(on)
				if on.boxH != off.boxH || on.width != off.width || len(on.lines) != len(off.lines) {
					t.Fatalf("tags changed box height %v → %v, width %v → %v or lines %d → %d",
						off.boxH, on.boxH, off.width, on.width, len(off.lines), len(on.lines))
				}
				barsEnd := on.boxH + 1 + (barRows-1)*barStep + barH
				if top := tagY(on.boxH, barRows-1); top < barsEnd || top+tagHeight(size) > on.roomH-2 {
					t.Errorf("lowest tags [%v,%v] overlap the bars ending at %v or come within 2 of the next line at %v",
						top, top+tagHeight(size), barsEnd, on.roomH)
				}
				for i := range on.lines {
					a, b := &off.lines[i], &on.lines[i]
					if a.start != b.start || a.end != b.end || b.y != float32(i)*on.roomH {
						t.Fatalf("line %d: [%d,%d) at %v with tags, [%d,%d) without", i, b.start, b.end, b.y, a.start, a.end)
					}
					for j := range a.cells {
						if a.cells[j] != b.cells[j] {
							t.Fatalf("line %d grapheme %d: %+v with tags, %+v without", i, j, b.cells[j], a.cells[j])
						}
					}
				}
			})
		}
	}
}

// TestPlaceTags checks where the tags of the nested sample go: one per
// labelled span, on the line its first grapheme is on, hanging from its
// logical start unless pushed along by the one before, and none
// overlapping another.
func TestPlaceTags(t *testing.T) {
	for _, tc := range []struct {
		name  string
		text  string
		w     float32
		dir   Direction
		spans func(*testing.T, string) []Span
	}{
		{"nested", tagsNested, 420, Auto, tagsNestedSpans},
		{"nested narrow", tagsNested, 150, Auto, tagsNestedSpans},
		{"wrapped", tagsWrapped, 360, Auto, tagsWrappedSpans},
		{"ltr", tagsLTR, 420, LTR, tagsLTRSpans},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, _ := newView(t, tc.text, tc.w, 400)
			v.SetDirection(tc.dir)
			v.SetShowLabels(true)
			spans := tc.spans(t, tc.text)
			v.SetSpans(spans)
			l := v.Layout()
			tags := v.placeTags(l, 0, len(l.lines)-1)
			if len(tags) != len(spans) {
				t.Fatalf("%d tags for %d spans", len(tags), len(spans))
			}
			// The deepest bar row drawn on each line, by line top.
			deepest := map[float32]int{}
			for i, s := range spans {
				l.Boxes(s.Start, s.End, func(_, _, y float32) {
					deepest[y] = max(deepest[y], v.depth[i]%barRows)
				})
			}
			seen := map[int]bool{}
			for k, tg := range tags {
				s := spans[tg.span]
				seen[tg.span] = true
				li, x, rtl, _ := l.startEdge(s.Start, s.End)
				top := l.lines[li].y
				bars := top + l.boxH + 1 + float32(deepest[top])*barStep + barH
				if tg.y < bars || tg.y > bars+2 || tg.y+tagHeight(l.size) > top+l.lines[li].h-2 {
					t.Errorf("tag %s of [%d,%d) at y %v: want just under the bars ending at %v, above the next line at %v",
						s.Label, s.Start, s.End, tg.y, bars, top+l.lines[li].h)
				}
				moved := k > 0 && tags[k-1].y == tg.y
				switch {
				case rtl && (tg.x1 > x+0.01 || !moved && tg.x1 != x):
					t.Errorf("tag %s [%v,%v] should end at the right edge %v of its span's start", s.Label, tg.x0, tg.x1, x)
				case !rtl && (tg.x0 < x-0.01 || !moved && tg.x0 != x):
					t.Errorf("tag %s [%v,%v] should begin at the left edge %v of its span's start", s.Label, tg.x0, tg.x1, x)
				}
				for _, o := range tags[:k] {
					if o.y == tg.y && o.x0 < tg.x1 && tg.x0 < o.x1 {
						t.Errorf("tags %s [%v,%v] and %s [%v,%v] overlap", spans[o.span].Label, o.x0, o.x1, s.Label, tg.x0, tg.x1)
					}
				}
			}
			if len(seen) != len(spans) {
				t.Errorf("tags drawn for spans %v, want each of %d once", seen, len(spans))
			}
		})
	}
}

// TestTagsOnVisibleLines checks that a long article with a labelled span
// on every line gets tag objects only for the lines in view, after
// scrolling too.
func TestTagsOnVisibleLines(t *testing.T) {
	text := benchArticle(3000)
	v, win := newView(t, text, 600, 400)
	v.SetShowLabels(true)
	var spans []Span
	for i := 0; i+8 < annotate.RuneLen(text); i += 37 {
		for !v.Layout().IsBoundary(i) {
			i++
		}
		spans = append(spans, Span{ID: uint64(i), Start: i, End: i + 8, Color: green, Label: "ORG"})
	}
	v.SetSpans(spans)
	win.Canvas().Capture()
	l := v.Layout()
	for _, scroll := range []float32{0, l.Height() / 2} {
		v.scroll.ScrollToOffset(fyne.NewPos(0, scroll))
		v.body.Refresh()
		n := 0
		r := test.WidgetRenderer(v.body).(*bodyRenderer)
		for _, o := range r.objects {
			txt, ok := o.(*canvas.Text)
			if !ok || txt.TextSize != tagSize(l.size) {
				continue
			}
			n++
			if y := o.Position().Y; y < v.scroll.Offset.Y-l.LineHeight() || y > v.scroll.Offset.Y+400+l.LineHeight() {
				t.Errorf("tag %q at y %v, out of the view at %v", txt.Text, y, v.scroll.Offset.Y)
			}
		}
		if max := 2 * int(400/l.LineHeight()+2) * 3; n == 0 || n > max {
			t.Errorf("scrolled to %v: %d tag texts, want 1 to %d", scroll, n, max)
		}
	}
}

func TestPackTags(t *testing.T) {
	tests := []struct {
		name string
		rtl  bool
		in   [][2]float32
		want [][2]float32
	}{
		{"apart stay", true, [][2]float32{{60, 90}, {10, 40}}, [][2]float32{{60, 90}, {10, 40}}},
		{"same start side by side", true, [][2]float32{{60, 90}, {70, 90}}, [][2]float32{{60, 90}, {38, 58}}},
		{"pushed past the start come back", true, [][2]float32{{20, 50}, {10, 50}}, [][2]float32{{42, 72}, {0, 40}}},
		{"ltr pushed along", false, [][2]float32{{0, 30}, {10, 30}}, [][2]float32{{0, 30}, {32, 52}}},
		{"ltr pushed past the end come back", false, [][2]float32{{80, 95}, {85, 95}}, [][2]float32{{73, 88}, {90, 100}}},
		{"too wide overflow the far end", true, [][2]float32{{40, 100}, {40, 100}}, [][2]float32{{40, 100}, {-22, 38}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tags := make([]tag, len(tc.in))
			for i, x := range tc.in {
				tags[i] = tag{x0: x[0], x1: x[1]}
			}
			packTags(tags, tc.rtl, 100, 2)
			for i, tg := range tags {
				if [2]float32{tg.x0, tg.x1} != tc.want[i] {
					t.Errorf("tag %d at [%v,%v], want %v", i, tg.x0, tg.x1, tc.want[i])
				}
			}
		})
	}
}

func TestInkOn(t *testing.T) {
	light, dark := inkOn(orange), inkOn(blue)
	if light == dark {
		t.Errorf("same ink %v on orange and blue", light)
	}
	if r, _, _, _ := inkOn(orange).RGBA(); r > 0x4000 {
		t.Errorf("ink on orange is light: %v", inkOn(orange))
	}
	if r, _, _, _ := inkOn(blue).RGBA(); r < 0xc000 {
		t.Errorf("ink on blue is dark: %v", inkOn(blue))
	}
}

// BenchmarkTags lays out a 5,000-word article with and without the tag
// row, and rebuilds the objects of an 800×600 window after a span change
// with 400 labelled spans, with and without tags.
func BenchmarkTags(b *testing.B) {
	text := benchArticle(5000)
	for _, on := range []bool{false, true} {
		b.Run(fmt.Sprintf("layout/tags=%v", on), func(b *testing.B) {
			NewLayout(text, 760, Options{Size: 16, Tags: on})
			for b.Loop() {
				NewLayout(text, 760, Options{Size: 16, Tags: on})
			}
		})
	}
	test.NewTempApp(b)
	spans := make([]Span, 0, 400)
	for i := 0; i < 400; i++ {
		spans = append(spans, Span{ID: uint64(i), Start: i * 40, End: i*40 + 12, Color: blue, Label: "ACTOR"})
	}
	for _, on := range []bool{false, true} {
		b.Run(fmt.Sprintf("objects/tags=%v", on), func(b *testing.B) {
			v := New()
			v.SetTextSize(16)
			v.SetText(text)
			v.SetShowLabels(on)
			w := test.NewTempWindow(b, v)
			w.Resize(fyne.NewSize(800, 600))
			w.Canvas().Capture()
			i := 0
			for b.Loop() {
				spans[0].End = 5 + i%7
				v.SetSpans(spans)
				i++
			}
		})
	}
}

// lightTheme is the default theme in its light variant, whatever the
// settings say.
type lightTheme struct{ fyne.Theme }

func (l lightTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return l.Theme.Color(n, theme.VariantLight)
}

// TestTapTagSelectsItsSpan taps the middle of every tag, including tags
// moved aside from their span's start, and expects its span reported.
func TestTapTagSelectsItsSpan(t *testing.T) {
	for _, w := range []float32{420, 150} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			v, _ := newView(t, tagsNested, w, 600)
			v.SetShowLabels(true)
			v.SetSpans(tagsNestedSpans(t, tagsNested))
			var got []uint64
			v.OnSpanTapped = func(id uint64) { got = append(got, id) }
			l := v.currentLayout()
			pad := v.padding()
			h := tagHeight(l.size)
			tags := v.placeTags(l, 0, len(l.lines)-1)
			if len(tags) != len(v.spans) {
				t.Fatalf("%d tags for %d spans", len(tags), len(v.spans))
			}
			for _, tg := range tags {
				got = got[:0]
				p := fyne.NewPos(pad+(tg.x0+tg.x1)/2, pad+tg.y+h/2)
				v.body.Tapped(&fyne.PointEvent{Position: p})
				if want := v.spans[tg.span].ID; len(got) != 1 || got[0] != want {
					t.Errorf("tap on the %s tag of span %d reported %v", v.spans[tg.span].Label, want, got)
				}
			}
		})
	}
}

// roomAll gives every line of l the row for tags.
func roomAll(l *Layout) {
	room := make([]float32, len(l.lines))
	for i := range room {
		room[i] = l.roomH
	}
	l.setRoom(room)
}
