package textview

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// body is the scrolled content of a View: as tall as the laid-out text, it
// receives the pointer events and draws the lines in view.
type body struct {
	widget.BaseWidget
	v *View
}

func (b *body) MinSize() fyne.Size {
	if b.v.Size().Width == 0 {
		return fyne.Size{}
	}
	l := b.v.currentLayout()
	return fyne.NewSize(0, l.Height()+2*b.v.padding())
}

func (b *body) CreateRenderer() fyne.WidgetRenderer {
	return &bodyRenderer{b: b}
}

// bodyRenderer makes objects only for the lines in view. Rectangles come
// from a pool reused on each refresh. The text of each piece keeps its
// canvas.Text while its line stays in view, and only a text whose content
// changed is refreshed: a GL painter keeps the rasterised texture of every
// other one, so moving the selection or scrolling does not redraw glyphs.
type bodyRenderer struct {
	b      *body
	rects  []*canvas.Rectangle
	tags   []*canvas.Text
	nr, nt int
	// tagPieces are the texts of the label tags, ntp of them in use.
	tagPieces []*canvas.Text
	ntp       int
	pieces    map[pieceKey]*canvas.Text
	// lines, linkRects and linkTexts draw the arrows of the links: their
	// strokes, the outlines of their type names and the names' texts.
	lines        []*canvas.Line
	linkRects    []*canvas.Rectangle
	linkTexts    []*canvas.Text
	nl, nlr, nlt int
	of           *Layout // the layout pieces belongs to
	dirty        *canvas.Rectangle
	objects      []fyne.CanvasObject
}

// pieceKey names a piece of a layout: its line and its index there.
type pieceKey struct{ line, piece int }

func (r *bodyRenderer) Layout(fyne.Size) { r.Refresh() }

func (r *bodyRenderer) MinSize() fyne.Size { return r.b.MinSize() }

func (r *bodyRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *bodyRenderer) Destroy() {}

func (r *bodyRenderer) rect(fill, stroke color.Color, strokeW, x, y, w, h float32) {
	if r.nr == len(r.rects) {
		r.rects = append(r.rects, &canvas.Rectangle{})
	}
	o := r.rects[r.nr]
	r.nr++
	o.FillColor, o.StrokeColor, o.StrokeWidth = fill, stroke, strokeW
	o.CornerRadius = 0
	o.Move(fyne.NewPos(x, y))
	o.Resize(fyne.NewSize(w, h))
	r.objects = append(r.objects, o)
}

// label places a span label tag.
func (r *bodyRenderer) label(s string, c color.Color, size float32, x, y float32) *canvas.Text {
	if r.nt == len(r.tags) {
		r.tags = append(r.tags, &canvas.Text{TextStyle: fyne.TextStyle{Bold: true}})
	}
	t := r.tags[r.nt]
	r.nt++
	if t.Text != s || t.Color != c || t.TextSize != size {
		t.Text, t.Color, t.TextSize = s, c, size
		canvas.Refresh(t)
	}
	t.Move(fyne.NewPos(x, y))
	t.Resize(t.MinSize())
	r.objects = append(r.objects, t)
	return t
}

// piece places the text of piece j of line i, reusing its canvas.Text.
func (r *bodyRenderer) piece(i, j int, p piece, c color.Color, size float32, src fyne.Resource, x, y float32) {
	k := pieceKey{i, j}
	t := r.pieces[k]
	switch {
	case t == nil:
		t = &canvas.Text{Text: p.text, Color: c, TextSize: size, FontSource: src}
		r.pieces[k] = t
	case t.Color != c:
		t.Color = c
		canvas.Refresh(t)
	}
	t.Move(fyne.NewPos(x, y))
	t.Resize(t.MinSize())
	r.objects = append(r.objects, t)
}

