package textview

import (
	"cmp"
	"math"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// cell is one grapheme of a laid-out line: its code-point range and its box.
type cell struct {
	start, end int
	x0, x1     float32
	rtl        bool // the grapheme runs right to left
}

// piece is one drawn canvas.Text (or a box for a character no bundled face
// has): a single shaping run with no whitespace in it.
type piece struct {
	text string
	face faceID
	x, w float32
}

// line is one laid-out line.
type line struct {
	start, end int // code points covered, the paragraph's '\n' excluded
	rtl        bool
	y, h       float32 // top and height: taller with a row for tags
	cells      []cell  // graphemes, in logical order
	vis        []cell  // the same, left to right
	pieces     []piece // in visual order
}

// Layout is a text laid out at one width, text size and direction. It is
// read-only once built and answers the geometry questions of the view:
// where an offset is drawn and which offset a point hits.
type Layout struct {
	width, size float32
	lineHeight  float32 // of a line without room for label tags
	roomH       float32 // of a line with room for tags and arrows, with Tags
	height      float32 // of the whole text
	baseline    float32 // from a line's top to its baseline
	boxH        float32 // height of the span, selection and caret boxes
	descent     float32 // from the baseline to the bottom of the lowest face
	n           int
	boundary    []bool // boundary[cp]: a grapheme boundary sits before cp
	word        []bool // word[cp]: the grapheme at cp is a letter, mark or digit
	text        string
	tokens      *words // the text's tokens, cut on first use
	lines       []line
	ascent      [numFaces]float32
	bold        bool
	// oneLine lays each paragraph out on a single line as wide as it
	// needs, the layout's width growing to the widest.
	oneLine bool
}

// item is a run of graphemes of one paragraph with one level and one face,
// or a run of whitespace.
type item struct {
	start, end int    // code points, paragraph-relative
	text       string // the item's text, a substring of the paragraph's
	level      uint8
	face       faceID
	space      bool
	width      float32
	pieces     []piece   // x relative to the item's left edge
	x0, x1     []float32 // rune boxes relative to the item's left edge
	cell       int       // first of the item's cells in its line
	cellEnd    int
}

// lineGap is the room under each line, as a fraction of the text size, for
// the span underline bars and the label of the span under the pointer.
const lineGap = 0.45

// Line metrics of Dense layouts, as fractions of the text size: the room
// above the baseline (a letter with a hamza and a haraka), below it (the
// tails of yeh and noon, a kasra) and between lines.
const (
	denseAscent  = 1.1
	denseDescent = 0.55
	denseGap     = 0.28
)

// emptyLine is the height of an empty line (the blank line between two
// paragraphs) relative to a line of text.
const emptyLine = 0.5

// Options are the settings a layout depends on besides text and width.
type Options struct {
	// Size is the text size, from 1 to 500; out of range means 14.
	Size float32
	// Dir is the paragraph direction.
	Dir Direction
	// HideMarks leaves harakat and Quranic marks out of the drawn text.
	// Offsets do not change: a hidden mark stays in its letter's grapheme.
	HideMarks bool
	// Bold measures the text in the bold faces.
	Bold bool
	// Dense spaces lines for reading many of them: by the letters and
	// one stacked mark rather than by the tallest mark stack the fonts
	// allow, which may then reach into the room between lines.
	Dense bool
	// Tags lets lines have a row under the underline bars for span label
	// tags and relation arrows; the view gives that room only to the
	// lines that show a tag or an arrow. Offsets and x positions do not
	// change.
	Tags bool
}

// NewLayout lays text out in lines at most width wide. Words wider than a
// line overflow it.
func NewLayout(text string, width float32, o Options) *Layout {
	return newLayout(text, width, o, false)
}

// newLine lays a text of one paragraph out on a single line, as wide as it
// needs.
func newLine(text string, o Options) *Layout {
	return newLayout(text, 0, o, true)
}

func newLayout(text string, width float32, o Options, oneLine bool) *Layout {
	size, dir := o.Size, o.Dir
	if !(size >= 1 && size <= 500) {
		size = 14
	}
	if math.IsNaN(float64(width)) || width < 0 {
		width = 0
	}
	s := begin(size, o.Bold)
	defer s.end()
	s.hide = o.HideMarks
	l := &Layout{width: width, size: size, bold: o.Bold, oneLine: oneLine, text: text}
	asc, desc := float32(0), float32(0)
	for i, m := range s.met {
		if s.fs.faces[i] == nil {
			continue
		}
		l.ascent[i] = m.ascent
		asc = max(asc, m.ascent)
		desc = max(desc, m.height-m.ascent)
	}
	gap := size * lineGap
	if o.Dense {
		// The fonts' own ascent and descent make room for marks stacked
		// two high over the tallest letter; news text has at most one.
		asc, desc = min(asc, denseAscent*size), min(desc, denseDescent*size)
		gap = max(size*denseGap, barH+3)
	}
	l.baseline, l.descent = asc, desc
	l.lineHeight = float32(math.Ceil(float64(asc + desc + gap)))
	l.boxH = l.baseline + (l.lineHeight - l.baseline - gap)
	if o.Tags {
		l.roomH = tagLineHeight(l.boxH, l.lineHeight, size)
	}

	runes := []rune(text)
	l.n = len(runes)
	l.boundary = make([]bool, l.n+1)
	l.word = make([]bool, l.n+1)
	prevLevel := uint8(1)
	for start := 0; start <= len(runes); {
		end := start
		for end < len(runes) && runes[end] != '\n' {
			end++
		}
		para := runes[start:end]
		level := uint8(0)
		switch dir {
		case RTL:
			level = 1
		case LTR:
			level = 0
		default:
			var ok bool
			if level, ok = strongLevel(para); !ok {
				level = prevLevel
			}
		}
		prevLevel = level
		l.paragraph(s, para, start, level)
		l.boundary[end] = true
		start = end + 1
	}
	return l
}

// paragraph lays out one paragraph starting at code point off.
func (l *Layout) paragraph(s *shaper, para []rune, off int, level uint8) {
	levels := make([]uint8, len(para))
	resolveLevels(para, level, levels)

	// Graphemes grouped into items.
	var items []item
	paraText := string(para)
	str := paraText
	state := -1
	pos, bpos := 0, 0
	for len(str) > 0 {
		var cl string
		cl, str, _, state = uniseg.FirstGraphemeClusterInString(str, state)
		first, _ := utf8.DecodeRuneInString(cl)
		a, b := pos, pos+utf8.RuneCountInString(cl)
		bstart := bpos
		pos, bpos = b, bpos+len(cl)
		l.boundary[off+a] = true
		space := unicode.IsSpace(first)
		isWord := unicode.In(first, unicode.L, unicode.M, unicode.N)
		for i := a; i < b; i++ {
			l.word[off+i] = isWord
		}
		f := faceNone
		if !space {
			f = s.graphemeFace(para[a:b])
		}
		lv := levels[a]
		if n := len(items); n > 0 {
			it := &items[n-1]
			if it.space == space && (space || it.level == lv && it.face == f) {
				it.end = b
				it.text = paraText[bpos-len(it.text)-len(cl) : bpos]
				continue
			}
		}
		items = append(items, item{start: a, end: b, text: paraText[bstart:bpos], level: lv, face: f, space: space})
	}
	l.boundary[off+len(para)] = true
	boxes := make([]float32, 2*len(para))
	for i := range items {
		it := &items[i]
		it.x0, it.x1 = boxes[2*it.start:2*it.start+it.end-it.start], boxes[it.start+it.end:2*it.end]
		s.measureItem(para, l.boundary[off:], it, l.size)
	}
	if len(items) == 0 {
		l.lines = append(l.lines, line{start: off, end: off, rtl: level%2 == 1, y: l.height, h: l.emptyH()})
		l.height += l.emptyH()
		return
	}
	// Greedy wrap: a line takes whole words while they fit; the spaces
	// before a word that does not fit stay at the end of the line.
	first := 0
	lineW, pending := float32(0), float32(0)
	hasWord := false
	for i := 0; i < len(items); {
		if items[i].space {
			pending += items[i].width
			i++
			continue
		}
		j, w := i, float32(0)
		for j < len(items) && !items[j].space {
			w += items[j].width
			j++
		}
		if hasWord && !l.oneLine && lineW+pending+w > l.width {
			l.addLine(items[first:i], off, level)
			first, lineW = i, 0
		} else {
			lineW += pending
		}
		lineW += w
		pending = 0
		hasWord = true
		i = j
	}
	l.addLine(items[first:], off, level)
}

// addLine orders one line's items visually (UAX #9 L1, L2) and places them.
func (l *Layout) addLine(items []item, off int, level uint8) {
	ln := line{start: off + items[0].start, end: off + items[len(items)-1].end, rtl: level%2 == 1, y: l.height, h: l.lineHeight}
	l.height += l.lineHeight
	levels := make([]uint8, len(items))
	trailing := true
	total := float32(0)
	for i := len(items) - 1; i >= 0; i-- {
		it := items[i]
		total += it.width
		levels[i] = it.level
		if trailing && it.space {
			levels[i] = level
		} else {
			trailing = false
		}
	}
	if l.oneLine {
		l.width = max(l.width, total)
	}
	x := float32(0)
	if ln.rtl {
		x = l.width - total
	}
	order := reorder(levels)
	ln.cells = make([]cell, 0, len(items)*4)
	type placed struct {
		x   float32
		rtl bool
	}
	at := make([]placed, len(items))
	for _, k := range order {
		it := &items[k]
		at[k] = placed{x, levels[k]%2 == 1}
		for _, p := range it.pieces {
			p.x += x
			ln.pieces = append(ln.pieces, p)
		}
		x += it.width
	}
	for k := range items {
		it := &items[k]
		base := at[k].x
		it.cell = len(ln.cells)
		for a := it.start; a < it.end; {
			b := a + 1
			for b < it.end && !l.boundary[off+b] {
				b++
			}
			c := cell{start: off + a, end: off + b, x0: float32(math.Inf(1)), x1: float32(math.Inf(-1)), rtl: at[k].rtl}
			for r := a; r < b; r++ {
				c.x0 = min(c.x0, base+it.x0[r-it.start])
				c.x1 = max(c.x1, base+it.x1[r-it.start])
			}
			ln.cells = append(ln.cells, c)
			a = b
		}
		it.cellEnd = len(ln.cells)
	}
	ln.vis = make([]cell, 0, len(ln.cells))
	for _, k := range order {
		it := &items[k]
		from := len(ln.vis)
		ln.vis = append(ln.vis, ln.cells[it.cell:it.cellEnd]...)
		if at[k].rtl {
			slices.Reverse(ln.vis[from:])
		}
	}
	byX := func(a, b cell) int { return cmp.Compare(a.x0, b.x0) }
	if !slices.IsSortedFunc(ln.vis, byX) {
		slices.SortStableFunc(ln.vis, byX)
	}
	l.lines = append(l.lines, ln)
}

// graphemeFace returns the face that draws a grapheme: the first face with
// all its visible characters, else the face of its first character.
func (s *shaper) graphemeFace(cl []rune) faceID {
	first := faceNone
	for f := faceID(0); f < numFaces; f++ {
		face := s.fs.faces[f]
		if face == nil {
			continue
		}
		all := true
		for _, r := range cl {
			if _, ok := face.NominalGlyph(r); !ok && !isIgnorable(r) {
				all = false
				break
			}
		}
		if all {
			return f
		}
	}
	if len(cl) > 0 {
		first = s.fs.faceFor(cl[0])
	}
	return first
}

// measureItem cuts an item into pieces and measures them. An item becomes a
// single piece when Fyne's painter would draw its text as one run in the
// item's direction; otherwise each grapheme is a piece, mirrored when it is
// a neutral in a right-to-left item.
func (s *shaper) measureItem(para []rune, bound []bool, it *item, size float32) {
	n := it.end - it.start
	runes := para[it.start:it.end]
	rtl := it.level%2 == 1
	if it.space {
		x := float32(0)
		sp := s.space
		for i, r := range runes {
			w := sp
			if r == '\t' {
				w = 4 * sp
			}
			if rtl {
				it.x0[n-1-i], it.x1[n-1-i] = -x-w, -x
			} else {
				it.x0[i], it.x1[i] = x, x+w
			}
			x += w
		}
		if rtl {
			for i := range it.x0 {
				it.x0[i] += x
				it.x1[i] += x
			}
		}
		it.width = x
		return
	}
	if it.face != faceNone && !(rtl && !hasStrongRTL(runes)) {
		m, shown := s.measureShown(runes, it.text, it.face)
		if m.uniform && m.rtl == rtl {
			copy(it.x0, m.x0)
			copy(it.x1, m.x1)
			it.width = m.width
			if shown != "" {
				it.pieces = []piece{{text: shown, face: it.face, w: m.width}}
			}
			return
		}
	}
	// One piece per grapheme, placed in the item's direction.
	type gp struct {
		a, b int
		p    piece
		m    *shaped
	}
	var gs []gp
	for a := 0; a < n; {
		b := a + 1
		for b < n && !bound[it.start+b] {
			b++
		}
		cl := slices.Clone(runes[a:b])
		p := piece{face: it.face}
		var m *shaped
		switch {
		case it.face == faceNone:
			if !isIgnorable(cl[0]) {
				p.w = size * 0.6
			}
		default:
			if rtl && !hasStrongRTL(cl) {
				for i, r := range cl {
					cl[i] = mirror(r)
				}
			}
			m, p.text = s.measureShown(cl, string(cl), it.face)
			p.w = m.width
		}
		gs = append(gs, gp{a, b, p, m})
		a = b
	}
	if rtl {
		for i, j := 0, len(gs)-1; i < j; i, j = i+1, j-1 {
			gs[i], gs[j] = gs[j], gs[i]
		}
	}
	x := float32(0)
	for _, e := range gs {
		e.p.x = x
		if e.p.w > 0 || e.p.text != "" {
			it.pieces = append(it.pieces, e.p)
		}
		for r := e.a; r < e.b; r++ {
			if e.m != nil {
				it.x0[r], it.x1[r] = x+e.m.x0[r-e.a], x+e.m.x1[r-e.a]
			} else {
				it.x0[r], it.x1[r] = x, x+e.p.w
			}
		}
		x += e.p.w
	}
	it.width = x
}

// measureShown measures runes (whose text is text) as drawn: without the
// hidden marks when marks are hidden. It returns the boxes of all runes and
// the text to draw.
func (s *shaper) measureShown(runes []rune, text string, f faceID) (*shaped, string) {
	if !s.hide || !slices.ContainsFunc(runes, isHiddenMark) {
		m := s.measureText(runes, text, f)
		return m, m.text
	}
	kept := make([]rune, 0, len(runes))
	for _, r := range runes {
		if !isHiddenMark(r) {
			kept = append(kept, r)
		}
	}
	shown := &shaped{x0: make([]float32, len(runes)), x1: make([]float32, len(runes)), uniform: true}
	if len(kept) == 0 {
		return shown, ""
	}
	m := s.measure(kept, f)
	shown.width, shown.uniform, shown.rtl = m.width, m.uniform, m.rtl
	// A hidden mark gets an empty box at the trailing edge of the letter
	// before it, or at the leading edge of the first letter.
	k := 0
	for i, r := range runes {
		if !isHiddenMark(r) {
			shown.x0[i], shown.x1[i] = m.x0[k], m.x1[k]
			k++
			continue
		}
		var at float32
		switch {
		case k > 0 && m.rtl:
			at = m.x0[k-1]
		case k > 0:
			at = m.x1[k-1]
		case m.rtl:
			at = m.x1[0]
		default:
			at = m.x0[0]
		}
		shown.x0[i], shown.x1[i] = at, at
	}
	return shown, string(kept)
}

// isHiddenMark reports whether r is a mark HideMarks leaves out: harakat,
// superscript alef and the Quranic annotation marks.
func isHiddenMark(r rune) bool {
	switch {
	case r >= 0x0610 && r <= 0x061A, r >= 0x064B && r <= 0x065F, r == 0x0670,
		r >= 0x06D6 && r <= 0x06DC, r >= 0x06DF && r <= 0x06E4,
		r == 0x06E7, r == 0x06E8, r >= 0x06EA && r <= 0x06ED:
		return true
	}
	return false
}

func hasStrongRTL(runes []rune) bool {
	for _, r := range runes {
		if lv, ok := strongLevel([]rune{r}); ok && lv == 1 {
			return true
		}
	}
	return false
}

// Height returns the height of the laid-out text.
func (l *Layout) Height() float32 { return l.height }

// LineHeight returns the height of a line without room for label tags.
func (l *Layout) LineHeight() float32 { return l.lineHeight }

// emptyH returns the height of an empty line.
func (l *Layout) emptyH() float32 {
	return float32(math.Ceil(float64(l.lineHeight * emptyLine)))
}

// setRoom gives line i the height heights[i], at least the plain line
// height (an empty line's where it is empty); lines past the end of
// heights get the plain height. It moves the lines, nothing else.
func (l *Layout) setRoom(heights []float32) {
	y := float32(0)
	for i := range l.lines {
		h := l.lineHeight
		if l.lines[i].start == l.lines[i].end {
			h = l.emptyH()
		}
		if i < len(heights) {
			h = max(h, heights[i])
		}
		l.lines[i].y, l.lines[i].h = y, h
		y += h
	}
	l.height = y
}

// Len returns the length of the text in code points.
func (l *Layout) Len() int { return l.n }

// IsBoundary reports whether cp is a grapheme boundary of the text.
func (l *Layout) IsBoundary(cp int) bool { return cp >= 0 && cp <= l.n && l.boundary[cp] }

// lineOf returns the index of the line that shows offset cp: the line where
// cp starts a grapheme, or the line it ends.
func (l *Layout) lineOf(cp int) int {
	lo, hi := 0, len(l.lines)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if l.lines[mid].start <= cp {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// Point returns where the caret for offset cp is drawn: x, and the top of
// its line. The caret sits at the leading edge of the grapheme starting at
// cp (its right edge when that grapheme runs right to left), or at the
// trailing edge of the line's last grapheme when cp ends the line.
func (l *Layout) Point(cp int) (x, y float32) {
	cp = max(0, min(cp, l.n))
	ln := &l.lines[l.lineOf(cp)]
	for _, c := range ln.cells {
		if c.start == cp {
			if c.rtl {
				return c.x1, ln.y
			}
			return c.x0, ln.y
		}
	}
	for i := len(ln.cells) - 1; i >= 0; i-- {
		if c := ln.cells[i]; c.end == cp {
			if c.rtl {
				return c.x0, ln.y
			}
			return c.x1, ln.y
		}
	}
	if ln.rtl {
		return l.width, ln.y
	}
	return 0, ln.y
}

// lineAt returns the index of the line at height y, clamped to the text.
func (l *Layout) lineAt(y float32) int {
	i, _ := slices.BinarySearchFunc(l.lines, y, func(ln line, y float32) int {
		if ln.y <= y {
			return -1
		}
		return 1
	})
	return max(0, min(i-1, len(l.lines)-1))
}

// Offset returns the caret offset nearest to point (x, y): among the edges
// of the graphemes on the line at y, the closest; ties go to the edge where
// a grapheme starts. The result is always a grapheme boundary.
func (l *Layout) Offset(x, y float32) int {
	ln := &l.lines[l.lineAt(y)]
	best, bestD, bestLead := ln.start, float32(math.Inf(1)), false
	try := func(ex float32, cp int, lead bool) {
		d := abs32(ex - x)
		if d < bestD || d == bestD && lead && !bestLead {
			best, bestD, bestLead = cp, d, lead
		}
	}
	for _, c := range ln.cells {
		lead, trail := c.x0, c.x1
		if c.rtl {
			lead, trail = c.x1, c.x0
		}
		try(lead, c.start, true)
		try(trail, c.end, false)
	}
	return best
}

// Cell returns the code-point range of the grapheme at (x, y): the one
// whose box holds x on the line at y, or the nearest one. ok is false on an
// empty line.
func (l *Layout) Cell(x, y float32) (start, end int, ok bool) {
	ln := &l.lines[l.lineAt(y)]
	bestD := float32(math.Inf(1))
	for _, c := range ln.cells {
		if c.x1 <= c.x0 {
			continue
		}
		d := float32(0)
		switch {
		case x < c.x0:
			d = c.x0 - x
		case x >= c.x1:
			d = x - c.x1 + 1e-3
		}
		if d < bestD {
			start, end, bestD, ok = c.start, c.end, d, true
		}
	}
	if !ok && len(ln.cells) > 0 {
		c := ln.cells[0]
		return c.start, c.end, true
	}
	return start, end, ok
}

// Boxes calls fn with each line-piece of the range [start, end): the box,
// in layout coordinates, covering the range's graphemes on each line, one
// call per visually contiguous stretch.
func (l *Layout) Boxes(start, end int, fn func(x0, x1, y float32)) {
	if start >= end || len(l.lines) == 0 {
		return
	}
	for i := l.lineOf(start); i < len(l.lines) && l.lines[i].start < end; i++ {
		ln := &l.lines[i]
		x0, x1, open := float32(0), float32(0), false
		for _, c := range ln.vis {
			in := c.start >= start && c.end <= end
			switch {
			case in && open && abs32(c.x0-x1) < 0.5:
				x1 = c.x1
			case in:
				if open {
					fn(x0, x1, ln.y)
				}
				x0, x1, open = c.x0, c.x1, true
			case open:
				fn(x0, x1, ln.y)
				open = false
			}
		}
		if open {
			fn(x0, x1, ln.y)
		}
	}
}

func abs32(f float32) float32 {
	if f < 0 {
		return -f
	}
	return f
}
