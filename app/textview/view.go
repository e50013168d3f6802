package textview

import (
	"image/color"
	"slices"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Style is how a span is drawn.
type Style uint8

const (
	// Solid spans are filled with their colour and underlined.
	Solid Style = iota
	// Suggested spans (pre-annotations not yet accepted) are outlined and
	// get a dashed underline.
	Suggested
)

// Span is an annotation the view draws: code points [Start, End) of the
// text, in Color, tagged Label.
type Span struct {
	ID         uint64
	Start, End int
	Color      color.Color
	Label      string
	Style      Style
}

// View shows a text right to left (or left to right) with spans drawn
// behind it, and lets the user select ranges with the mouse and keyboard.
// It scrolls itself and draws only the lines in view. Create it with New.
type View struct {
	widget.BaseWidget

	// OnSelect is called when the user changes the selection; start == end
	// is a caret with nothing selected.
	OnSelect func(start, end int)
	// OnSpanTapped is called when the user clicks a span, with the
	// innermost span under the pointer.
	OnSpanTapped func(id uint64)
	// OnKey sees every key before the view; returning true consumes it.
	// Keys neither OnKey nor the view use go on to the window's
	// OnTypedKey.
	OnKey func(*fyne.KeyEvent) bool
	// OnRune sees every typed character; returning true consumes it, and
	// the others go on to the window's OnTypedRune. The view itself does
	// nothing with characters (and moves nothing on the key event that
	// precedes one), so label keys never change the selection.
	OnRune func(rune) bool
	// OnShortcut sees every shortcut (a key with Ctrl, Alt or Super) before
	// the view; returning true consumes it. Shortcuts neither OnShortcut
	// nor the view use go on to the shortcuts added to the window canvas.
	OnShortcut func(fyne.Shortcut) bool

	text   string
	n      int
	spans  []Span
	depth  []int // nesting depth of each span, parallel to spans
	anchor int
	caret  int
	// letters is set when the selection was made with Alt (or by
	// SetSelection): it is taken as it is. Otherwise Selection snaps the
	// range between anchor and caret to whole words.
	letters   bool
	dir       Direction
	size      float32
	hideMarks bool
	showTags  bool
	links     []Link
	focused   bool
	hover     int // index of the span under the pointer, or -1
	layout    *Layout
	layoutW   float32
	roomSet   bool // the layout's lines have the room the tags and arrows need
	// arrowLines marks the lines an arrow runs along, once roomSet.
	arrowLines []bool
	mods       fyne.KeyModifier // modifier keys held, from KeyDown/KeyUp
	body       *body
	scroll     *container.Scroll
	pressUnit  [2]int // the grapheme or word the current drag started on
	pressed    bool
	pressMods  fyne.KeyModifier
	// lastTap and lastTapAt are when and where the last single tap was,
	// for telling a double tap; now is the clock, replaced in tests.
	lastTap   time.Time
	lastTapAt fyne.Position
	now       func() time.Time
	// tagTexts holds the label tag texts laid out at tagTextSize.
	tagTexts    map[string]*Layout
	tagTextSize float32
}

// New returns an empty view at the theme's text size, direction Auto.
func New() *View {
	v := &View{size: theme.TextSize(), hover: -1, now: time.Now}
	v.body = &body{v: v}
	v.body.ExtendBaseWidget(v.body)
	v.scroll = container.NewVScroll(v.body)
	v.scroll.OnScrolled = func(fyne.Position) { v.body.Refresh() }
	v.ExtendBaseWidget(v)
	return v
}

// SetText replaces the text, clearing the spans and the selection.
func (v *View) SetText(text string) {
	v.text = text
	v.n = utf8.RuneCountInString(text)
	v.spans, v.depth, v.links = nil, nil, nil
	v.anchor, v.caret = 0, 0
	v.hover = -1
	v.layout = nil
	v.scroll.Offset = fyne.Position{}
	v.Refresh()
}

// Text returns the text shown.
func (v *View) Text() string { return v.text }

// SetSpans replaces the spans drawn. Spans out of range are clipped.
func (v *View) SetSpans(spans []Span) {
	v.spans = slices.Clone(spans)
	v.depth = nestDepths(v.spans)
	v.hover = -1
	v.roomSet = false
	v.Refresh()
}

// nestDepths gives each span a depth: one more than the deepest earlier
// span (by start, longer first) that overlaps it, so nested and
// overlapping spans stack their underline bars.
func nestDepths(spans []Span) []int {
	order := make([]int, len(spans))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		sa, sb := spans[a], spans[b]
		if sa.Start != sb.Start {
			return sa.Start - sb.Start
		}
		return sb.End - sa.End
	})
	depth := make([]int, len(spans))
	var active []int
	for _, i := range order {
		s := spans[i]
		kept := active[:0]
		d := 0
		for _, j := range active {
			if spans[j].End > s.Start {
				kept = append(kept, j)
				d = max(d, depth[j]+1)
			}
		}
		active = append(kept, i)
		depth[i] = d
	}
	return depth
}

// SetSelection selects code points [start, end), moved onto grapheme
// boundaries but not onto words; start == end places the caret. It does
// not call OnSelect.
func (v *View) SetSelection(start, end int) {
	l := v.currentLayout()
	v.anchor, v.caret = snapBack(l, start), snapBack(l, end)
	v.letters = true
	v.body.Refresh()
}

