package textview

import (
	"cmp"
	"image/color"
	"math"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// Underline bars: one row per nesting depth, deeper spans reusing the rows
// from the top.
const (
	barRows = 4 // rows of bars under a line
	barStep = 3 // from one row to the next
	barH    = 2 // thickness of a bar
)

// tagScale is the size of a label tag's text relative to the text's.
const tagScale = 0.62

// tagSize returns the text size of the label tags of text drawn at size.
func tagSize(size float32) float32 { return size * tagScale }

// tagHeight returns the height of a label tag of text drawn at size.
func tagHeight(size float32) float32 { return float32(math.Round(float64(tagSize(size) * 1.3))) }

// tagPad returns the room between a tag's edges and its text, and between
// two tags side by side.
func tagPad(size float32) float32 { return float32(math.Ceil(float64(tagSize(size) * 0.3))) }

// tagLineHeight returns the height of a line with label tags: tall enough
// for tags under the deepest row of underline bars and a margin above the
// next line.
func tagLineHeight(boxH, lineHeight, size float32) float32 {
	return max(lineHeight, float32(math.Ceil(float64(tagY(boxH, barRows-1)+tagHeight(size)+2))))
}

// tag is a span's label tag placed on a line, in layout coordinates.
type tag struct {
	span   int     // index of the span in the view's spans
	x0, x1 float32 // the tag's left and right edges
	y      float32 // the tag's top
	text   *Layout // the label laid out at the tag size
}

// SetShowLabels shows or hides each span's label name as a tag under the
// logical start of the span. Lines get taller to hold the tags; offsets
// stay where they are.
func (v *View) SetShowLabels(show bool) {
	v.showTags = show
	v.layout = nil
	v.Refresh()
}

// tagText returns label laid out on one line in bold at the tag size of
// text drawn at size. Labels are few, so each is laid out once per size.
func (v *View) tagText(label string, size float32) *Layout {
	if v.tagTextSize != size {
		v.tagTexts, v.tagTextSize = nil, size
	}
	if t := v.tagTexts[label]; t != nil {
		return t
	}
	if v.tagTexts == nil {
		v.tagTexts = make(map[string]*Layout)
	}
	t := newLine(strings.Join(strings.Fields(label), " "), Options{Size: tagSize(size), Bold: true})
	v.tagTexts[label] = t
	return t
}

// startEdge returns where the tag of a span starting at cp attaches: the
// line showing the span's first grapheme and the leading edge of that
// grapheme (its right edge when it runs right to left). ok is false when no
// grapheme of the span before end is drawn.
func (l *Layout) startEdge(cp, end int) (line int, x float32, rtl, ok bool) {
	for i := l.lineOf(cp); i < len(l.lines) && l.lines[i].start < end; i++ {
		for _, c := range l.lines[i].cells {
			if c.start < cp || c.end > end {
				continue
			}
			if c.rtl {
				return i, c.x1, true, true
			}
			return i, c.x0, false, true
		}
	}
	return 0, 0, false, false
}

// placeTags returns the tags of the labelled spans that start on lines
// first to last. A tag hangs from the logical start of its span, just under
// the deepest underline bar of the span's first line; tags that would
// overlap move along the line's reading direction, so spans starting at the
// same place get their tags side by side, the outer span's first, and tags
// pushed past the end of the line move back inside it.
func (v *View) placeTags(l *Layout, first, last int) []tag {
	type anchored struct {
		tag
		line  int
		start int
		len   int
	}
	var all []anchored
	lo, hi := l.lines[first].start, l.lines[last].end
	size, pad := l.size, tagPad(l.size)
	deepest := make([]int, last-first+1) // deepest bar row of each line
	for i, s := range v.spans {
		start, end := max(s.Start, 0), min(s.End, l.n)
		if start >= end || start > hi || end <= lo {
			continue
		}
		for li := max(l.lineOf(start), first); li <= min(l.lineOf(end-1), last); li++ {
			deepest[li-first] = max(deepest[li-first], v.depth[i]%barRows)
		}
		if s.Label == "" {
			continue
		}
		li, x, rtl, ok := l.startEdge(start, end)
		if !ok || li < first || li > last {
			continue
		}
		t := v.tagText(s.Label, size)
		w := t.width + 2*pad
		a := anchored{tag: tag{span: i, x0: x, x1: x + w, text: t}, line: li, start: start, len: end - start}
		if rtl {
			a.x0, a.x1 = x-w, x
		}
		all = append(all, a)
	}
	slices.SortStableFunc(all, func(a, b anchored) int {
		if a.line != b.line {
			return a.line - b.line
		}
		// Along the line's reading direction, then outer spans first.
		var c int
		if l.lines[a.line].rtl {
			c = cmp.Compare(b.x1, a.x1)
		} else {
			c = cmp.Compare(a.x0, b.x0)
		}
		if c != 0 {
			return c
		}
		if a.start != b.start {
			return a.start - b.start
		}
		return b.len - a.len
	})
	tags := make([]tag, len(all))
	for k, a := range all {
		a.y = l.lines[a.line].y + tagY(l.boxH, deepest[a.line-first]) + v.arrowRowAt(l, a.line)
		tags[k] = a.tag
	}
	for k := 0; k < len(all); {
		n := k + 1
		for n < len(all) && all[n].line == all[k].line {
			n++
		}
		packTags(tags[k:n], l.lines[all[k].line].rtl, l.width, pad)
		k = n
	}
	return tags
}

// arrowRow returns the height of the row of arrows and their names on a
// line with label tags, text drawn at size.
func arrowRow(size float32) float32 { return tagHeight(size) + 2 }

// tagY returns the top of the tags of a line whose deepest underline bar
// is in row depth, below the line's top.
func tagY(boxH float32, depth int) float32 {
	return float32(math.Ceil(float64(boxH + 1 + float32(depth)*barStep + barH + 1)))
}

// packTags moves the tags of one line, given in its reading direction, so
// that each keeps gap from the one before it, and then back inside [0,
// width] where they were pushed past the line's end. Tags wider together
// than the line overflow its far end.
func packTags(tags []tag, rtl bool, width, gap float32) {
	if rtl {
		mirrorTags(tags, width)
		defer mirrorTags(tags, width)
	}
	for k := 1; k < len(tags); k++ {
		if d := tags[k-1].x1 + gap - tags[k].x0; d > 0 {
			tags[k].x0 += d
			tags[k].x1 += d
		}
	}
	limit := width
	for k := len(tags) - 1; k >= 0; k-- {
		if d := tags[k].x1 - limit; d > 0 {
			tags[k].x0 -= d
			tags[k].x1 -= d
		}
		limit = tags[k].x0 - gap
	}
	limit = 0
	for k := range tags {
		d := limit - tags[k].x0
		if d <= 0 {
			break
		}
		tags[k].x0 += d
		tags[k].x1 += d
		limit = tags[k].x1 + gap
	}
}

// mirrorTags flips tags left to right within [0, width].
func mirrorTags(tags []tag, width float32) {
	for k := range tags {
		tags[k].x0, tags[k].x1 = width-tags[k].x1, width-tags[k].x0
	}
}

// drawTags draws the label tags of the spans that start on lines first to
// last: a solid span's tag is filled with its colour, a suggested span's is
// outlined and lightly filled like the span, with its text in fg.
func (r *bodyRenderer) drawTags(l *Layout, first, last int, pad float32, fg color.Color) {
	v := r.b.v
	size := tagSize(l.size)
	h := tagHeight(l.size)
	inner := tagPad(l.size)
	for _, t := range v.placeTags(l, first, last) {
		s := v.spans[t.span]
		c := spanColor(s.Color)
		ink := fg
		if s.Style == Suggested {
			r.rect(withAlpha(c, 0x30), withAlpha(c, 0xd0), 1, pad+t.x0, pad+t.y, t.x1-t.x0, h)
		} else {
			r.rect(withAlpha(c, 0xff), nil, 0, pad+t.x0, pad+t.y, t.x1-t.x0, h)
			ink = inkOn(c)
		}
		r.rects[r.nr-1].CornerRadius = h / 4
		r.pillText(t.text, ink, size, h, pad+t.x0+inner, pad+t.y, &r.tagPieces, &r.ntp, true)
	}
}

// pillText places text, laid out on one line at tag size, in a pill of
// height h whose top is y, starting at x; texts come from pool, n of them
// already used. Code points no bundled face has are drawn as boxes when
// boxes is set, else left out.
func (r *bodyRenderer) pillText(text *Layout, ink color.Color, size, h, x, y float32, pool *[]*canvas.Text, n *int, boxes bool) {
	ln := &text.lines[0]
	// Arabic letters reach lower under the baseline than Latin capitals,
	// so an Arabic text sits higher to look centred.
	rise := float32(0.36)
	if slices.ContainsFunc(ln.pieces, func(p piece) bool { return p.face == faceArabic }) {
		rise = 0.22
	}
	base := y + h/2 + rise*size
	fs := loadStyle(true)
	for _, p := range ln.pieces {
		if p.face == faceNone {
			if boxes && p.w > 0 {
				r.rect(color.Transparent, ink, 1, x+p.x+1, base-size*0.7, p.w-2, size*0.7)
			}
			continue
		}
		r.pooledText(pool, n, p.text, ink, size, fs.res[p.face], x+p.x, base-text.ascent[p.face])
	}
}

// pooledText places one text, reusing the next canvas.Text of pool (n of
// them already used) and refreshing it only when its content changed.
func (r *bodyRenderer) pooledText(pool *[]*canvas.Text, n *int, s string, c color.Color, size float32, src fyne.Resource, x, y float32) {
	if *n == len(*pool) {
		*pool = append(*pool, &canvas.Text{})
	}
	t := (*pool)[*n]
	*n++
	if t.Text != s || t.Color != c || t.TextSize != size || t.FontSource != src {
		t.Text, t.Color, t.TextSize, t.FontSource = s, c, size, src
		canvas.Refresh(t)
	}
	t.Move(fyne.NewPos(x, y))
	t.Resize(t.MinSize())
	r.objects = append(r.objects, t)
}

// inkOn returns a text colour readable on a background of colour c: near
// black on light colours, white on dark ones.
func inkOn(c color.Color) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	if 299*int(n.R)+587*int(n.G)+114*int(n.B) > 150_000 {
		return color.NRGBA{R: 0x14, G: 0x14, B: 0x14, A: 0xff}
	}
	return color.White
}

// tagAt returns the index of the span whose label tag is under p, or -1.
func (v *View) tagAt(p fyne.Position) int {
	if !v.showTags {
		return -1
	}
	l := v.currentLayout()
	if len(l.lines) == 0 {
		return -1
	}
	x, y := v.point(p)
	li := l.lineAt(y)
	h := tagHeight(l.size)
	for _, t := range v.placeTags(l, li, li) {
		if x >= t.x0 && x < t.x1 && y >= t.y && y < t.y+h {
			return t.span
		}
	}
	return -1
}
