package gui

import (
	"fmt"
	"image/color"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"alama/annotate"
	"alama/app/textview"
)

// palette lists the schema's labels: colour, key and name as buttons, two
// to a row, and the guideline of the label last pointed at.
type palette struct {
	u         *ui
	buttons   *fyne.Container
	guideline *widget.Label
	scroll    *container.Scroll
	theme     *container.ThemeOverride
	box       fyne.CanvasObject
	byName    map[string]*widget.Button // each label's button
}

func newPalette(u *ui) *palette {
	p := &palette{u: u, buttons: container.NewGridWithColumns(2)}
	p.guideline = startLabel("")
	p.guideline.Wrapping = fyne.TextWrapWord
	p.scroll = container.NewVScroll(container.NewVBox(p.buttons, p.guideline))
	p.theme = container.NewThemeOverride(container.NewBorder(
		title(tr("Labels")), nil, nil, nil, p.scroll), compactTheme{})
	p.box = p.theme
	return p
}

func (p *palette) refresh() {
	defer p.theme.Refresh() // the new buttons take the compact theme
	var buttons []fyne.CanvasObject
	p.byName = map[string]*widget.Button{}
	for _, l := range p.u.schema.Labels {
		swatch := canvas.NewRectangle(parseColor(l.Color))
		swatch.SetMinSize(fyne.NewSize(14, 14))
		swatch.CornerRadius = 3
		name := l.Name
		if l.Key != "" {
			name = fmt.Sprintf("%s   [%s]", l.Name, l.Key)
		}
		// The name, which the schema's author chose, drawn on the
		// button by a textview.Label, as buttons draw text, in bold.
		text := textview.NewLabel("")
		text.Bold = true
		setSide(text, name, rtlUI())
		b := widget.NewButton("", func() {
			p.guideline.SetText(l.Name + ": " + l.Description)
			p.u.label(l.Name)
			p.u.win.Canvas().Focus(p.u.view)
		})
		p.byName[l.Name] = b
		buttons = append(buttons, sides(container.NewCenter(swatch), nil, container.NewStack(b, text)))
	}
	if len(buttons)%2 == 1 {
		// A last label alone on its row stands on the start side.
		buttons = append(buttons, layout.NewSpacer())
	}
	p.buttons.Objects = grid(2, buttons...).Objects
	p.buttons.Refresh()
	if len(p.u.schema.Labels) > 0 {
		l := p.u.schema.Labels[0]
		p.guideline.SetText(l.Name + ": " + l.Description)
	}
}

// show scrolls the palette to the button of the label named, marks the
// button and shows the label's guideline: a label just added to the
// schema, which would otherwise land out of sight below the others.
func (p *palette) show(name string) {
	b, ok := p.byName[name]
	l, _ := p.u.schema.Label(name)
	if !ok {
		return
	}
	p.guideline.SetText(l.Name + ": " + l.Description)
	b.Importance = widget.HighImportance
	b.Refresh()
	p.scroll.Content.Resize(p.scroll.Content.MinSize().Max(p.scroll.Size()))
	d := fyne.CurrentApp().Driver()
	y := d.AbsolutePositionForObject(b).Y - d.AbsolutePositionForObject(p.scroll.Content).Y
	h, bh := p.scroll.Size().Height, b.Size().Height
	if y < p.scroll.Offset.Y || y+bh > p.scroll.Offset.Y+h {
		p.scroll.ScrollToOffset(fyne.NewPos(0, max(0, y+bh-h)))
	}
}

// inspector shows and edits the selected span: label, attributes, note,
// relations, who made it and when. It is laid out to show a span with a
// few attributes and relations whole at the window's default size: the
// label and the model's confidence on one row, the attributes and the
// note in a form of two columns, the note three lines high, one row a
// relation, Link and Delete at the bottom.
type inspector struct {
	u      *ui
	body   *fyne.Container
	scroll *container.Scroll
	theme  *container.ThemeOverride
	box    fyne.CanvasObject
	shown  uint64 // the span shown, 0 for none
	parts  inspectorParts
}