// Selection returns the selected range, start <= end. A selection the
// user made without Alt is whole words (Alama's tokens) or empty: it
// starts where a word starts, ends where a word ends, and neither end is
// white space.
func (v *View) Selection() (start, end int) {
	start, end = min(v.anchor, v.caret), max(v.anchor, v.caret)
	if v.letters || start == end {
		return start, end
	}
	return v.currentLayout().snapWords(start, end)
}

// caretShown returns the offset where the caret is drawn: the caret's
// edge of the selection.
func (v *View) caretShown() int {
	a, b := v.Selection()
	switch {
	case a == b:
		return v.caret
	case v.caret >= v.anchor:
		return b
	}
	return a
}

// SetDirection sets the paragraph direction.
func (v *View) SetDirection(d Direction) {
	v.dir = d
	v.layout = nil
	v.Refresh()
}

// SetTextSize sets the text size (zoom), from 1 to 500; other sizes are
// ignored.
func (v *View) SetTextSize(size float32) {
	if !(size >= 1 && size <= 500) {
		return
	}
	v.size = size
	v.layout = nil
	v.Refresh()
}

// SetHideMarks hides or shows harakat and Quranic marks. Only the display
// changes: offsets, selections and spans stay where they are.
func (v *View) SetHideMarks(hide bool) {
	v.hideMarks = hide
	v.layout = nil
	v.Refresh()
}

// TextSize returns the text size.
func (v *View) TextSize() float32 { return v.size }

// ScrollToOffset scrolls so that the line holding code point cp is in view.
func (v *View) ScrollToOffset(cp int) {
	l := v.currentLayout()
	_, y := l.Point(cp)
	view := v.scroll.Size().Height
	off := v.scroll.Offset.Y
	if y >= off && y+l.LineHeight() <= off+view {
		return
	}
	target := max(0, y-view/3)
	v.scroll.ScrollToOffset(fyne.NewPos(0, target))
	v.body.Refresh()
}

// Layout returns the current layout of the text, laid out at the view's
// width (or unbounded width before the view has a size).
func (v *View) Layout() *Layout { return v.currentLayout() }

// padding is the margin between the view's edges and the text.
func (v *View) padding() float32 { return theme.InnerPadding() }

// currentLayout returns the layout for the current width, computing it
// when the text, size, direction or width changed.
func (v *View) currentLayout() *Layout {
	w := v.Size().Width - 2*v.padding()
	if v.Size().Width == 0 {
		w = 1e6
	}
	w = max(w, 0)
	if v.layout == nil || v.layoutW != w {
		v.layout = NewLayout(v.text, w, Options{Size: v.size, Dir: v.dir, HideMarks: v.hideMarks, Dense: true, Tags: v.showTags || len(v.links) > 0})
		v.layoutW = w
		v.roomSet = false
	}
	if !v.roomSet {
		v.roomSet = true
		v.layout.setRoom(v.lineHeights(v.layout))
	}
	return v.layout
}

// lineHeights returns the height each line needs: the plain height, more
// where nested spans stack their underline bars below it, and the height
// with a row for label tags on lines where a labelled span starts (with
// SetShowLabels) and on those an arrow runs along.
func (v *View) lineHeights(l *Layout) []float32 {
	hs := make([]float32, len(l.lines))
	for i, d := range v.deepestBars(l) {
		if d > 0 {
			hs[i] = tagY(l.boxH, d)
		}
	}
	if l.roomH == 0 {
		return hs
	}
	if v.showTags {
		for _, s := range v.spans {
			start, end := max(s.Start, 0), min(s.End, l.n)
			if s.Label == "" || start >= end {
				continue
			}
			if li, _, _, ok := l.startEdge(start, end); ok {
				hs[li] = l.roomH
			}
		}
	}
	v.arrowLines = make([]bool, len(l.lines))
	for _, rt := range v.routes(l, v.padding()) {
		for _, u := range rt.runs {
			v.arrowLines[u.line] = true
		}
	}
	for i, on := range v.arrowLines {
		if on && hs[i] == l.roomH && v.showTags {
			hs[i] += arrowRow(l.size) // arrows above the tags
		} else if on {
			hs[i] = l.roomH
		}
	}
	return hs
}

// arrowRowAt returns the extra room above the tag row of line i taken by
// arrows: their lanes and names run between the underline bars and the
// label tags, so that they never cross a tag.
func (v *View) arrowRowAt(l *Layout, i int) float32 {
	if !v.showTags || i >= len(v.arrowLines) || !v.arrowLines[i] {
		return 0
	}
	return arrowRow(l.size)
}

// snapBack clamps cp into the text and moves it back onto a grapheme
// boundary.
func snapBack(l *Layout, cp int) int {
	cp = max(0, min(cp, l.Len()))
	for cp > 0 && !l.IsBoundary(cp) {
		cp--
	}
	return cp
}

// CreateRenderer is part of fyne.Widget.
func (v *View) CreateRenderer() fyne.WidgetRenderer {
	return &viewRenderer{v: v}
}

type viewRenderer struct{ v *View }

func (r *viewRenderer) Layout(size fyne.Size) {
	r.v.scroll.Resize(size)
	r.v.scroll.Refresh()
}

func (r *viewRenderer) MinSize() fyne.Size {
	return fyne.NewSize(r.v.size*4, r.v.size*2)
}

func (r *viewRenderer) Refresh() {
	if r.v.Size().Width == 0 {
		return // laid out when it gets a size
	}
	r.v.scroll.Refresh()
	r.v.body.Refresh()
}

func (r *viewRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.v.scroll} }

func (r *viewRenderer) Destroy() {}
