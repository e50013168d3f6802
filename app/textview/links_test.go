package textview

import (
	"fmt"
	"image"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// linksText wraps after «البناء» at the widths of its golden images, so the
// company's span is on the line after the minister's.
const linksText = "صَرَّحَ وزيرُ النقل 🙂 أمس بأن الطريق السريع سيُفتتح قبل نهاية الشهر، وقالت شركة البناء إن العمل يسير وفق الخطة."

func linksSpans(t *testing.T, text string) []Span {
	t.Helper()
	as, ae := find(t, text, "وزيرُ النقل 🙂")
	ts, te := find(t, text, "أمس")
	cs, ce := find(t, text, "الطريق السريع سيُفتتح")
	os, oe := find(t, text, "شركة البناء")
	ws, we := find(t, text, "العمل يسير")
	return []Span{
		{ID: 1, Start: as, End: ae, Color: blue, Label: "ACTOR"},
		{ID: 2, Start: ts, End: te, Color: red, Label: "TIME"},
		{ID: 3, Start: cs, End: ce, Color: green, Label: "CLAIM"},
		{ID: 4, Start: os, End: oe, Color: orange, Label: "ORG"},
		{ID: 5, Start: ws, End: we, Color: green, Label: "CLAIM"},
	}
}

// linksOfActor are the links of the minister's span, both ways: two to
// spans on its line and one from a span on the next line.
var linksOfActor = []Link{
	{From: 1, To: 3, Label: "SAYS", Color: blue},
	{From: 1, To: 2, Label: "زمن", Color: blue},
	{From: 4, To: 1, Label: "يؤيد", Color: blue},
}

// newLinksView shows linksText with its spans, the minister's span
// selected and its links drawn.
func newLinksView(t *testing.T, w, h float32, tags bool) (*View, fyne.Window) {
	t.Helper()
	v, win := newView(t, linksText, w, h)
	v.SetShowLabels(tags)
	spans := linksSpans(t, linksText)
	v.SetSpans(spans)
	v.SetSelection(spans[0].Start, spans[0].End)
	v.SetLinks(linksOfActor)
	return v, win
}

func TestLinksGolden(t *testing.T) {
	for _, tc := range []struct {
		name        string
		w, h        float32
		tags, light bool
	}{
		{name: "links-tags", w: 430, h: 200, tags: true},
		{name: "links-tags-light", w: 430, h: 200, tags: true, light: true},
		{name: "links-no-tags", w: 430, h: 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, win := newLinksView(t, tc.w, tc.h, tc.tags)
			if tc.light {
				fyne.CurrentApp().Settings().SetTheme(lightTheme{theme.DefaultTheme()})
			}
			assertGolden(t, tc.name, win.Canvas().Capture())
		})
	}
}

// TestLinksRoute checks the routes of the sample's links: the two on the
// minister's line run along it from his span, the one from the company
// turns into the margin, and links naming unknown spans are left out.
func TestLinksRoute(t *testing.T) {
	v, _ := newLinksView(t, 430, 400, true)
	v.SetLinks(append(linksOfActor, Link{From: 1, To: 99, Label: "X"}, Link{From: 3, To: 3, Label: "Y"}))
	l := v.Layout()
	pad := v.padding()
	rs := v.routes(l, pad)
	if len(rs) != 3 {
		t.Fatalf("%d routes, want 3", len(rs))
	}
	_, ax, _ := anchor(l, v.spans[0], true)
	for _, rt := range rs[:2] {
		if len(rt.runs) != 1 || rt.runs[0].x0 != ax || rt.from != ax {
			t.Errorf("link %d: runs %+v from %v, want one run from %v", rt.link, rt.runs, rt.from, ax)
		}
	}
	_, tx, _ := anchor(l, v.spans[0], false)
	if tx <= ax {
		t.Errorf("arrows reach the span at %v, left of where they leave it at %v", tx, ax)
	}
	ax = tx
	if rs[0].runs[0].lane == rs[1].runs[0].lane {
		lo0, hi0 := min(rs[0].runs[0].x0, rs[0].runs[0].x1), max(rs[0].runs[0].x0, rs[0].runs[0].x1)
		lo1, hi1 := min(rs[1].runs[0].x0, rs[1].runs[0].x1), max(rs[1].runs[0].x0, rs[1].runs[0].x1)
		if lo0 < hi1 && lo1 < hi0 {
			t.Errorf("overlapping runs %+v and %+v share a lane", rs[0].runs[0], rs[1].runs[0])
		}
	}
	cross := rs[2]
	if len(cross.runs) != 2 || cross.runs[0].line != cross.runs[1].line+1 || cross.to != ax {
		t.Fatalf("link from the next line: %+v, want two runs, up one line, to %v", cross, ax)
	}
	if !(cross.side < 0 && cross.side > -pad || cross.side > l.width && cross.side < l.width+pad) {
		t.Errorf("margin run at %v, want it in the padding outside [0, %v]", cross.side, l.width)
	}
}