// inspectorParts are the editors of the span shown, for the tests.
type inspectorParts struct {
	label     fyne.CanvasObject
	attrs     []fyne.CanvasObject
	note      fyne.CanvasObject
	relations []fyne.CanvasObject
	remove    fyne.CanvasObject
}

func newInspector(u *ui) *inspector {
	in := &inspector{u: u, body: container.NewVBox()}
	in.scroll = container.NewVScroll(in.body)
	in.theme = container.NewThemeOverride(container.NewBorder(
		title(tr("Selected span")), nil, nil, nil,
		in.scroll), compactTheme{})
	in.box = in.theme
	return in
}

// show shows span sp, or the hint for none; another span than the one
// shown starts at the top, where its label is.
func (in *inspector) show(sp *annotate.Span) {
	defer in.theme.Refresh() // the new editors take the compact theme
	in.body.RemoveAll()
	in.parts = inspectorParts{}
	u := in.u
	if sp == nil || sp.ID != in.shown {
		in.scroll.ScrollToTop()
	}
	in.shown = 0
	if sp != nil {
		in.shown = sp.ID
	}
	if sp == nil {
		in.body.Add(startLabel(tr("Click a span to inspect it.")))
		return
	}
	id := sp.ID
	// The span's text, wrapped, each line starting on the side its
	// script reads from, numbers and Latin names in their places.
	in.body.Add(textview.NewParagraph(u.doc.SpanText(*sp)))

	names := make([]string, len(u.schema.Labels))
	for i, l := range u.schema.Labels {
		names[i] = l.Name
	}
	label := startSelect(names, nil)
	label.SetSelected(sp.Label)
	label.OnChanged = func(name string) {
		if name != sp.Label {
			u.apply(annotate.Relabel{ID: id, Label: name})
		}
	}
	in.parts.label = label
	var confidence fyne.CanvasObject
	if c, ok := u.confidence(*sp); ok {
		l := lineLabel()
		l.SetText(tr("Model confidence") + " " + fmt.Sprintf("%.2f", c))
		confidence = l
	}
	form := widget.NewForm(widget.NewFormItem(tr("Label"), sides(nil, confidence, label)))
	if l, ok := u.schema.Label(sp.Label); ok {
		for _, a := range l.Attrs {
			ed := attrEditor(u, id, a, sp.Attrs[a.Name])
			in.parts.attrs = append(in.parts.attrs, ed)
			form.AppendItem(widget.NewFormItem(a.Name, ed))
		}
	}
	note := newNoteEntry()
	note.SetText(sp.Note)
	note.SetMinRowsVisible(3)
	note.save = func() {
		if note.Text != sp.Note {
			u.apply(annotate.SetNote{ID: id, Note: note.Text})
		}
	}
	in.parts.note = note
	form.AppendItem(widget.NewFormItem(tr("Note"), sides(nil,
		container.NewVBox(widget.NewButtonWithIcon("", theme.DocumentSaveIcon(), note.save)), note)))
	in.body.Add(mirrorForm(form))

	for _, r := range u.doc.Relations {
		if r.From != id && r.To != id || !inLayer(r.Annotator, u.layer) {
			continue
		}
		other, out := r.To, true
		if r.To == id {
			other, out = r.From, false
		}
		o, _ := u.doc.Span(other)
		rid := r.ID
		row := sides(nil,
			widget.NewButtonWithIcon("", theme.CancelIcon(), func() { u.apply(annotate.DeleteRelation{ID: rid}) }),
			relationButton(r.Type, out, fmt.Sprintf("%s «%s»", o.Label, closeRun(u.doc.SpanText(o))), func() { u.selectSpan(other) }))
		in.parts.relations = append(in.parts.relations, row)
		in.body.Add(row)
	}
	if sp.Suggested {
		in.body.Add(textButton(tr("Accept suggestion (Enter)"), func() { u.apply(annotate.Accept{ID: id}) }))
	}
	who := userText(sp.Annotator)
	if !sp.Created.IsZero() {
		who += " · " + sp.Created.Local().Format("2006-01-02 15:04")
	}
	by := messageLabel()
	by.SetText(tr("By") + " " + who)
	in.body.Add(by)
	remove := widget.NewButton(tr("Delete"), func() { u.deleteSpan(id) })
	in.parts.remove = remove
	in.body.Add(grid(2, textButton(tr("Link (R)"), u.startLink), remove))
}

