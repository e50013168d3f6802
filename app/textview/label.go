package textview

import (
	"bytes"
	"image/color"
	"strings"
	"sync"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/shaping"
)

// ellipsis marks where a truncated line was cut.
const ellipsis = "…"

// zwj keeps the letter before a cut inside a word in its joining form.
const zwj = "\u200d"

// Label shows one line of text the way the View does: shaped with the
// bundled faces, ordered by the package's bidirectional rules, each piece
// drawn with the face it was measured with. Use it for user text shown in
// one line, such as document titles.
//
// Fyne's own labels cannot show such text: a canvas.Text is cut into runs
// by direction, script and face (the bidi levels are resolved, with the
// paragraph direction taken from the first strong character), but the runs
// are then drawn left to right in typing order, never reordered (UAX #9
// rule L2). A number or Latin name inside Arabic lands on the wrong side,
// the space at a run's edge moves to the far end, and the ellipsis of a
// truncated label is added after the last code point kept, which may split
// a letter from its harakat. Handing Fyne text already put in visual order
// does not help either: it reorders each run again and shapes the letters
// in the wrong order.
//
// A Label is as high as a widget.Label of the same text size and style,
// and draws its baseline where a widget.Label draws that of a line in the
// same direction (or in BaselineDirection), so the two line up in a row. Marks above and below
// Arabic letters may reach into the padding, never beyond the label.
//
// Line breaks in the text show as spaces. Create it with NewLabel; after
// changing a field, call Refresh.
type Label struct {
	widget.BaseWidget

	// Alignment places the line. TextAlignLeading, the default, puts it at
	// the start of its paragraph direction: on the right when the text is
	// right to left, on the left when it is left to right.
	// TextAlignTrailing puts it at the other end, TextAlignCenter in the
	// middle.
	Alignment fyne.TextAlign
	// Bold draws the text in the bold faces.
	Bold bool
	// Importance picks the text colour the way it does for widget.Label,
	// but LowImportance draws secondary text in ColorNameSecondary.
	Importance widget.Importance
	// SizeName is the theme size of the text; empty means
	// theme.SizeNameText.
	SizeName fyne.ThemeSizeName
	// Direction is the paragraph direction; Auto takes it from the first
	// strong character, and a text with none is right to left.
	Direction Direction
	// BaselineDirection picks where the baseline goes: Auto, where a
	// widget.Label draws that of a line in the label's own direction;
	// LTR or RTL, where it draws that of a line of Latin or Arabic
	// letters. Set it to the interface language's direction when the
	// label stands in a row with labels of interface text: with a theme
	// whose text face is Arabic, Fyne draws a line starting with Latin
	// letters higher than one starting with Arabic letters.
	BaselineDirection Direction
	// Truncation says what happens to a line wider than the label:
	// TextTruncateEllipsis (set by NewLabel) cuts it at its logical end,
	// on a grapheme boundary, and puts an ellipsis there;
	// TextTruncateClip cuts it there with no ellipsis; TextTruncateOff
	// makes the label as wide as its line.
	Truncation fyne.TextTruncation

	text string
	// full is the whole line laid out, for fullKey; shown is what is
	// drawn, for shownKey.
	full, shown       *Layout
	fullKey, shownKey labelKey
	// markW is the width of the ellipsis for markKey.
	markW   float32
	markKey labelKey
}

// labelKey is what a label's layout depends on.
type labelKey struct {
	text      string
	size      float32
	bold      bool
	dir       Direction
	trunc     fyne.TextTruncation
	available float32
}

// NewLabel returns a label showing text, truncated with an ellipsis when
// it does not fit.
func NewLabel(text string) *Label {
	l := &Label{text: text, Truncation: fyne.TextTruncateEllipsis}
	l.ExtendBaseWidget(l)
	return l
}

// SetText replaces the text shown.
func (l *Label) SetText(text string) {
	l.text = text
	l.Refresh()
}

// Text returns the text shown, as given to SetText.
func (l *Label) Text() string { return l.text }

// CreateRenderer is part of fyne.Widget.
func (l *Label) CreateRenderer() fyne.WidgetRenderer {
	l.ExtendBaseWidget(l)
	return &labelRenderer{l: l}
}

