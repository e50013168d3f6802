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
	"fyne.io/fyne/v2/theme"
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
	body   *fyne.Container // the list's rows and buttons
	add    *widget.Button  // Add label
	list   *container.Scroll
	dlg    dialog.Dialog
	names  []*widget.Entry // each label's name
	// saved, set by tests, hears of each save that succeeds.
	saved func(summary string)
}

// schemaEditor opens the editor on a copy of the schema.
func (u *ui) schemaEditor() *schemaEditor {
	e := &schemaEditor{u: u, s: u.schema.Clone(), labels: container.NewVBox(), rels: container.NewVBox()}
	e.fill()
	addLabel := widget.NewButton(tr("Add label"), func() {
		e.s.Labels = append(e.s.Labels, annotate.Label{Name: fmt.Sprintf("LABEL%d", len(e.s.Labels)+1), Color: "#808080"})
		e.fill()
		e.showLabel(len(e.s.Labels) - 1)
	})
	addRel := widget.NewButton(tr("Add relation type"), func() {
		e.s.Relations = append(e.s.Relations, annotate.RelationType{Name: fmt.Sprintf("REL%d", len(e.s.Relations)+1)})
		e.fill()
	})
	e.add = addLabel
	e.body = container.NewVBox(
		widget.NewLabelWithStyle(tr("Span labels"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		e.labels, addLabel, widget.NewSeparator(),
		widget.NewLabelWithStyle(tr("Relation types"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		e.rels, addRel)
	e.list = wheelScroll(e.body)
	e.list.SetMinSize(fyne.NewSize(720, 480))
	e.dlg = dialog.NewCustomConfirm(tr("Schema"), tr("Save"), tr("Cancel"), e.list, func(ok bool) {
		if ok {
			e.save()
		}
	}, u.win)
	e.dlg.Show()
	return e
}

// showLabel scrolls the list so that the i-th label's row and the Add
// label button under the labels are in view, and puts the focus in the
// label's name, selected, to be typed over. The row's place comes from
// the minimum sizes the list lays its rows out by, as the window may not
// have laid out a row just added.
func (e *schemaEditor) showLabel(i int) {
	pad := theme.Padding()
	var y float32 // the row's top in the list
	for _, o := range e.body.Objects {
		if o == e.labels {
			break
		}
		y += o.MinSize().Height + pad
	}
	for _, o := range e.labels.Objects[:i] {
		y += o.MinSize().Height + pad
	}
	bottom := y + e.labels.Objects[i].MinSize().Height
	if i == len(e.labels.Objects)-1 {
		bottom += pad + e.add.MinSize().Height
	}
	off, h := e.list.Offset.Y, e.list.Size().Height
	if bottom > off+h {
		off = bottom - h
	}
	off = min(off, y)
	e.list.ScrollToOffset(fyne.NewPos(0, max(off, 0)))
	e.u.win.Canvas().Focus(e.names[i])
	e.names[i].TypedShortcut(&fyne.ShortcutSelectAll{})
}

func (e *schemaEditor) fill() {
	e.labels.RemoveAll()
	e.names = e.names[:0]
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
	e.names = append(e.names, name)
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

// save hands the draft to the project. What was saved is said on the
// hint line and the palette shows the first label added; a refusal is
// shown in a dialog over the editor, which opens again with the draft.
func (e *schemaEditor) save() {
	err := e.s.Validate()
	if err == nil {
		err = e.u.project.SetSchema(e.s)
	}
	if err != nil {
		e.dlg.Show()
		e.u.showError(err)
		return
	}
	old := e.u.schema
	e.u.schema = e.s
	e.u.palette.refresh()
	e.u.refreshDocument()
	summary := schemaChanges(old, e.s)
	e.u.saved.SetText(tr("Saved") + " " + e.u.now().Format("15:04:05"))
	e.u.setHint(summary)
	for _, l := range e.s.Labels {
		if _, ok := old.Label(l.Name); !ok {
			e.u.palette.show(l.Name)
			break
		}
	}
	if e.saved != nil {
		e.saved(summary)
	}
}

// schemaChanges says what changed from schema a to schema b: the labels
// and relation types added, changed and removed.
func schemaChanges(a, b *annotate.Schema) string {
	var parts []string
	add := func(names []string, say func(map[string]any) string) {
		if len(names) > 0 {
			parts = append(parts, say(map[string]any{"Names": userList(names)}))
		}
	}
	added, changed, removed := diffNamed(a.Labels, b.Labels, func(l annotate.Label) string { return l.Name })
	add(added, func(m map[string]any) string { return tr("labels added: {{.Names}}", m) })
	add(changed, func(m map[string]any) string { return tr("labels changed: {{.Names}}", m) })
	add(removed, func(m map[string]any) string { return tr("labels removed: {{.Names}}", m) })
	added, changed, removed = diffNamed(a.Relations, b.Relations, func(r annotate.RelationType) string { return r.Name })
	add(added, func(m map[string]any) string { return tr("relation types added: {{.Names}}", m) })
	add(changed, func(m map[string]any) string { return tr("relation types changed: {{.Names}}", m) })
	add(removed, func(m map[string]any) string { return tr("relation types removed: {{.Names}}", m) })
	if len(parts) == 0 {
		return tr("Schema saved, unchanged.")
	}
	return tr("Schema saved: {{.Changes}}.", map[string]any{"Changes": strings.Join(parts, "; ")})
}

// diffNamed compares two lists of named things: the names only in b, in
// both but different, and only in a, each in list order. Things are
// compared as printed, so an empty list and none are the same.
func diffNamed[T any](a, b []T, name func(T) string) (added, changed, removed []string) {
	before := make(map[string]T, len(a))
	for _, x := range a {
		before[name(x)] = x
	}
	after := make(map[string]bool, len(b))
	for _, x := range b {
		n := name(x)
		after[n] = true
		if old, ok := before[n]; !ok {
			added = append(added, n)
		} else if fmt.Sprint(old) != fmt.Sprint(x) {
			changed = append(changed, n)
		}
	}
	for _, x := range a {
		if !after[name(x)] {
			removed = append(removed, name(x))
		}
	}
	return added, changed, removed
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