// TestLinksClearOfText checks that no stroke or name of an arrow comes over
// a piece of text, at several widths and sizes, with and without the label
// tags: the boxes of the strokes and names miss the box of every drawn
// piece, and the pixels of the pieces are the same as with links between
// spans the view does not have.
func TestLinksClearOfText(t *testing.T) {
	for _, w := range []float32{260, 430, 700} {
		for _, size := range []float32{12, 18, 30} {
			for _, tags := range []bool{false, true} {
				t.Run(fmt.Sprintf("%v/%v/%v", w, size, tags), func(t *testing.T) {
					v, win := newLinksView(t, w, 1200, tags)
					v.SetTextSize(size)
					v.SetLinks([]Link{{From: 98, To: 99, Label: "X"}})
					plain := win.Canvas().Capture()
					// Lines with arrows get room under them: the text of
					// each line moves down, and only moves.
					var plainY []float32
					for _, ln := range v.Layout().lines {
						plainY = append(plainY, ln.y)
					}
					v.SetLinks(linksOfActor)
					img := win.Canvas().Capture()
					r := test.WidgetRenderer(v.body).(*bodyRenderer)
					if r.nl == 0 || r.nlr == 0 || r.nlt == 0 {
						t.Fatalf("%d strokes, %d name outlines, %d name texts drawn", r.nl, r.nlr, r.nlt)
					}
					var objs []box
					for _, o := range r.lines[:r.nl] {
						hw := o.StrokeWidth / 2
						objs = append(objs, box{
							min(o.Position1.X, o.Position2.X) - hw, min(o.Position1.Y, o.Position2.Y) - hw,
							max(o.Position1.X, o.Position2.X) + hw, max(o.Position1.Y, o.Position2.Y) + hw})
					}
					for _, o := range r.linkRects[:r.nlr] {
						objs = append(objs, box{o.Position().X, o.Position().Y, o.Position().X + o.Size().Width, o.Position().Y + o.Size().Height})
					}
					l, pad := v.Layout(), v.padding()
					scale := float64(win.Canvas().Scale())
					// Where the body is in the captured window.
					at := fyne.CurrentApp().Driver().AbsolutePositionForObject(v.body)
					for i, ln := range l.lines {
						for _, p := range ln.pieces {
							pb := box{pad + p.x, pad + ln.y, pad + p.x + p.w, pad + ln.y + l.boxH}
							for _, o := range objs {
								if o.x0 < pb.x1 && pb.x0 < o.x1 && o.y0 < pb.y1 && pb.y0 < o.y1 {
									t.Errorf("link object %v over piece %q of line %d at %v", o, p.text, i, pb)
								}
							}
							// The glyphs, without the box's top and bottom pixel
							// rows, which the line above may touch.
							rect := image.Rect(int(float64(at.X+pb.x0)*scale), int(float64(at.Y+pb.y0)*scale)+1, int(float64(at.X+pb.x1)*scale), int(float64(at.Y+pb.y1)*scale)-1)
							dy := int(float64(ln.y-plainY[i]) * scale)
							if float64(ln.y-plainY[i])*scale != float64(dy) {
								t.Fatalf("line %d moved by %v, not whole pixels", i, ln.y-plainY[i])
							}
							was := subImage(plain, rect.Sub(image.Pt(0, dy)))
							now := subImage(img, rect)
							if n := pixelDiff(shifted{was, dy}, now); n > 0 {
								t.Errorf("%d pixels of piece %q of line %d at %v change with links", n, p.text, i, pb)
							}
						}
					}
				})
			}
		}
	}
}

// shifted is an image moved down by dy pixels.
type shifted struct {
	image.Image
	dy int
}

func (s shifted) Bounds() image.Rectangle { return s.Image.Bounds().Add(image.Pt(0, s.dy)) }

func (s shifted) At(x, y int) color.Color { return s.Image.At(x, y-s.dy) }

// box is a rectangle from (x0, y0) to (x1, y1).
type box struct{ x0, y0, x1, y1 float32 }

