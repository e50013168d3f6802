package gui

import (
	"fmt"
	"image/color"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"alama/annotate"
)

// schemaEditor edits a copy of the schema; Save hands it to the project,
// which refuses to drop a label, attribute value or relation type in use.
type schemaEditor struct {
	u      *ui
	s      *annotate.Schema
	labels *fyne.Container
	rels   *fyne.Container
	dlg    dialog.Dialog
}

func (u *ui) schemaEditor() {
	e := &schemaEditor{u: u, s: u.schema.Clone(), labels: container.NewVBox(), rels: container.NewVBox()}
	e.fill()
	addLabel := widget.NewButton(tr("Add label"), func() {
		e.s.Labels = append(e.s.Labels, annotate.Label{Name: fmt.Sprintf("LABEL%d", len(e.s.Labels)+1), Color: "#808080"})
		e.fill()
	})
	addRel := widget.NewButton(tr("Add relation type"), func() {
		e.s.Relations = append(e.s.Relations, annotate.RelationType{Name: fmt.Sprintf("REL%d", len(e.s.Relations)+1)})
		e.fill()
	})
	content := container.NewVScroll(container.NewVBox(
		widget.NewLabelWithStyle(tr("Span labels"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		e.labels, addLabel, widget.NewSeparator(),
		widget.NewLabelWithStyle(tr("Relation types"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		e.rels, addRel))
	content.SetMinSize(fyne.NewSize(720, 480))
	e.dlg = dialog.NewCustomConfirm(tr("Schema"), tr("Save"), tr("Cancel"), content, func(ok bool) {
		if ok {
			e.save()
		}
	}, u.win)
	e.dlg.Show()
}

func (e *schemaEditor) fill() {
	e.labels.RemoveAll()
	for i := range e.s.Labels {
		e.labels.Add(e.labelRow(i))
	}
	e.rels.RemoveAll()
	for i := range e.s.Relations {
		e.rels.Add(e.relationRow(i))
	}
}

func (e *schemaEditor) labelRow(i int) fyne.CanvasObject {
	l := &e.s.Labels[i]
	name := widget.NewEntry()
	name.SetText(l.Name)
	name.Validator = checkName
	name.OnChanged = func(s string) { l.Name = strings.TrimSpace(s) }
	key := widget.NewEntry()
	key.SetText(l.Key)
	key.OnChanged = func(s string) { l.Key = strings.TrimSpace(s) }
	desc := widget.NewEntry()
	desc.SetText(l.Description)
	desc.SetPlaceHolder(tr("Guideline shown to annotators"))
	desc.OnChanged = func(s string) { l.Description = s }
	attrs := widget.NewEntry()
	attrs.SetText(formatAttrs(l.Attrs))
	attrs.SetPlaceHolder(tr("attributes: type=person|organisation; negated"))
	attrs.OnChanged = func(s string) { l.Attrs = parseAttrs(s) }
	swatch := canvas.NewRectangle(parseColor(l.Color))
	swatch.SetMinSize(fyne.NewSize(24, 24))
	colour := widget.NewButton(tr("Colour"), func() {
		dialog.ShowColorPicker(tr("Label colour"), l.Name, func(c color.Color) {
			l.Color = colorHex(c)
			swatch.FillColor = c
			swatch.Refresh()
		}, e.u.win)
	})
	remove := widget.NewButton(tr("Delete"), func() { e.deleteLabel(i) })
	top := container.NewBorder(nil, nil, container.NewHBox(swatch, colour),
		container.NewHBox(widget.NewLabel(tr("Key")), container.NewGridWrap(fyne.NewSize(44, key.MinSize().Height), key), remove), name)
	return container.NewVBox(top, desc, attrs, widget.NewSeparator())
}

// deleteLabel removes a label from the draft. A label in use is kept unless
// its spans are relabelled to another label first, which the user chooses.
func (e *schemaEditor) deleteLabel(i int) {
	name := e.s.Labels[i].Name
	used, err := labelUse(e.u.project, name)
	if err != nil {
		e.u.showError(err)
		return
	}
	if used == 0 {
		e.s.Labels = slices.Delete(e.s.Labels, i, i+1)
		e.fill()
		return
	}
	var others []string
	for _, l := range e.s.Labels {
		if l.Name != name {
			others = append(others, l.Name)
		}
	}
	into := widget.NewSelect(others, nil)
	msg := widget.NewLabel(trN("{{.Count}} spans use {{.Label}}. Relabel them to another label (this cannot be undone) and then delete it, or keep the label.",
		used, map[string]any{"Count": used, "Label": name}))
	msg.Wrapping = fyne.TextWrapWord
	dialog.ShowCustomConfirm(tr("Label in use"), tr("Relabel and delete"), tr("Keep"), container.NewVBox(msg, into), func(ok bool) {
		if !ok || into.Selected == "" {
			return
		}
		if err := relabelAll(e.u.project, name, into.Selected); err != nil {
			e.u.showError(err)
			return
		}
		e.s.Labels = slices.DeleteFunc(e.s.Labels, func(l annotate.Label) bool { return l.Name == name })
		e.fill()
	}, e.u.win)
}

func (e *schemaEditor) relationRow(i int) fyne.CanvasObject {
	r := &e.s.Relations[i]
	name := widget.NewEntry()
	name.SetText(r.Name)
	name.Validator = checkName
	name.OnChanged = func(s string) { r.Name = strings.TrimSpace(s) }
	from := widget.NewEntry()
	from.SetText(strings.Join(r.From, ", "))
	from.SetPlaceHolder(tr("from labels (empty: any)"))
	from.OnChanged = func(s string) { r.From = splitList(s) }
	to := widget.NewEntry()
	to.SetText(strings.Join(r.To, ", "))
	to.SetPlaceHolder(tr("to labels (empty: any)"))
	to.OnChanged = func(s string) { r.To = splitList(s) }
	remove := widget.NewButton(tr("Delete"), func() {
		e.s.Relations = slices.Delete(e.s.Relations, i, i+1)
		e.fill()
	})
	return container.NewBorder(nil, nil, nil, remove, container.NewGridWithColumns(3, name, from, to))
}

// checkName marks a label or relation type name the schema would refuse
// as it is typed; saving gives the reason.
func checkName(s string) error { return annotate.CheckName(strings.TrimSpace(s)) }

func (e *schemaEditor) save() {
	if err := e.s.Validate(); err != nil {
		e.u.showError(err)
		return
	}
	if err := e.u.project.SetSchema(e.s); err != nil {
		e.u.showError(err)
		return
	}
	e.u.schema = e.s
	e.u.palette.refresh()
	e.u.refreshDocument()
}

// labelUse counts the spans with a label across the project.
func labelUse(p annotate.Project, name string) (int, error) {
	n := 0
	for d, err := range p.All() {
		if err != nil {
			return 0, err
		}
		for _, sp := range d.Spans {
			if sp.Label == name {
				n++
			}
		}
	}
	return n, nil
}

// relabelAll gives every span labelled from the label to, one undoable
// batch per document.
func relabelAll(p annotate.Project, from, to string) error {
	var ids []uint64
	for d, err := range p.All() {
		if err != nil {
			return err
		}
		if slices.ContainsFunc(d.Spans, func(s annotate.Span) bool { return s.Label == from }) {
			ids = append(ids, d.ID)
		}
	}
	for _, id := range ids {
		d, err := p.Document(id)
		if err != nil {
			return err
		}
		var b annotate.Batch
		for _, sp := range d.Spans {
			if sp.Label == from {
				b.Edits = append(b.Edits, annotate.Relabel{ID: sp.ID, Label: to})
			}
		}
		if _, err := p.Apply(id, b); err != nil {
			return fmt.Errorf("relabel %s to %s in document %d: %w", from, to, id, err)
		}
	}
	return nil
}

// formatAttrs writes attributes as "name=v1|v2; flag".
func formatAttrs(attrs []annotate.Attribute) string {
	parts := make([]string, len(attrs))
	for i, a := range attrs {
		parts[i] = a.Name
		if len(a.Values) > 0 {
			parts[i] += "=" + strings.Join(a.Values, "|")
		}
	}
	return strings.Join(parts, "; ")
}

// parseAttrs reads what formatAttrs writes.
func parseAttrs(s string) []annotate.Attribute {
	var out []annotate.Attribute
	for _, part := range strings.Split(s, ";") {
		name, values, _ := strings.Cut(strings.TrimSpace(part), "=")
		if name = strings.TrimSpace(name); name == "" {
			continue
		}
		a := annotate.Attribute{Name: name}
		for _, v := range strings.Split(values, "|") {
			if v = strings.TrimSpace(v); v != "" {
				a.Values = append(a.Values, v)
			}
		}
		out = append(out, a)
	}
	return out
}

func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' })
}
