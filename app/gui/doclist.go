package gui

import (
	"cmp"
	"fmt"
	"runtime/debug"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"alama/annotate"
	"alama/annotate/arabic"
	"alama/app"
	"alama/app/textview"
)

// docList is the panel of documents: a filter by status, a title search and
// a virtual list, so projects of any size scroll smoothly.
type docList struct {
	u      *ui
	all    []annotate.DocInfo
	folded []string // the folded titles of all, made on the first filtering
	shown  []int    // indexes into all that pass the filters
	query  *widget.Entry
	filter *widget.Select
	list   *widget.List
	count  *textview.Label
	box    fyne.CanvasObject
}

func newDocList(u *ui) *docList {
	l := &docList{u: u}
	l.query = widget.NewEntry()
	l.query.SetPlaceHolder(tr("Filter titles"))
	l.query.OnChanged = func(string) { l.applyFilter() }
	l.filter = startSelect(append([]string{tr("All statuses")}, statusNames()...), func(string) { l.applyFilter() })
	l.filter.SetSelectedIndex(0)
	l.count = lineLabel()
	l.list = widget.NewList(
		func() int { return len(l.shown) },
		func() fyne.CanvasObject {
			title := textview.NewLabel("")
			// Its baseline follows the UI's direction, as the status
			// beside it does, whatever script the title starts with.
			title.BaselineDirection = textview.LTR
			if rtlUI() {
				title.BaselineDirection = textview.RTL
			}
			info := lineLabel()
			info.Importance = widget.LowImportance
			return container.NewBorder(nil, nil, info, nil, title)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id >= len(l.shown) {
				return
			}
			d := l.all[l.shown[id]]
			row := o.(*fyne.Container)
			row.Objects[0].(*textview.Label).SetText(d.Title)
			row.Objects[1].(*textview.Label).SetText(fmt.Sprintf("%s · %d", statusName(d.Status), d.Spans))
		})
	l.list.OnSelected = func(id widget.ListItemID) {
		if id < len(l.shown) {
			if d := l.all[l.shown[id]]; u.doc == nil || u.doc.ID != d.ID {
				u.showDocument(d.ID)
			}
		}
	}
	top := container.NewVBox(widget.NewLabelWithStyle(tr("Documents"), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}), startPlaceholder(l.query, l.query), l.filter)
	l.box = container.NewBorder(top, l.count, nil, nil, l.list)
	return l
}

// reload reads the document list from the project.
func (l *docList) reload() {
	var bad app.Unreadable
	docs, err := app.List(l.u.project, &bad)
	if err != nil {
		l.u.showError(err)
		return
	}
	l.all, l.folded = docs, nil
	l.applyFilter()
	releaseGarbage()
	if err := bad.Err(); err != nil {
		l.u.showError(err) // the others are listed behind it
	}
}

// releaseGarbage gives the memory a burst of work left behind (reading a
// large document list, a search over many documents) back to the system
// now, in the background, rather than at the runtime's own slower pace.
func releaseGarbage() { go debug.FreeOSMemory() }

func (l *docList) applyFilter() {
	if l.list == nil {
		return
	}
	q := arabic.FoldString(strings.TrimSpace(l.query.Text))
	if q != "" && l.folded == nil {
		l.folded = make([]string, len(l.all))
		for i, d := range l.all {
			l.folded[i] = arabic.FoldString(d.Title)
		}
	}
	status := ""
	if i := l.filter.SelectedIndex(); i > 0 {
		status = string(annotate.Statuses[i-1])
	}
	l.shown = l.shown[:0]
	for i, d := range l.all {
		if status != "" && string(d.Status) != status {
			continue
		}
		if q != "" && !strings.Contains(l.folded[i], q) {
			continue
		}
		l.shown = append(l.shown, i)
	}
	if unsure := l.u.learner.unsure; unsure != nil {
		// Most useful next: the documents the model is least sure of.
		slices.SortStableFunc(l.shown, func(a, b int) int {
			ua, oka := unsure[l.all[a].ID]
			ub, okb := unsure[l.all[b].ID]
			switch {
			case oka != okb && oka:
				return -1
			case oka != okb:
				return 1
			case ua > ub:
				return -1
			case ua < ub:
				return 1
			}
			return 0
		})
	}
	l.count.SetText(trN("{{.Shown}} of {{.All}} documents", len(l.all), map[string]any{"Shown": len(l.shown), "All": len(l.all)}))
	l.list.UnselectAll()
	l.list.Refresh()
	if l.u.doc != nil {
		l.selectID(l.u.doc.ID)
	}
}