// subImage returns the part of img inside r.
func subImage(img image.Image, r image.Rectangle) image.Image {
	return img.(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(r)
}

// TestLinksKeepLayout checks that links change no offset: with the tags
// shown the layout is the same one, and without them lines only get the
// tags' room while links are set.
func TestLinksKeepLayout(t *testing.T) {
	v, _ := newLinksView(t, 430, 400, true)
	v.SetLinks(nil)
	plain := v.Layout()
	v.SetLinks(linksOfActor)
	if v.Layout() != plain {
		t.Errorf("setting links with the tags shown laid the text out again")
	}
	v.SetShowLabels(false)
	v.SetLinks(nil)
	off := v.Layout()
	v.SetLinks(linksOfActor)
	on := v.Layout()
	if len(on.lines) != len(off.lines) || on.lineHeight != plain.lineHeight || on.boxH != off.boxH {
		t.Fatalf("with links %d lines %v high, without %d lines; with tags %v high",
			len(on.lines), on.lineHeight, len(off.lines), plain.lineHeight)
	}
	for i := range on.lines {
		for j := range on.lines[i].cells {
			if on.lines[i].cells[j] != off.lines[i].cells[j] {
				t.Fatalf("line %d grapheme %d: %+v with links, %+v without", i, j, on.lines[i].cells[j], off.lines[i].cells[j])
			}
		}
	}
	v.SetText(linksText)
	if len(v.Links()) != 0 {
		t.Errorf("SetText kept %d links", len(v.Links()))
	}
}

// TestLinksInView checks that with the minister's line scrolled out of
// view only the arrow from the company's line is drawn, within the lines
// in view, with its type on the run that is in view.
func TestLinksInView(t *testing.T) {
	v, win := newLinksView(t, 430, 400, true)
	l := v.Layout()
	win.Resize(fyne.NewSize(430, l.lines[1].h))
	v.scroll.ScrollToOffset(fyne.NewPos(0, l.lines[1].y+v.padding()))
	v.body.Refresh()
	r := test.WidgetRenderer(v.body).(*bodyRenderer)
	first, last := l.lineAt(v.scroll.Offset.Y-v.padding()), l.lineAt(v.scroll.Offset.Y+v.scroll.Size().Height)
	if first != 1 {
		t.Fatalf("lines %d to %d in view, want the second line first", first, last)
	}
	top, bottom := v.padding()+l.lines[first].y, v.padding()+l.lines[last].y+l.lines[last].h
	if r.nl == 0 {
		t.Fatal("no arrow drawn")
	}
	for _, o := range r.lines[:r.nl] {
		if y0, y1 := min(o.Position1.Y, o.Position2.Y), max(o.Position1.Y, o.Position2.Y); y0 < top || y1 > bottom {
			t.Errorf("stroke from %v to %v outside the lines in view [%v, %v]", o.Position1, o.Position2, top, bottom)
		}
	}
	if r.nlt != 1 || r.linkTexts[0].Text != "يؤيد" {
		t.Errorf("%d type names drawn, want «يؤيد» alone", r.nlt)
	}
}

// BenchmarkSetLinks measures selecting a span with relations on a
// 5,000-word article with 400 spans in an 800×600 window, tags shown:
// setting its eight links and rebuilding the objects of the visible lines.
func BenchmarkSetLinks(b *testing.B) {
	test.NewTempApp(b)
	v := New()
	v.SetTextSize(16)
	v.SetText(benchArticle(5000))
	v.SetShowLabels(true)
	w := test.NewTempWindow(b, v)
	w.Resize(fyne.NewSize(800, 600))
	spans := make([]Span, 0, 400)
	for i := range 400 {
		spans = append(spans, Span{ID: uint64(i), Start: i * 40, End: i*40 + 12, Color: blue, Label: "ACTOR"})
	}
	v.SetSpans(spans)
	w.Canvas().Capture()
	links := make([]Link, 0, 8)
	for i := range 8 {
		links = append(links, Link{From: 1, To: uint64(2 + i*3), Label: "SAYS", Color: blue})
	}
	i := 0
	for b.Loop() {
		if i%2 == 0 {
			v.SetLinks(links)
		} else {
			v.SetLinks(nil)
		}
		i++
	}
}

// TestLinksClearOfTags checks that no stroke of an arrow, arrowhead or
// tail, and no name of one, touches a label tag, at several widths and
// sizes.
func TestLinksClearOfTags(t *testing.T) {
	for _, w := range []float32{260, 430, 700} {
		for _, size := range []float32{12, 18, 30} {
			t.Run(fmt.Sprintf("%v/%v", w, size), func(t *testing.T) {
				v, win := newLinksView(t, w, 1200, true)
				v.SetTextSize(size)
				win.Canvas().Capture()
				r := test.WidgetRenderer(v.body).(*bodyRenderer)
				l, pad := v.Layout(), v.padding()
				tags := v.placeTags(l, 0, len(l.lines)-1)
				if len(tags) == 0 || r.nl == 0 || r.nlr == 0 {
					t.Fatalf("%d tags, %d strokes, %d names", len(tags), r.nl, r.nlr)
				}
				over := func(what string, b box) {
					for _, tg := range tags {
						tb := box{pad + tg.x0, pad + tg.y, pad + tg.x1, pad + tg.y + tagHeight(l.size)}
						if b.x0 < tb.x1 && tb.x0 < b.x1 && b.y0 < tb.y1 && tb.y0 < b.y1 {
							t.Errorf("%s %v over the tag %q at %v", what, b, v.spans[tg.span].Label, tb)
						}
					}
				}
				for _, o := range r.lines[:r.nl] {
					hw := o.StrokeWidth / 2
					over("stroke", box{min(o.Position1.X, o.Position2.X) - hw, min(o.Position1.Y, o.Position2.Y) - hw,
						max(o.Position1.X, o.Position2.X) + hw, max(o.Position1.Y, o.Position2.Y) + hw})
				}
				for _, o := range r.linkRects[:r.nlr] {
					over("name", box{o.Position().X, o.Position().Y, o.Position().X + o.Size().Width, o.Position().Y + o.Size().Height})
				}
			})
		}
	}
}
