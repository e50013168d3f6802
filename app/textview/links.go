package textview

import (
	"cmp"
	"image/color"
	"math"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// Link is a relation the view draws as an arrow from span From to span To
// (ids of the view's spans), named Label, in Color (nil draws it in the
// text colour).
type Link struct {
	From, To uint64
	Label    string
	Color    color.Color
}

// Arrows run in a row of their own under the lines they join, between the
// underline bars and the label tags, so that neither they nor their names
// ever cross a tag: down from a dot just left of the middle of the From
// span's first box, along the line, and up to the arrowhead just right of
// the middle of the To span. An arrow between lines turns into
// the margin beside the text, on the side nearer to both of its spans, and
// runs along it to the other line. The arrow's type is written over its
// first run in view.
const (
	linkW      = 1.5 // thickness of an arrow
	linkHead   = 6   // length of each stroke of the arrowhead
	linkTail   = 4   // size of the dot at an arrow's start
	laneStep   = 3   // between two arrows that run along the same line
	sideStep   = 2.5 // between two arrows that run along the margin
	linkMinRun = 10  // the shortest run along a line
)

// SetLinks replaces the arrows drawn between spans. Links naming a span the
// view does not have, or from a span to itself, are not drawn. The lines
// an arrow runs along get a row of room under them, as the lines with
// label tags do; offsets stay where they are.
func (v *View) SetLinks(links []Link) {
	room := v.showTags || len(v.links) > 0
	v.links = slices.Clone(links)
	if room != (v.showTags || len(v.links) > 0) {
		v.layout = nil
	}
	v.roomSet = false
	v.Refresh()
}

// Links returns the links drawn.
func (v *View) Links() []Link { return slices.Clone(v.links) }

// run is the stretch of an arrow along one line, in layout coordinates.
type run struct {
	line   int
	x0, x1 float32 // from where the arrow comes to where it goes
	lane   int
}

// route is where one link is drawn.
type route struct {
	link int   // index in the view's links
	runs []run // one on the same line, or the From and To lines' runs
	from float32
	to   float32 // x of the arrowhead, on the last run's line
	side float32 // x of the margin run between lines
}

// anchor returns the line of the first box of span s and where on it an
// arrow leaves s (out) or reaches it: a little left or right of the box's
// middle, so that arrows leaving and reaching a span do not meet.
func anchor(l *Layout, s Span, out bool) (line int, x float32, ok bool) {
	start, end := max(s.Start, 0), min(s.End, l.n)
	if start >= end || len(l.lines) == 0 {
		return 0, 0, false
	}
	l.Boxes(start, end, func(x0, x1, y float32) {
		if ok {
			return
		}
		d := min((x1-x0)/6, l.size/2)
		if out {
			d = -d
		}
		line, x, ok = l.lineAt(y+l.lineHeight/2), (x0+x1)/2+d, true
	})
	return line, x, ok
}

// routes returns how the view's links are drawn, given the room pad beside
// the text, with lanes along each line and along each margin chosen so
// that arrows side by side do not run into each other.
func (v *View) routes(l *Layout, pad float32) []route {
	index := make(map[uint64]int, len(v.spans))
	for i := len(v.spans) - 1; i >= 0; i-- {
		index[v.spans[i].ID] = i
	}
	var rs []route
	var left, right int // arrows along each margin so far
	for k, ln := range v.links {
		fi, ok1 := index[ln.From]
		ti, ok2 := index[ln.To]
		if !ok1 || !ok2 || ln.From == ln.To {
			continue
		}
		fl, fx, ok1 := anchor(l, v.spans[fi], true)
		tl, tx, ok2 := anchor(l, v.spans[ti], false)
		if !ok1 || !ok2 {
			continue
		}
		r := route{link: k, from: fx, to: tx}
		if fl == tl {
			if abs32(tx-fx) < linkMinRun {
				// Spans sharing a middle: the arrow goes to the To
				// span a little to one side.
				r.to = fx - linkMinRun
				if r.to < 0 {
					r.to = fx + linkMinRun
				}
			}
			r.runs = []run{{line: fl, x0: fx, x1: r.to}}
		} else {
			// Along the margin nearer to both ends, in the padding.
			if (l.width-fx)+(l.width-tx) < fx+tx {
				r.side = min(l.width+2+float32(right)*sideStep, l.width+pad-1)
				right++
			} else {
				r.side = max(-2-float32(left)*sideStep, -pad+1)
				left++
			}
			r.runs = []run{{line: fl, x0: fx, x1: r.side}, {line: tl, x0: r.side, x1: tx}}
		}
		rs = append(rs, r)
	}
	// Lanes along each line: the first free one, runs taken from the
	// left.
	type ref struct{ r, k int }
	var refs []ref
	for i := range rs {
		for k := range rs[i].runs {
			refs = append(refs, ref{i, k})
		}
	}
	lo := func(u run) float32 { return min(u.x0, u.x1) }
	hi := func(u run) float32 { return max(u.x0, u.x1) }
	slices.SortStableFunc(refs, func(a, b ref) int {
		ua, ub := rs[a.r].runs[a.k], rs[b.r].runs[b.k]
		if ua.line != ub.line {
			return ua.line - ub.line
		}
		return cmp.Compare(lo(ua), lo(ub))
	})
	var ends []float32 // right end of the last run in each lane of a line
	for n, f := range refs {
		u := &rs[f.r].runs[f.k]
		if n == 0 || rs[refs[n-1].r].runs[refs[n-1].k].line != u.line {
			ends = ends[:0]
		}
		u.lane = len(ends)
		for lane, e := range ends {
			if e+laneStep < lo(*u) {
				u.lane = lane
				break
			}
		}
		if u.lane == len(ends) {
			ends = append(ends, 0)
		}
		ends[u.lane] = hi(*u)
	}
	return rs
}

// laneY returns the height of lane k of a line whose tag row starts at
// rowTop: lanes alternate around the middle of the tag row, inside it.
func laneY(l *Layout, rowTop float32, k int) float32 {
	h := tagHeight(l.size)
	room := max(float32(math.Floor(float64(h/2-1)/laneStep)), 0)
	n := float32((k + 1) / 2)
	if room > 0 {
		n = float32(math.Mod(float64(n), float64(room+1)))
	} else {
		n = 0
	}
	if k%2 == 1 {
		n = -n
	}
	return rowTop + h/2 + n*laneStep
}

// deepestBars returns the deepest underline bar row of each line.
func (v *View) deepestBars(l *Layout) []int {
	deepest := make([]int, len(l.lines))
	for i, s := range v.spans {
		start, end := max(s.Start, 0), min(s.End, l.n)
		if start >= end {
			continue
		}
		for li := l.lineOf(start); li <= l.lineOf(end-1); li++ {
			deepest[li] = max(deepest[li], v.depth[i]%barRows)
		}
	}
	return deepest
}

// linkLine adds one stroke of an arrow, in view coordinates.
func (r *bodyRenderer) linkLine(c color.Color, x0, y0, x1, y1 float32) {
	if r.nl == len(r.lines) {
		r.lines = append(r.lines, &canvas.Line{})
	}
	o := r.lines[r.nl]
	r.nl++
	o.StrokeColor, o.StrokeWidth = c, linkW
	o.Position1, o.Position2 = fyne.NewPos(x0, y0), fyne.NewPos(x1, y1)
	r.objects = append(r.objects, o)
}

// drawLinks draws the strokes of the arrows on lines first to last, and
// returns their type names and arrowheads, which drawLinkNames and
// drawHeads draw once the label tags are drawn.
func (r *bodyRenderer) drawLinks(l *Layout, first, last int, pad float32, fg color.Color) ([]name, []head) {
	v := r.b.v
	if len(v.links) == 0 || len(l.lines) == 0 {
		return nil, nil
	}
	// The rows of every line, so that an arrow from a line out of view
	// still meets the margin at its height.
	deepest := v.deepestBars(l)
	top, bottom := l.lines[first].y, l.lines[last].y+l.lines[last].h
	shown := func(line int) bool { return line >= first && line <= last }
	var names []name
	var heads []head
	for _, rt := range v.routes(l, pad) {
		ln := v.links[rt.link]
		c := ln.Color
		if c == nil {
			c = fg
		}
		laneAt := func(u run) float32 {
			y := l.lines[u.line].y
			return laneY(l, y+tagY(l.boxH, deepest[u.line]), u.lane)
		}
		below := func(line int) float32 { return l.lines[line].y + l.boxH + 1 }
		named := false // the type is written on the first run in view
		for _, u := range rt.runs {
			if !shown(u.line) {
				continue
			}
			y := laneAt(u)
			r.linkLine(c, pad+u.x0, pad+y, pad+u.x1, pad+y)
			if ln.Label != "" && !named {
				named = true
				t := v.tagText(ln.Label, l.size)
				w := t.width + 2*tagPad(l.size)
				mid := (u.x0 + u.x1) / 2
				rowTop := l.lines[u.line].y + tagY(l.boxH, deepest[u.line])
				names = append(names, name{tag: tag{span: rt.link, x0: mid - w/2, x1: mid + w/2, y: rowTop, text: t},
					lo: min(u.x0, u.x1), hi: max(u.x0, u.x1)})
			}
		}
		from, to := rt.runs[0], rt.runs[len(rt.runs)-1]
		fy, ty := laneAt(from), laneAt(to)
		if shown(from.line) {
			// The tail: a dot under the From span, so that the arrow's
			// two ends never look alike.
			r.linkLine(c, pad+rt.from, pad+below(from.line), pad+rt.from, pad+fy)
			r.rect(c, nil, 0, pad+rt.from-linkTail/2, pad+below(from.line), linkTail, linkTail)
		}
		if len(rt.runs) > 1 {
			// Along the margin, only where it is in view.
			y0, y1 := max(min(fy, ty), top), min(max(fy, ty), bottom)
			if y0 < y1 {
				r.linkLine(c, pad+rt.side, pad+y0, pad+rt.side, pad+y1)
			}
		}
		if shown(to.line) {
			y := below(to.line) + 1 // room for the head's rim
			r.linkLine(c, pad+rt.to, pad+ty, pad+rt.to, pad+y)
			heads = append(heads, head{x: pad + rt.to, y: pad + y, c: c})
		}
	}
	return names, heads
}

// head is an arrowhead pointing up at (x, y), in view coordinates.
type head struct {
	x, y float32
	c    color.Color
}

// drawHeads draws the arrowheads over the label tags that would hide
// them, each on a rim of the background colour bg that sets it off from a
// tag of its own colour.
func (r *bodyRenderer) drawHeads(heads []head, bg color.Color) {
	for _, h := range heads {
		for rim := range 2 {
			c := h.c
			if rim == 0 {
				c = bg
			}
			for _, dx := range []float32{-0.7 * linkHead, 0.7 * linkHead} {
				r.linkLine(c, h.x, h.y, h.x+dx, h.y+linkHead)
				if rim == 0 {
					r.lines[r.nl-1].StrokeWidth += 2
				}
			}
		}
	}
}

// name is the type of a link written over its run, which spans lo to hi.
type name struct {
	tag
	lo, hi float32
}

// drawLinkNames writes the type of each arrow in a small tag over the
// middle of its run, outlined in the arrow's colour on the background.
// Names move along their run, as little as they can, off the label tags
// in tags and off each other; those of shorter runs, with less room, are
// placed first.
func (r *bodyRenderer) drawLinkNames(l *Layout, names []name, tags []tag, pad float32, fg, bg color.Color) {
	v := r.b.v
	gap := tagPad(l.size)
	slices.SortStableFunc(names, func(a, b name) int { return cmp.Compare(a.hi-a.lo, b.hi-b.lo) })
	var placed []tag
	for k := range names {
		t := &names[k]
		x, ok := freeSpot(t, append(tags, placed...), l.width, gap)
		if !ok {
			// Crowded: over the label tags, but off the other names
			// if it can.
			if x, ok = freeSpot(t, placed, l.width, gap); !ok {
				x = t.x0
			}
		}
		t.x0, t.x1 = x, x+t.x1-t.x0
		placed = append(placed, t.tag)
	}
	size := tagSize(l.size)
	h := tagHeight(l.size)
	for _, t := range names {
		c := v.links[t.span].Color
		if c == nil {
			c = fg
		}
		if r.nlr == len(r.linkRects) {
			r.linkRects = append(r.linkRects, &canvas.Rectangle{})
		}
		o := r.linkRects[r.nlr]
		r.nlr++
		o.FillColor, o.StrokeColor, o.StrokeWidth, o.CornerRadius = bg, c, linkW, h/2
		o.Move(fyne.NewPos(pad+t.x0, pad+t.y))
		o.Resize(fyne.NewSize(t.x1-t.x0, h))
		r.objects = append(r.objects, o)
		r.pillText(t.text, fg, size, h, pad+t.x0+gap, pad+t.y, &r.linkTexts, &r.nlt, false)
	}
}

// freeSpot returns the left edge nearest to t's that keeps t's middle over
// its run and t, on its row, gap away from every tag in taken on the same
// row, inside [0, width] when it fits; ok is false when there is none.
func freeSpot(t *name, taken []tag, width, gap float32) (x float32, ok bool) {
	w := t.x1 - t.x0
	clear := func(x float32) bool {
		if x+w/2 < t.lo || x+w/2 > t.hi {
			return false
		}
		for _, o := range taken {
			if o.y == t.y && x < o.x1+gap && o.x0 < x+w+gap {
				return false
			}
		}
		return true
	}
	cands := []float32{t.x0, t.lo - w/2, t.hi - w/2}
	for _, o := range taken {
		if o.y == t.y {
			cands = append(cands, o.x1+gap, o.x0-gap-w)
		}
	}
	bestD := float32(math.Inf(1))
	for _, c := range cands {
		if w <= width {
			c = max(0, min(c, width-w))
		}
		if d := abs32(c - t.x0); d < bestD && clear(c) {
			x, bestD, ok = c, d, true
		}
	}
	return x, ok
}
