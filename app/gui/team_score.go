package gui

import (
	"fmt"
	"slices"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"alama/annotate/agree"
	"alama/app"
	"alama/app/textview"
)

// scoreDialog chooses the key layer and the annotator to score.
func (u *ui) scoreDialog() { u.withLayerNames(u.scoreForm) }

func (u *ui) scoreForm(names []string) {
	key := widget.NewSelect(names, nil)
	key.SetSelected(agree.Gold)
	who := widget.NewSelect(names, nil)
	who.SetSelected(u.annotator)
	dialog.ShowForm(tr("Score against a key"), tr("Score"), tr("Cancel"), []*widget.FormItem{
		widget.NewFormItem(tr("Key layer"), key),
		widget.NewFormItem(tr("Annotator"), who),
	}, func(ok bool) {
		if !ok || key.Selected == "" || who.Selected == "" {
			return
		}
		if key.Selected == who.Selected {
			dialog.ShowInformation(tr("Score against a key"), tr("Choose two different layers: the key and the annotator scored."), u.win)
			return
		}
		k, a := key.Selected, who.Selected
		var r *agree.ScoreReport
		u.inBackground(tr("Scoring"), func() (err error) {
			r, err = u.score(k, a)
			return err
		}, func(err error) {
			switch {
			case r == nil:
				u.showError(err)
				return
			case r.Documents == 0:
				dialog.ShowInformation(tr("Score against a key"), tr("The key layer {{.Key}} has no spans in any document yet.", map[string]any{"Key": k}), u.win)
			default:
				u.newScoreWindow(r).win.Show()
			}
			if err != nil { // documents left out
				u.showError(err)
			}
		})
	}, u.win)
}

// score scores annotator against the key layer over the whole project.
func (u *ui) score(key, annotator string) (*agree.ScoreReport, error) {
	return app.Score(u.project, key, annotator)
}

// scoreWindow shows a ScoreReport: a table by label, the missed and
// spurious spans, and a grade line.
type scoreWindow struct {
	u     *ui
	rep   *agree.ScoreReport
	table [][]string // the cells of the table, header first
	grade *textview.Label
	win   fyne.Window
}

func (u *ui) newScoreWindow(r *agree.ScoreReport) *scoreWindow {
	w := &scoreWindow{u: u, rep: r}
	head := trN("{{.Annotator}} scored against {{.Key}} over {{.Docs}} documents.", r.Documents, map[string]any{"Annotator": userText(r.Annotator), "Key": userText(r.Key), "Docs": r.Documents})
	if r.NotAnnotated > 0 {
		head += " " + trN("{{.Count}} of them are not annotated by {{.Annotator}}: all their key spans count as missed.", r.NotAnnotated, map[string]any{"Count": r.NotAnnotated, "Annotator": userText(r.Annotator)})
	}
	heading := messageLabel()
	heading.Truncation = fyne.TextTruncateOff
	heading.SetText(head)

	w.table = [][]string{{tr("Label"), tr("In the key"), tr("Marked"),
		tr("Exact P"), tr("Exact R"), tr("Exact F1"), tr("Overlap P"), tr("Overlap R"), tr("Overlap F1")}}
	for _, l := range append(slices.Clone(r.Labels), r.Total) {
		w.table = append(w.table, []string{l.Label, strconv.Itoa(l.Key), strconv.Itoa(l.Marked),
			l.Exact.Precision.String(), l.Exact.Recall.String(), l.Exact.F1.String(),
			l.Overlap.Precision.String(), l.Overlap.Recall.String(), l.Overlap.F1.String()})
	}
	grid := container.NewGridWithColumns(len(w.table[0]))
	for i, row := range w.table {
		bold := i == 0 || i == len(w.table)-1
		for _, cell := range row {
			grid.Add(widget.NewLabelWithStyle(cell, fyne.TextAlignCenter, fyne.TextStyle{Bold: bold}))
		}
	}

	t := r.Total
	w.grade = lineLabel()
	w.grade.Bold = true
	w.grade.SetText(trN("Grade: exact F1 {{.F1}} (precision {{.P}}, recall {{.R}}), overlap F1 {{.Overlap}}; {{.Found}} of {{.Key}} key spans found exactly, {{.Spurious}} spurious.",
		t.Key, map[string]any{"F1": t.Exact.F1.String(), "P": t.Exact.Precision.String(), "R": t.Exact.Recall.String(), "Overlap": t.Overlap.F1.String(),
			"Found": t.Exact.TP, "Key": t.Key, "Spurious": t.Exact.FP}))

	tabs := container.NewAppTabs(
		container.NewTabItem(tr("Missed ({{.Count}})", map[string]any{"Count": len(r.Missed)}), w.missList(r.Missed, r.Key)),
		container.NewTabItem(tr("Spurious ({{.Count}})", map[string]any{"Count": len(r.Spurious)}), w.missList(r.Spurious, r.Annotator)))
	save := widget.NewButton(tr("Save as CSV"), w.saveDialog)
	w.win = u.app.NewWindow(tr("Score"))
	w.win.SetContent(container.NewBorder(
		container.NewVBox(heading, grid, w.grade, widget.NewSeparator()),
		container.NewBorder(nil, nil, nil, save),
		nil, nil, tabs))
	w.win.Resize(fyne.NewSize(820, 640))
	return w
}