func (l *docList) index(id uint64) int {
	i, ok := slices.BinarySearchFunc(l.all, id, func(d annotate.DocInfo, id uint64) int { return cmp.Compare(d.ID, id) })
	if !ok {
		return -1
	}
	return i
}

func (l *docList) has(id uint64) bool { return l.index(id) >= 0 }

func (l *docList) first() (uint64, bool) {
	if len(l.shown) == 0 {
		return 0, false
	}
	return l.all[l.shown[0]].ID, true
}

// next returns the document after id in the shown order.
func (l *docList) next(id uint64) (uint64, bool) {
	for k, i := range l.shown {
		if l.all[i].ID == id && k+1 < len(l.shown) {
			return l.all[l.shown[k+1]].ID, true
		}
	}
	return 0, false
}

// previous returns the document before id in the shown order.
func (l *docList) previous(id uint64) (uint64, bool) {
	for k, i := range l.shown {
		if l.all[i].ID == id && k > 0 {
			return l.all[l.shown[k-1]].ID, true
		}
	}
	return 0, false
}

func (l *docList) selectID(id uint64) {
	i := l.index(id)
	if k := slices.Index(l.shown, i); i >= 0 && k >= 0 {
		l.list.Select(k)
		l.list.ScrollTo(k)
	}
}

// update refreshes one document's row after an edit.
func (l *docList) update(d *annotate.Document) {
	i := l.index(d.ID)
	if i < 0 {
		return
	}
	l.all[i].Status = d.Status
	l.all[i].Spans = len(d.Spans)
	l.all[i].Relations = len(d.Relations)
	if k := slices.Index(l.shown, i); k >= 0 {
		l.list.RefreshItem(k)
	}
}

// deleteDocument asks, then removes the open document from the project
// with its annotations and history, and opens the one after it.
func (u *ui) deleteDocument() {
	if u.doc == nil {
		return
	}
	d := u.doc
	// The title is drawn by our label: Fyne's would misplace the runs of
	// a title that mixes Arabic with numbers or Latin.
	title := textview.NewLabel(d.Title)
	title.Bold = true
	msg := widget.NewLabel(tr("Delete this document with the spans and relations of every annotator? Undo cannot bring it back; a backup can (alama restore)."))
	msg.Wrapping = fyne.TextWrapWord
	dlg := dialog.NewCustomConfirm(tr("Delete document"), tr("Delete"), tr("Cancel"), container.NewVBox(title, msg), func(ok bool) {
		if ok {
			u.removeDocument(d.ID)
		}
	}, u.win)
	dlg.Resize(fyne.NewSize(560, 240))
	dlg.Show()
}

// removeDocument deletes document id and moves on to the next document in
// the list, or the one before it when it was the last.
func (u *ui) removeDocument(id uint64) {
	next, ok := u.docs.next(id)
	if !ok {
		next, ok = u.docs.previous(id)
	}
	if err := u.project.DeleteDocuments([]uint64{id}); err != nil {
		u.showError(err)
		return
	}
	if u.searchIndex != nil {
		u.searchIndex.Reset()
	}
	u.docs.reload()
	if ok {
		u.showDocument(next)
		return
	}
	u.showNoDocument()
}
