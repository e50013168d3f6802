package gui

import (
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"alama/annotate"
	"alama/app/textview"
)

// palette lists the schema's labels: colour, key and name as buttons, and
// the guideline of the label last pointed at.
type palette struct {
	u         *ui
	buttons   *fyne.Container
	guideline *widget.Label
	box       fyne.CanvasObject
}

func newPalette(u *ui) *palette {
	p := &palette{u: u, buttons: container.NewVBox()}
	p.guideline = startLabel("")
	p.guideline.Wrapping = fyne.TextWrapWord
	p.box = container.NewBorder(
		title(tr("Labels")), nil, nil, nil,
		container.NewVScroll(container.NewVBox(p.buttons, p.guideline)))
	return p
}

func (p *palette) refresh() {
	p.buttons.RemoveAll()
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
		p.buttons.Add(sides(container.NewCenter(swatch), nil, container.NewStack(b, text)))
	}
	if len(p.u.schema.Labels) > 0 {
		l := p.u.schema.Labels[0]
		p.guideline.SetText(l.Name + ": " + l.Description)
	}
}

// inspector shows and edits the selected span: label, attributes, note,
// relations, who made it and when.
type inspector struct {
	u      *ui
	body   *fyne.Container
	scroll *container.Scroll
	box    fyne.CanvasObject
	shown  uint64 // the span shown, 0 for none
}

func newInspector(u *ui) *inspector {
	in := &inspector{u: u, body: container.NewVBox()}
	in.scroll = container.NewVScroll(in.body)
	in.box = container.NewBorder(
		title(tr("Selected span")), nil, nil, nil,
		in.scroll)
	return in
}

// show shows span sp, or the hint for none; another span than the one
// shown starts at the top, where its label is.
func (in *inspector) show(sp *annotate.Span) {
	in.body.RemoveAll()
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
	form := widget.NewForm(widget.NewFormItem(tr("Label"), label))
	if l, ok := u.schema.Label(sp.Label); ok {
		for _, a := range l.Attrs {
			form.AppendItem(widget.NewFormItem(a.Name, attrEditor(u, id, a, sp.Attrs[a.Name])))
		}
	}
	note := widget.NewMultiLineEntry()
	note.SetText(sp.Note)
	note.Wrapping = fyne.TextWrapWord
	note.SetMinRowsVisible(2)
	saveNote := widget.NewButton(tr("Save note"), func() {
		if note.Text != sp.Note {
			u.apply(annotate.SetNote{ID: id, Note: note.Text})
		}
	})
	form.AppendItem(widget.NewFormItem(tr("Note"), container.NewBorder(nil, saveNote, nil, nil, note)))
	who := userText(sp.Annotator)
	if !sp.Created.IsZero() {
		who += " · " + sp.Created.Local().Format("2006-01-02 15:04")
	}
	by := messageLabel()
	by.SetText(who)
	form.AppendItem(widget.NewFormItem(tr("By"), by))
	if c, ok := u.confidence(*sp); ok {
		form.AppendItem(widget.NewFormItem(tr("Model confidence"), widget.NewLabel(fmt.Sprintf("%.2f", c))))
	}
	in.body.Add(mirrorForm(form))
	if sp.Suggested {
		in.body.Add(widget.NewButton(tr("Accept suggestion (Enter)"), func() { u.apply(annotate.Accept{ID: id}) }))
	}

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
			widget.NewButton("✕", func() { u.apply(annotate.DeleteRelation{ID: rid}) }),
			relationButton(r.Type, out, fmt.Sprintf("%s «%s»", o.Label, closeRun(u.doc.SpanText(o))), func() { u.selectSpan(other) }))
		in.body.Add(row)
	}
	actions := grid(2,
		widget.NewButton(tr("Link (R)"), u.startLink),
		widget.NewButton(tr("Delete"), func() { u.deleteSpan(id) }))
	in.body.Add(actions)
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