// missList lists missed or spurious spans, which the layer named owns;
// choosing one opens its document at the span.
func (w *scoreWindow) missList(list []agree.Miss, owner string) fyne.CanvasObject {
	l := widget.NewList(
		func() int { return len(list) },
		func() fyne.CanvasObject {
			text := textview.NewLabel("")
			info := messageLabel()
			info.Importance = widget.LowImportance
			info.Truncation = fyne.TextTruncateOff
			title := textview.NewLabel("")
			title.Importance = widget.LowImportance
			title.Truncation = fyne.TextTruncateOff
			return container.NewBorder(nil, nil, container.NewHBox(info, title), nil, text)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			m := list[i]
			row := o.(*fyne.Container)
			setRight(row.Objects[0].(*textview.Label), m.Text)
			side := row.Objects[1].(*fyne.Container).Objects
			side[1].(*textview.Label).SetText(m.Title)
			info := fmt.Sprintf("%s · #%d  %d–%d", userText(m.Label), m.Doc, m.Start, m.End)
			if m.Partial {
				info += "  " + tr("boundaries differ")
			}
			side[0].(*textview.Label).SetText(info)
		})
	l.OnSelected = func(i widget.ListItemID) { w.open(list[i], owner) }
	return l
}

// open shows a missed or spurious span in the main window, with the key
// and the annotator's layers.
func (w *scoreWindow) open(m agree.Miss, owner string) {
	u := w.u
	other := w.rep.Key
	if owner == w.rep.Key {
		other = w.rep.Annotator
	}
	u.showPair(m.Doc, owner, other)
	u.view.SetSelection(m.Start, m.End)
	u.view.ScrollToOffset(m.Start)
}

func (w *scoreWindow) saveDialog() {
	save := dialog.NewFileSave(func(f fyne.URIWriteCloser, err error) {
		if err != nil {
			dialog.ShowError(err, w.win)
			return
		}
		if f == nil {
			return
		}
		err = w.rep.WriteCSV(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			dialog.ShowError(fmt.Errorf("write %s: %w", f.URI().Path(), err), w.win)
			return
		}
		dialog.ShowInformation(tr("Save as CSV"), tr("Saved {{.File}}.", map[string]any{"File": f.URI().Path()}), w.win)
	}, w.win)
	save.SetFileName(safeFileName(w.rep.Annotator) + "-score.csv")
	save.SetFilter(storage.NewExtensionFileFilter([]string{".csv"}))
	save.Show()
}