// textSize returns the size the text is drawn at.
func (l *Label) textSize() float32 { return sizeOf(l, l.SizeName) }

func (l *Label) padding() float32 {
	return theme.SizeForWidget(theme.SizeNameInnerPadding, l)
}

// sizeOf returns theme size name for w, the text size when name is empty.
func sizeOf(w fyne.Widget, name fyne.ThemeSizeName) float32 {
	if name == "" {
		name = theme.SizeNameText
	}
	return theme.SizeForWidget(name, w)
}

func (l *Label) options(size float32) Options {
	return Options{Size: size, Dir: l.Direction, Bold: l.Bold}
}

// layoutFull returns the whole line laid out at size.
func (l *Label) layoutFull(size float32) *Layout {
	key := labelKey{text: l.text, size: size, bold: l.Bold, dir: l.Direction}
	if l.full == nil || l.fullKey != key {
		l.full, l.fullKey = newLine(oneLine(l.text), l.options(size)), key
	}
	return l.full
}

// layoutShown returns the line as drawn in available width.
func (l *Label) layoutShown(size, available float32) *Layout {
	full := l.layoutFull(size)
	if l.Truncation == fyne.TextTruncateOff || full.width <= available {
		return full
	}
	key := l.fullKey
	key.trunc, key.available = l.Truncation, available
	if l.shown == nil || l.shownKey != key {
		mark, markW := ellipsis, l.ellipsisWidth(size)
		if l.Truncation == fyne.TextTruncateClip {
			mark, markW = "", 0
		}
		l.shown, _ = truncate(full, []rune(oneLine(l.text)), available, l.options(size), mark, markW)
		l.shownKey = key
	}
	return l.shown
}

// ellipsisWidth returns the width of the ellipsis at size.
func (l *Label) ellipsisWidth(size float32) float32 {
	if key := (labelKey{size: size, bold: l.Bold}); l.markKey != key {
		l.markW, l.markKey = newLine(ellipsis, l.options(size)).width, key
	}
	return l.markW
}

// oneLine turns line and paragraph breaks into spaces, keeping the
// length.
func oneLine(s string) string {
	isBreak := func(r rune) bool {
		return r == '\n' || r == '\r' || r == '\v' || r == '\f' || r == 0x85 || r == 0x2028 || r == 0x2029
	}
	if strings.IndexFunc(s, isBreak) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isBreak(r) {
			return ' '
		}
		return r
	}, s)
}

// truncate lays out the longest logical beginning of runes, cut on a
// grapheme boundary and followed by mark (markW wide), that fits width.
// Spaces before the cut are dropped; a cut inside an Arabic word keeps the
// last letter joined, so the word reads as cut rather than as a different
// word. When not even the mark fits, the mark alone is returned. cut is
// the number of code points kept.
func truncate(full *Layout, runes []rune, width float32, o Options, mark string, markW float32) (lay *Layout, cut int) {
	// Guess the cut from the widths of the whole line's graphemes, then
	// step back while the reshaped beginning is too wide.
	w := markW
	for _, c := range full.lines[0].cells {
		w += c.x1 - c.x0
		if w > width {
			break
		}
		cut = c.end
	}
	for {
		for cut > 0 && unicode.IsSpace(runes[cut-1]) {
			cut--
		}
		var b strings.Builder
		b.WriteString(string(runes[:cut]))
		if cut > 0 && cut < len(runes) && full.word[cut-1] && full.word[cut] &&
			unicode.Is(unicode.Arabic, runes[cut-1]) && unicode.Is(unicode.Arabic, runes[cut]) {
			b.WriteString(zwj)
		}
		b.WriteString(mark)
		lay = newLine(b.String(), o)
		if lay.width <= width || cut == 0 {
			return lay, cut
		}
		cut--
		for cut > 0 && !full.boundary[cut] {
			cut--
		}
	}
}

// labelRenderer draws a label's line with a linePainter.
type labelRenderer struct {
	l *Label
	linePainter
}

func (r *labelRenderer) Destroy() {}