// noteEntry is the entry of a span's note, three lines high, which saves
// the note when it loses the focus as well as by its button.
type noteEntry struct {
	widget.Entry
	save func()
}

func newNoteEntry() *noteEntry {
	e := &noteEntry{}
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	e.ExtendBaseWidget(e)
	return e
}

// FocusLost is part of fyne.Focusable.
func (e *noteEntry) FocusLost() {
	e.Entry.FocusLost()
	if e.save != nil {
		e.save()
	}
}

// relationButton is a button naming a relation of the selected span: its
// type, an arrow from the relation's source towards its target, and the
// other span (label and text). The button, without text of its own, takes
// taps, hover and keyboard focus; on it, textview.Labels draw the type and
// the other span in bold, as a button's text is, so mixed scripts read in
// the right order, and the arrow is an icon (the bundled faces have no
// arrows). The row reads from the side the UI language starts on; out
// says the selected span is the source.
func relationButton(typ string, out bool, other string, tapped func()) *fyne.Container {
	rtl := rtlUI()
	arrow := theme.NavigateNextIcon()
	if out == rtl {
		arrow = theme.NavigateBackIcon()
	}
	name := textview.NewLabel(typ)
	name.Bold = true
	name.Truncation = fyne.TextTruncateOff
	// The other span in its own direction, so a cut Arabic text ends on
	// the left, standing where the row's text starts.
	end := textview.NewLabel("")
	end.Bold = true
	if rtl {
		setRight(end, other)
	} else {
		setLeft(end, other)
	}
	mark := widget.NewIcon(arrow)
	var text *fyne.Container
	if rtl {
		text = container.NewBorder(nil, nil, nil, container.NewHBox(mark, name), end)
	} else {
		text = container.NewBorder(nil, nil, container.NewHBox(name, mark), nil, end)
	}
	return container.NewStack(widget.NewButton("", tapped), text)
}

// attrEditor edits one attribute: a check for a boolean, a choice otherwise.
func attrEditor(u *ui, id uint64, a annotate.Attribute, value string) fyne.CanvasObject {
	if len(a.Values) == 0 {
		c := widget.NewCheck("", nil)
		c.SetChecked(value == "true")
		c.OnChanged = func(on bool) {
			v := ""
			if on {
				v = "true"
			}
			u.apply(annotate.SetAttr{ID: id, Name: a.Name, Value: v})
		}
		if rtlUI() {
			// Beside its label, which is on its right.
			return row(c)
		}
		return c
	}
	opts := append([]string{"—"}, a.Values...)
	s := startSelect(opts, nil)
	if slices.Contains(a.Values, value) {
		s.SetSelected(value)
	} else {
		s.SetSelectedIndex(0)
	}
	s.OnChanged = func(v string) {
		if v == "—" {
			v = ""
		}
		if v != value {
			u.apply(annotate.SetAttr{ID: id, Name: a.Name, Value: v})
		}
	}
	return s
}

// compactTheme is the app's current theme with half the padding inside
// and between widgets, for the side panel, where a span's editors must
// fit without scrolling. Colours and fonts follow the app's theme as the
// user switches it.
type compactTheme struct{}

func (compactTheme) current() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }

func (c compactTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return c.current().Color(n, v)
}

func (c compactTheme) Font(s fyne.TextStyle) fyne.Resource { return c.current().Font(s) }

func (c compactTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return c.current().Icon(n) }

func (c compactTheme) Size(n fyne.ThemeSizeName) float32 {
	s := c.current().Size(n)
	switch n {
	case theme.SizeNameInnerPadding, theme.SizeNamePadding:
		return s / 2
	}
	return s
}
