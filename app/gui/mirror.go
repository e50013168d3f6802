package gui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"alama/app/textview"
)

// The window is mirrored when the UI language is written right to left:
// Fyne lays every container out from the left, so the helpers below build
// rows, splits, grids and forms from the side the UI language starts on.
// In the English UI each returns what Fyne's own container would.

// startAlign is the alignment of text at the start of the UI language's
// lines: the left in English, the right in Arabic.
func startAlign() fyne.TextAlign {
	if rtlUI() {
		return fyne.TextAlignTrailing
	}
	return fyne.TextAlignLeading
}

// title is a bold panel title at the start of the UI language's lines.
func title(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, startAlign(), fyne.TextStyle{Bold: true})
}

// startLabel is a label whose text stands at the start of the UI
// language's lines.
func startLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Alignment = startAlign()
	return l
}

// startSelect is a drop-down whose choice and options stand at the start
// of the UI language's lines.
func startSelect(options []string, changed func(string)) *widget.Select {
	s := widget.NewSelect(options, changed)
	s.Alignment = startAlign()
	return s
}

// row lays objects out at their minimum widths from the start side: the
// first on the left in English, on the right in Arabic.
func row(objects ...fyne.CanvasObject) *fyne.Container {
	return container.New(&rowLayout{rtl: rtlUI()}, objects...)
}

// rowLayout is container.HBox that can run from the right edge.
type rowLayout struct{ rtl bool }

func (l *rowLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	n := 0
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		s.Width += m.Width
		s.Height = max(s.Height, m.Height)
		n++
	}
	if n > 1 {
		s.Width += float32(n-1) * theme.Padding()
	}
	return s
}

func (l *rowLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	x := float32(0)
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		w := o.MinSize().Width
		o.Resize(fyne.NewSize(w, size.Height))
		if l.rtl {
			o.Move(fyne.NewPos(size.Width-x-w, 0))
		} else {
			o.Move(fyne.NewPos(x, 0))
		}
		x += w + theme.Padding()
	}
}

// sides puts start and end at the two sides of centre, which takes the
// rest of the width: start on the left in English, on the right in
// Arabic. Either may be nil.
func sides(start, end, centre fyne.CanvasObject) *fyne.Container {
	if rtlUI() {
		start, end = end, start
	}
	return container.NewBorder(nil, nil, start, end, centre)
}

// split divides the width between start and end, start taking offset of
// it, start on the left in English and on the right in Arabic.
func split(start, end fyne.CanvasObject, offset float64) *container.Split {
	if rtlUI() {
		s := container.NewHSplit(end, start)
		s.SetOffset(1 - offset)
		return s
	}
	s := container.NewHSplit(start, end)
	s.SetOffset(offset)
	return s
}

// grid is container.NewGridWithColumns with each row's cells in the order
// of the UI language.
func grid(cols int, objects ...fyne.CanvasObject) *fyne.Container {
	if rtlUI() {
		objects = append([]fyne.CanvasObject(nil), objects...)
		for r := 0; r < len(objects); r += cols {
			end := min(r+cols, len(objects))
			for i, j := r, end-1; i < j; i, j = i+1, j-1 {
				objects[i], objects[j] = objects[j], objects[i]
			}
		}
	}
	return container.NewGridWithColumns(cols, objects...)
}

