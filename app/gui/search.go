package gui

import (
	"fmt"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"alama/annotate"
	"alama/annotate/search"
	"alama/app/textview"
)

// searchPanel finds a word across the corpus with Arabic folding (alef
// forms, harakat, tatweel, ta marbuta…) and shows each hit in its context.
type searchPanel struct {
	u     *ui
	query *keyEntry
	words *widget.Check
	hits  []search.Hit
	list  *widget.List
	count *textview.Label
	win   fyne.Window
}

// showSearch opens the corpus search window (Ctrl+F).
func (u *ui) showSearch() {
	if u.search != nil {
		u.search.win.RequestFocus()
		u.search.win.Canvas().Focus(u.search.query)
		return
	}
	p := &searchPanel{u: u}
	p.query = newKeyEntry(func() { p.win.Close() })
	p.query.SetPlaceHolder(tr("Search all documents (أحمد finds أحمدَ, احمد, وأحمد)"))
	p.query.OnSubmitted = func(string) { p.run() }
	p.words = widget.NewCheck(tr("Whole words (clitics allowed)"), func(bool) { p.run() })
	p.words.SetChecked(true)
	p.count = lineLabel()
	p.list = widget.NewList(
		func() int { return len(p.hits) },
		func() fyne.CanvasObject {
			doc := lineLabel()
			doc.Importance = widget.LowImportance
			line := textview.NewLabel("")
			return container.NewBorder(nil, nil, doc, nil, line)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			h := p.hits[i]
			row := o.(*fyne.Container)
			row.Objects[0].(*textview.Label).SetText(strings.TrimSpace(h.Before) + " «" + h.Text + "» " + strings.TrimSpace(h.After))
			row.Objects[1].(*textview.Label).SetText(fmt.Sprintf("#%d  %d–%d", h.DocID, h.Start, h.End))
		})
	p.list.OnSelected = func(i widget.ListItemID) { p.open(p.hits[i]) }
	names := make([]string, len(u.schema.Labels))
	for i, l := range u.schema.Labels {
		names[i] = l.Name
	}
	label := startSelect(names, nil)
	if len(names) > 0 {
		label.SetSelectedIndex(0)
	}
	suggest := widget.NewCheck(tr("as suggestions"), nil)
	suggest.SetChecked(true)
	labelAll := widget.NewButton(tr("Label all matches"), func() { p.labelAll(label.Selected, suggest.Checked) })
	top := container.NewVBox(
		sides(nil, widget.NewButton(tr("Search"), p.run), startPlaceholder(p.query, &p.query.Entry)),
		startCheck(p.words))
	bottom := sides(p.count, row(label, startCheck(suggest), labelAll), nil)
	p.win = u.app.NewWindow(tr("Search"))
	p.win.SetContent(container.NewBorder(top, bottom, nil, nil, p.list))
	p.win.Resize(fyne.NewSize(760, 520))
	p.win.SetOnClosed(func() { u.search = nil })
	u.secondary(p.win)
	u.search = p
	p.win.Show()
	p.win.Canvas().Focus(p.query)
}

func (p *searchPanel) run() {
	q := strings.TrimSpace(p.query.Text)
	if q == "" {
		return
	}
	hits, err := p.u.index().Search(q, search.Options{Words: p.words.Checked, Context: 30, Limit: 5000})
	if err != nil {
		dialog.ShowError(err, p.win)
		return
	}
	p.hits = hits
	p.list.UnselectAll()
	p.list.Refresh()
	p.count.SetText(trN("{{.Count}} matches", len(hits), map[string]any{"Count": len(hits)}))
	releaseGarbage()
}

// open shows a hit's document in the main window with the match selected.
func (p *searchPanel) open(h search.Hit) {
	u := p.u
	if u.doc == nil || u.doc.ID != h.DocID {
		u.showDocument(h.DocID)
	}
	u.selected = 0
	u.refreshDocument()
	u.view.SetSelection(h.Start, h.End)
	u.view.ScrollToOffset(h.Start)
	u.win.RequestFocus()
	u.win.Canvas().Focus(u.view)
}

// labelAll marks every hit with a label, one undoable edit per document;
// places already holding a span of that label in the layer are skipped.
func (p *searchPanel) labelAll(label string, suggested bool) {
	u := p.u
	if label == "" || len(p.hits) == 0 {
		return
	}
	byDoc := map[uint64][]search.Hit{}
	var order []uint64
	for _, h := range p.hits {
		if _, ok := byDoc[h.DocID]; !ok {
			order = append(order, h.DocID)
		}
		byDoc[h.DocID] = append(byDoc[h.DocID], h)
	}
	added := 0
	for _, id := range order {
		d, err := u.project.Document(id)
		if err != nil {
			dialog.ShowError(err, p.win)
			return
		}
		var b annotate.Batch
		for _, h := range byDoc[id] {
			if hasSpan(d, h.Start, h.End, label, u.layer) {
				continue
			}
			b.Edits = append(b.Edits, annotate.AddSpan{Span: annotate.Span{
				Start: h.Start, End: h.End, Label: label, Annotator: u.layer, Suggested: suggested, Created: u.now().UTC(),
			}})
		}
		if len(b.Edits) == 0 {
			continue
		}
		d, err = u.project.Apply(id, b)
		if err != nil {
			dialog.ShowError(err, p.win)
			return
		}
		added += len(b.Edits)
		u.docs.update(d)
		if u.doc != nil && u.doc.ID == id {
			u.afterChange(d)
		}
	}
	p.count.SetText(trN("{{.Count}} spans added; Ctrl+Z in a document undoes its share.", added, map[string]any{"Count": added}))
}