// MinSize is one line high, as high as a widget.Label of the same text
// size and style; as wide as the line when it is not truncated, else as
// wide as the ellipsis.
func (r *labelRenderer) MinSize() fyne.Size {
	l := r.l
	size, pad := l.textSize(), l.padding()
	full := l.layoutFull(size)
	h := fyneLine(size, l.Bold).height + 2*pad
	switch l.Truncation {
	case fyne.TextTruncateOff:
		return fyne.NewSize(full.width+2*pad, h)
	case fyne.TextTruncateClip:
		return fyne.NewSize(2*pad, h)
	}
	return fyne.NewSize(l.ellipsisWidth(size)+2*pad, h)
}

func (r *labelRenderer) Layout(fyne.Size) { r.Refresh() }

// Refresh lays the text out for the label's width and places its pieces.
func (r *labelRenderer) Refresh() {
	l := r.l
	defer r.end()
	r.begin()
	sz := l.Size()
	if sz.Width <= 0 || l.text == "" {
		return
	}
	size, pad := l.textSize(), l.padding()
	avail := max(sz.Width-2*pad, 0)
	lay := l.layoutShown(size, avail)
	ln := &lay.lines[0]
	x := pad
	start := l.Alignment == fyne.TextAlignLeading
	switch {
	case l.Alignment == fyne.TextAlignCenter:
		x += (avail - lay.width) / 2
	case start == ln.rtl:
		x += avail - lay.width
	}
	// The baseline falls where a widget.Label draws the baseline of a
	// line in this direction.
	rtl := ln.rtl
	if l.BaselineDirection != Auto {
		rtl = l.BaselineDirection == RTL
	}
	base := pad + fyneLine(size, l.Bold).baseline(rtl)
	r.draw(lay, ln, x, base, widgetColor(importanceColor(l.Importance), l))
}

// linePainter draws laid-out lines with canvas.Texts from a pool, and a
// box for each character no bundled face has. Only a text whose content
// changed is refreshed, so a painter keeps the rasterised glyphs of the
// others.
type linePainter struct {
	texts   []*canvas.Text
	boxes   []*canvas.Rectangle
	nt, nb  int               // texts and boxes in use
	dirty   *canvas.Rectangle // refreshed to repaint the canvas
	objects []fyne.CanvasObject
}

func (r *linePainter) Objects() []fyne.CanvasObject { return r.objects }

// begin starts a new drawing, with no line in it.
func (r *linePainter) begin() {
	if r.dirty == nil {
		r.dirty = &canvas.Rectangle{}
	}
	r.objects = append(r.objects[:0], r.dirty)
	r.nt, r.nb = 0, 0
}

// end finishes a drawing: texts dropped from the objects vanish only when
// the canvas repaints.
func (r *linePainter) end() { canvas.Refresh(r.dirty) }

// draw places the pieces of line ln of lay with the layout's left edge at
// x and the line's baseline at base, in colour c.
func (r *linePainter) draw(lay *Layout, ln *line, x, base float32, c color.Color) {
	size := lay.size
	fs := loadStyle(lay.bold)
	for _, p := range ln.pieces {
		if p.face == faceNone {
			if p.w <= 0 {
				continue
			}
			if r.nb == len(r.boxes) {
				r.boxes = append(r.boxes, &canvas.Rectangle{StrokeWidth: 1})
			}
			b := r.boxes[r.nb]
			r.nb++
			b.StrokeColor = c
			b.Move(fyne.NewPos(x+p.x+1, base-size*0.7))
			b.Resize(fyne.NewSize(p.w-2, size*0.7))
			b.Refresh()
			r.objects = append(r.objects, b)
			continue
		}
		if r.nt == len(r.texts) {
			r.texts = append(r.texts, &canvas.Text{})
		}
		t := r.texts[r.nt]
		r.nt++
		res := fs.res[p.face]
		pos := fyne.NewPos(x+p.x, base-lay.ascent[p.face])
		if t.Text != p.text || t.FontSource != res || t.Color != c || t.TextSize != size {
			t.Text, t.FontSource, t.Color, t.TextSize = p.text, res, c, size
			t.Move(pos)
			t.Resize(t.MinSize())
			t.Refresh()
		} else if t.Position() != pos {
			t.Move(pos)
			t.Refresh()
		}
		r.objects = append(r.objects, t)
	}
}