// mirrorForm shows f, a form without buttons, its labels on the start side: in
// English as Fyne draws it (labels on the left, flush right); in Arabic
// with each label on the right, flush right, and its widget on its left.
func mirrorForm(f *widget.Form) fyne.CanvasObject {
	if !rtlUI() {
		return f
	}
	cells := make([]fyne.CanvasObject, 0, 2*len(f.Items))
	for _, it := range f.Items {
		l := widget.NewLabelWithStyle(it.Text, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
		cells = append(cells, it.Widget, l)
	}
	return container.New(&formLayout{}, cells...)
}

// formLayout lays out pairs of cells, a widget and its label, in rows:
// the labels in a column on the right as wide as the widest, the widgets
// to their left in the rest of the width.
type formLayout struct{}

func (formLayout) widths(objects []fyne.CanvasObject) (label float32) {
	for i := 1; i < len(objects); i += 2 {
		label = max(label, objects[i].MinSize().Width)
	}
	return label
}

func (l formLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	lw := l.widths(objects)
	var ww, h float32
	for i := 0; i+1 < len(objects); i += 2 {
		w, lab := objects[i].MinSize(), objects[i+1].MinSize()
		ww = max(ww, w.Width)
		h += max(w.Height, lab.Height)
		if i > 0 {
			h += theme.Padding()
		}
	}
	return fyne.NewSize(lw+ww+theme.Padding(), h)
}

func (l formLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	lw := l.widths(objects)
	ww := max(size.Width-lw-theme.Padding(), 0)
	y := float32(0)
	for i := 0; i+1 < len(objects); i += 2 {
		w, lab := objects[i], objects[i+1]
		h := max(w.MinSize().Height, lab.MinSize().Height)
		w.Move(fyne.NewPos(0, y))
		w.Resize(fyne.NewSize(ww, h))
		// A label beside a tall widget (a note) stands at its top, as
		// Fyne's form puts it.
		lab.Move(fyne.NewPos(size.Width-lw, y))
		lab.Resize(fyne.NewSize(lw, lab.MinSize().Height))
		y += h + theme.Padding()
	}
}

// startChecks is a horizontal widget.CheckGroup whose boxes stand on the
// start side of their names: as Fyne draws it in English; in Arabic each
// box on the right of its name, the first option on the right.
type startChecks struct {
	widget.CheckGroup
	boxes []*widget.Check
	names []string // the option of each box
	row   *fyne.Container
}

func newStartChecks(changed func([]string)) *startChecks {
	g := &startChecks{}
	g.Horizontal = true
	g.OnChanged = changed
	g.ExtendBaseWidget(g)
	return g
}

func (g *startChecks) CreateRenderer() fyne.WidgetRenderer {
	if !rtlUI() {
		return g.CheckGroup.CreateRenderer()
	}
	g.row = row()
	g.sync()
	return &startChecksRenderer{g: g}
}

// sync rebuilds the boxes when the options changed and ticks the selected.
func (g *startChecks) sync() {
	same := len(g.names) == len(g.Options)
	for i := 0; same && i < len(g.names); i++ {
		same = g.names[i] == g.Options[i]
	}
	if !same {
		g.boxes, g.names = g.boxes[:0], g.names[:0]
		g.row.RemoveAll()
		for _, o := range g.Options {
			// The box has no text of its own: its name is a label on
			// its left that toggles it too.
			box := widget.NewCheck("", func(on bool) { g.toggle(o, on) })
			name := &tapLabel{tapped: func() { box.SetChecked(!box.Checked) }}
			name.Text = o
			name.ExtendBaseWidget(name)
			g.boxes, g.names = append(g.boxes, box), append(g.names, o)
			g.row.Add(row(box, name))
		}
	}
	for i, b := range g.boxes {
		on := false
		for _, s := range g.Selected {
			on = on || s == g.names[i]
		}
		if b.Checked != on {
			b.Checked = on
			b.Refresh()
		}
	}
}

// toggle selects or deselects option o, keeping the options' order.
func (g *startChecks) toggle(o string, on bool) {
	var sel []string
	for _, opt := range g.Options {
		was := false
		for _, s := range g.Selected {
			was = was || s == opt
		}
		if opt == o && on || opt != o && was {
			sel = append(sel, opt)
		}
	}
	g.Selected = sel
	if g.OnChanged != nil {
		g.OnChanged(sel)
	}
}

type startChecksRenderer struct{ g *startChecks }

func (r *startChecksRenderer) Layout(size fyne.Size) { r.g.row.Resize(size) }
func (r *startChecksRenderer) MinSize() fyne.Size    { return r.g.row.MinSize() }
func (r *startChecksRenderer) Refresh()              { r.g.sync(); r.g.row.Refresh() }
func (r *startChecksRenderer) Destroy()              {}
func (r *startChecksRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.g.row}
}

// tapLabel is a label that runs tapped when tapped.
type tapLabel struct {
	widget.Label
	tapped func()
}

func (l *tapLabel) Tapped(*fyne.PointEvent) { l.tapped() }

// startPlaceholder shows e with its placeholder at the start of the UI
// language's lines: in Arabic, on the right (Fyne draws it on the left).
// Call it after setting e's placeholder and OnChanged; shown is e, or
// the widget that extends it.
func startPlaceholder(shown fyne.CanvasObject, e *widget.Entry) fyne.CanvasObject {
	if !rtlUI() || e.PlaceHolder == "" {
		return shown
	}
	// In the placeholder colour, as Fyne draws a placeholder.
	hint := widget.NewRichText(&widget.TextSegment{Text: e.PlaceHolder, Style: widget.RichTextStyle{
		Alignment: fyne.TextAlignTrailing, ColorName: theme.ColorNamePlaceHolder, Inline: true}})
	hint.Truncation = fyne.TextTruncateEllipsis
	e.SetPlaceHolder("")
	show := func() {
		hint.Hidden = e.Text != ""
		hint.Refresh()
	}
	changed := e.OnChanged
	e.OnChanged = func(s string) {
		show()
		if changed != nil {
			changed(s)
		}
	}
	show()
	return container.NewStack(shown, hint)
}

// startCheck shows c with its box on the start side of its text: as Fyne
// draws it in English; in Arabic the box on the right, the text on its
// left (a tap on the text toggles the box too). c keeps its state and
// OnChanged.
func startCheck(c *widget.Check) fyne.CanvasObject {
	if !rtlUI() || c.Text == "" {
		return c
	}
	name := &tapLabel{tapped: func() {
		if !c.Disabled() {
			c.SetChecked(!c.Checked)
		}
	}}
	name.Text = c.Text
	name.ExtendBaseWidget(name)
	c.Text = ""
	c.Refresh()
	return row(c, name)
}

// textButton is a button showing text: Fyne's in English; in Arabic a
// button whose text is drawn by textview.Label, in bold as a button's is,
// because Fyne's puts the parts of a line that mixes Arabic with Latin
// letters or brackets in typing order («ربط (R)» would read «)R(ربط»).
func textButton(text string, tapped func()) fyne.CanvasObject {
	if !rtlUI() {
		return widget.NewButton(text, tapped)
	}
	l := textview.NewLabel(text)
	l.Bold = true
	l.Direction = textview.RTL
	l.Alignment = fyne.TextAlignCenter
	return container.NewStack(widget.NewButton("", tapped), l)
}