// hasSpan reports whether d has a span of label over exactly [start, end)
// in layer.
func hasSpan(d *annotate.Document, start, end int, label, layer string) bool {
	for _, sp := range d.Spans {
		if sp.Start == start && sp.End == end && sp.Label == label && inLayer(sp.Annotator, layer) {
			return true
		}
	}
	return false
}

// index returns the corpus search index, built on first use.
func (u *ui) index() *search.Index {
	if u.searchIndex == nil {
		u.searchIndex = search.NewIndex(u.project)
	}
	return u.searchIndex
}

// preannotateDialog reads a gazetteer (one term a line, or term,label CSV)
// and adds its matches as suggestions to this document or to all of them.
func (u *ui) preannotateDialog() {
	u.openFile([]string{".txt", ".csv"}, u.preannotateOptions)
}

func (u *ui) preannotateOptions(path string) {
	names := make([]string, len(u.schema.Labels))
	for i, l := range u.schema.Labels {
		names[i] = l.Name
	}
	label := widget.NewSelect(names, nil)
	label.PlaceHolder = tr("from the file (term,label)")
	scope := widget.NewRadioGroup([]string{tr("This document"), tr("All documents")}, nil)
	scope.SetSelected(tr("This document"))
	dialog.ShowForm(tr("Pre-annotate"), tr("Suggest"), tr("Cancel"), []*widget.FormItem{
		widget.NewFormItem(tr("Gazetteer"), pathLabel(path)),
		widget.NewFormItem(tr("Label"), label),
		widget.NewFormItem(tr("Apply to"), scope),
	}, func(ok bool) {
		if ok {
			u.preannotate(path, label.Selected, scope.Selected == tr("All documents"))
		}
	}, u.win)
}

func (u *ui) preannotate(path, label string, all bool) {
	f, err := os.Open(path)
	if err != nil {
		u.showError(err)
		return
	}
	defer f.Close()
	g, err := search.ParseGazetteer(f, path, search.FormatOf(path), label)
	if err == nil {
		err = g.CheckLabels(u.schema)
	}
	if err != nil {
		u.showError(err)
		return
	}
	ids := []uint64{}
	if all {
		for _, d := range u.docs.all {
			ids = append(ids, d.ID)
		}
	} else if u.doc != nil {
		ids = append(ids, u.doc.ID)
	}
	total := 0
	for _, id := range ids {
		d, err := u.project.Document(id)
		if err != nil {
			u.showError(err)
			return
		}
		edits := search.Suggest(d, g, u.layer, u.now().UTC())
		if len(edits) == 0 {
			continue
		}
		if d, err = u.project.Apply(id, annotate.Batch{Edits: edits}); err != nil {
			u.showError(err)
			return
		}
		total += len(edits)
		u.docs.update(d)
		if u.doc != nil && u.doc.ID == id {
			u.afterChange(d)
		}
	}
	u.setHint(trN("{{.Count}} suggestions added: Enter accepts, Backspace rejects.", total, map[string]any{"Count": total}))
	if u.doc != nil {
		u.nextSuggestion()
	}
}

// offerPropagation, after a span is made, offers the same label on the
// other places in the document where the same (folded) words occur: P
// accepts the offer, which lasts until the next command.
func (u *ui) offerPropagation(sp annotate.Span) {
	u.propagation = search.Propagate(u.doc, sp, u.layer, u.now().UTC())
	if len(u.propagation) == 0 {
		return
	}
	u.setHint(trN("«{{.Text}}» occurs {{.Count}} more times here: press P to suggest {{.Label}} there too.",
		len(u.propagation), map[string]any{"Text": closeRun(u.doc.SpanText(sp)), "Count": len(u.propagation), "Label": sp.Label}))
}

// propagateNow adds the offered suggestions in one undoable step.
func (u *ui) propagateNow() {
	edits := u.propagation
	u.propagation = nil
	if len(edits) > 0 && u.apply(annotate.Batch{Edits: edits}) {
		u.nextSuggestion()
	}
}

// keyEntry is an entry that gives Escape to onEscape (closing its window,
// say) and Ctrl+Q to its window, where a plain entry would keep them.
type keyEntry struct {
	widget.Entry
	onEscape func()
}

func newKeyEntry(onEscape func()) *keyEntry {
	e := &keyEntry{onEscape: onEscape}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey is part of fyne.Focusable.
func (e *keyEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape {
		e.onEscape()
		return
	}
	e.Entry.TypedKey(ev)
}

// TypedShortcut is part of fyne.Shortcutable.
func (e *keyEntry) TypedShortcut(s fyne.Shortcut) {
	if c, ok := s.(*desktop.CustomShortcut); ok && c.KeyName == fyne.KeyQ {
		if w, ok := fyne.CurrentApp().Driver().CanvasForObject(e).(fyne.Shortcutable); ok {
			w.TypedShortcut(s)
			return
		}
	}
	e.Entry.TypedShortcut(s)
}