// importanceColor is the theme colour widget.Label uses for importance i,
// but for LowImportance: secondary text, where widget.Label greys text out
// as if it were disabled.
func importanceColor(i widget.Importance) fyne.ThemeColorName {
	switch i {
	case widget.LowImportance:
		return ColorNameSecondary
	case widget.HighImportance:
		return theme.ColorNamePrimary
	case widget.DangerImportance:
		return theme.ColorNameError
	case widget.WarningImportance:
		return theme.ColorNameWarning
	case widget.SuccessImportance:
		return theme.ColorNameSuccess
	}
	return theme.ColorNameForeground
}

// lineBox is how a widget.Label of one text size and style lays a line
// out: how high the line is, and how far below its top Fyne draws the
// baseline of a line that starts with Latin or with Arabic letters.
//
// A widget.Label is as high as its theme's text face measures a space.
// Fyne draws a line at the ascent of the face that draws its first
// character: a line starting with a Latin letter sits at the ascent of the
// Latin face even when the theme's face, which sets the height, is an
// Arabic one with a taller ascent. A Label puts its baseline where a
// widget.Label puts that of a line of the Label's own direction.
type lineBox struct {
	height   float32
	ltr, rtl float32 // baselines from the line's top
}

// baseline returns where the baseline of a line in direction rtl goes.
func (b lineBox) baseline(rtl bool) float32 {
	if rtl {
		return b.rtl
	}
	return b.ltr
}

type lineBoxKey struct {
	font fyne.Resource
	size float32
	bold bool
}

// lineCache holds the line boxes measured so far and the theme faces
// parsed for them.
type lineCache struct {
	sync.Mutex
	boxes map[lineBoxKey]lineBox
	faces map[fyne.Resource]*font.Face
}

var lineBoxes lineCache

// fyneLine returns the line box of a widget.Label at size, in bold or not,
// with the current theme.
func fyneLine(size float32, bold bool) lineBox {
	style := fyne.TextStyle{Bold: bold}
	a := fyne.CurrentApp()
	var res fyne.Resource
	if a != nil {
		res = a.Settings().Theme().Font(style)
	}
	key := lineBoxKey{font: res, size: size, bold: bold}
	lineBoxes.Lock()
	defer lineBoxes.Unlock()
	if b, ok := lineBoxes.boxes[key]; ok {
		return b
	}
	fs := loadStyle(bold)
	sh := &shaping.HarfbuzzShaper{}
	of := func(f faceID) metrics {
		if fs.faces[f] == nil {
			return metrics{ascent: size, height: size}
		}
		return faceMetrics(sh, fs.faces[f], size)
	}
	// The theme's face, as Fyne measures a label with it.
	themeM := of(faceLatin)
	var themeFace *font.Face
	if a != nil {
		sz, base := a.Driver().RenderedTextSize(" ", size, style, nil)
		themeM = metrics{ascent: base, height: sz.Height}
		themeFace = lineBoxes.face(res)
	}
	// at returns the baseline of a line whose first letter is r, drawn by
	// the theme's face when it has r, else by Fyne's own Latin face; a
	// letter neither has is drawn by a face Fyne finds on the system,
	// which a Label does not use: the Label's face for it is centred in
	// the line instead.
	at := func(r rune, own faceID) float32 {
		if themeFace != nil {
			if _, ok := themeFace.NominalGlyph(r); ok {
				return themeM.ascent
			}
		}
		if f := fs.faces[faceLatin]; f != nil {
			if _, ok := f.NominalGlyph(r); ok {
				return of(faceLatin).ascent
			}
		}
		m := of(own)
		return (themeM.height-m.height)/2 + m.ascent
	}
	b := lineBox{height: themeM.height, ltr: at('a', faceLatin), rtl: at('ب', faceArabic)}
	if lineBoxes.boxes == nil {
		lineBoxes.boxes = map[lineBoxKey]lineBox{}
	}
	lineBoxes.boxes[key] = b
	return b
}

// face returns the parsed face of res, parsing it once; nil when res is
// nil or not a font. The caller holds the lock.
func (c *lineCache) face(res fyne.Resource) *font.Face {
	if res == nil {
		return nil
	}
	if f, ok := c.faces[res]; ok {
		return f
	}
	f, err := font.ParseTTF(bytes.NewReader(res.Content()))
	if err != nil {
		f = nil
	}
	if c.faces == nil {
		c.faces = map[fyne.Resource]*font.Face{}
	}
	c.faces[res] = f
	return f
}