// Refresh rebuilds the objects of the lines in view.
func (r *bodyRenderer) Refresh() {
	v := r.b.v
	r.nr, r.nt, r.ntp = 0, 0, 0
	r.nl, r.nlr, r.nlt = 0, 0, 0
	if r.dirty == nil {
		r.dirty = &canvas.Rectangle{}
	}
	// The canvas repaints when an object in it is refreshed; refreshing
	// the body itself would throw away the textures of all its texts.
	defer canvas.Refresh(r.dirty)
	r.objects = append(r.objects[:0], r.dirty)
	if v.Size().Width == 0 {
		return
	}
	l := v.currentLayout()
	if r.of != l {
		r.of, r.pieces = l, make(map[pieceKey]*canvas.Text)
	}
	pad := v.padding()

	top, bottom := v.scroll.Offset.Y-pad, v.scroll.Offset.Y+v.scroll.Size().Height
	if v.scroll.Size().Height == 0 {
		bottom = l.Height()
	}
	first, last := l.lineAt(top), l.lineAt(bottom)
	lo, hi := l.lines[first].start, l.lines[last].end+1
	textH := l.boxH
	barY := textH + 1
	th := theme.CurrentForWidget(r.b)
	variant := theme.VariantDark
	if a := fyne.CurrentApp(); a != nil {
		variant = a.Settings().ThemeVariant()
	}
	fg := th.Color(theme.ColorNameForeground, variant)

	// Span fills and outlines, behind everything else.
	for _, s := range v.spans {
		if s.End <= lo || s.Start >= hi {
			continue
		}
		c := spanColor(s.Color)
		l.Boxes(max(s.Start, lo), min(s.End, hi), func(x0, x1, y float32) {
			if s.Style == Suggested {
				r.rect(withAlpha(c, 0x22), withAlpha(c, 0xd0), 1.5, pad+x0, pad+y, x1-x0, textH)
				return
			}
			r.rect(SpanFill(c), nil, 0, pad+x0, pad+y, x1-x0, textH)
		})
	}
	// Selection.
	if a, b := v.Selection(); a < b {
		sel := ThemeColor(th, ColorNameTextSelection, variant)
		l.Boxes(max(a, lo), min(b, hi), func(x0, x1, y float32) {
			r.rect(sel, nil, 0, pad+x0, pad+y, x1-x0, textH)
		})
	}
	// Text.
	fs := loadFonts()
	for k := range r.pieces {
		if k.line < first || k.line > last {
			delete(r.pieces, k)
		}
	}
	for i := first; i <= last; i++ {
		ln := &l.lines[i]
		for j, p := range ln.pieces {
			if p.face == faceNone {
				if p.w > 0 {
					r.rect(color.Transparent, fg, 1, pad+p.x+1, pad+ln.y+l.baseline-l.size*0.7, p.w-2, l.size*0.7)
				}
				continue
			}
			y := pad + ln.y + l.baseline - l.ascent[p.face]
			r.piece(i, j, p, fg, l.size, fs.res[p.face], pad+p.x, y)
		}
	}
	// Underline bars, one row per nesting depth.
	for i, s := range v.spans {
		if s.End <= lo || s.Start >= hi {
			continue
		}
		c := spanColor(s.Color)
		y0 := barY + float32(v.depth[i]%barRows)*barStep
		l.Boxes(max(s.Start, lo), min(s.End, hi), func(x0, x1, y float32) {
			if s.Style == Suggested {
				for x := x0; x < x1; x += 6 {
					r.rect(c, nil, 0, pad+x, pad+y+y0, min(3, x1-x), barH)
				}
				return
			}
			r.rect(c, nil, 0, pad+x0, pad+y+y0, x1-x0, barH)
		})
	}
	// Arrows of the links behind the label tags under the bars, their
	// heads and names over the tags, or the label of the span under the pointer
	// above its first box.
	names, heads := r.drawLinks(l, first, last, pad, fg)
	var tags []tag
	if v.showTags {
		if len(names) > 0 {
			tags = v.placeTags(l, first, last)
		}
		r.drawTags(l, first, last, pad, fg)
	}
	bg := th.Color(theme.ColorNameBackground, variant)
	r.drawHeads(heads, bg)
	r.drawLinkNames(l, names, tags, pad, fg, bg)
	if h := v.hover; !v.showTags && h >= 0 && h < len(v.spans) && v.spans[h].Label != "" {
		s := v.spans[h]
		done := false
		l.Boxes(s.Start, s.End, func(x0, x1, y float32) {
			if done {
				return
			}
			done = true
			size := l.size * 0.6
			t := r.label(s.Label, color.White, size, 0, 0)
			w, hgt := t.MinSize().Width, t.MinSize().Height
			x := x1 - w - 2
			if !l.lines[l.lineOf(s.Start)].rtl {
				x = x0 + 2
			}
			ty := pad + y - hgt + 2
			// The tag's background goes under its text.
			r.objects = r.objects[:len(r.objects)-1]
			r.rect(withAlpha(spanColor(s.Color), 0xf0), nil, 0, pad+x-2, ty, w+4, hgt)
			t.Move(fyne.NewPos(pad+x, ty))
			r.objects = append(r.objects, t)
		})
	}
	// Caret.
	if v.focused {
		x, y := l.Point(v.caretShown())
		r.rect(th.Color(theme.ColorNamePrimary, variant), nil, 0, pad+x-1, pad+y, 2, textH)
	}
}

// spanColor gives spans without a colour a visible one.
func spanColor(c color.Color) color.Color {
	if c == nil {
		return color.NRGBA{R: 0x1e, G: 0x88, B: 0xe5, A: 0xff}
	}
	return c
}

// SpanFill is the translucent colour the view fills a span of colour c
// with, behind its text.
func SpanFill(c color.Color) color.Color { return withAlpha(spanColor(c), 0x55) }

// withAlpha returns c, made opaque, with alpha a.
func withAlpha(c color.Color, a uint8) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}
