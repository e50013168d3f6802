package gui

import (
	"errors"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"alama/annotate"
	"alama/annotate/agree"
	"alama/annotate/bundle"
	"alama/app"
	"alama/app/textview"
)

// The Team menu: whose layer is shown and edited, bundles that hand one
// annotator's layer between projects, agreement between layers, curation
// of the gold layer and scoring against a key.

func (u *ui) teamMenu() *fyne.Menu {
	return fyne.NewMenu(tr("Team"),
		fyne.NewMenuItem(tr("Show layer…"), u.layerDialog),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(tr("Send my work…"), u.sendDialog),
		fyne.NewMenuItem(tr("Add a colleague's work…"), u.addDialog),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(tr("Agreement…"), u.showAgreement),
		fyne.NewMenuItem(tr("Curate…"), u.showCuration),
		fyne.NewMenuItem(tr("Score against a key…"), u.scoreDialog),
	)
}

// survey surveys the project's layers and labels. A document whose record
// cannot be read is left out of it without a word: the reading that
// follows (statistics, agreement, score) names it.
func (u *ui) survey() (*agree.Survey, error) {
	s, err := app.Survey(u.project)
	if errors.As(err, new(*app.Unreadable)) {
		return s, nil
	}
	return s, err
}

// layerNames returns the layers of the project, the annotator's own and
// gold among them even while empty, sorted.
func (u *ui) layerNames() ([]string, error) {
	s, err := u.survey()
	if err != nil {
		return nil, err
	}
	names := s.Annotators
	for _, n := range []string{u.annotator, agree.Gold} {
		if i, found := slices.BinarySearch(names, n); n != "" && !found {
			names = slices.Insert(names, i, n)
		}
	}
	return names, nil
}

// mayEdit reports whether the annotator may edit a layer: their own, or
// gold, which curation writes.
func (u *ui) mayEdit(layer string) bool { return layer == u.annotator || layer == agree.Gold }

// showLayers shows layer, editable, with overlay drawn outlined and
// read-only ("" for none). A layer the annotator may not edit is drawn as
// the overlay instead, in place of overlay, and the annotator's own layer
// stays the one edited. It reports whether layer was shown read-only.
func (u *ui) showLayers(layer, overlay string) bool {
	readOnly := !u.mayEdit(layer)
	if readOnly {
		layer, overlay = u.annotator, layer
	}
	if overlay == layer {
		overlay = ""
	}
	u.layer, u.overlay = layer, overlay
	u.selected, u.linkFrom = 0, 0
	u.refreshDocument()
	switch {
	case readOnly:
		u.setHint(tr("Only your own layer and gold can be edited: {{.Overlay}} is drawn outlined, read-only.", map[string]any{"Overlay": overlay}))
	case overlay != "":
		u.setHint(tr("Editing the layer of {{.Layer}}; {{.Overlay}} is drawn outlined, read-only.", map[string]any{"Layer": layer, "Overlay": overlay}))
	default:
		u.setHint(tr("Editing the layer of {{.Layer}}.", map[string]any{"Layer": layer}))
	}
	return readOnly
}

// showPair opens a document with two layers to compare: the one the
// annotator may edit (if either) shown as the layer, the other as the
// overlay. When the annotator may edit neither, their own layer is shown
// with a as the overlay.
func (u *ui) showPair(id uint64, a, b string) {
	if !u.mayEdit(a) && u.mayEdit(b) {
		a, b = b, a
	}
	if u.doc == nil || u.doc.ID != id {
		u.showDocument(id)
	}
	if u.showLayers(a, b) {
		// Neither may be edited: a is drawn, and b waits its turn.
		u.setHint(tr("Your layer is shown with {{.A}} outlined, read-only; one other layer is drawn at a time: Team › Show layer… draws {{.B}}.", map[string]any{"A": a, "B": b}))
	}
	u.win.RequestFocus()
}

// layerDialog chooses the layer shown and edited and the overlay.
func (u *ui) layerDialog() { u.withLayerNames(u.layerForm) }

// withLayerNames reads the layer names in the background, then calls fn
// with them.
func (u *ui) withLayerNames(fn func(names []string)) {
	var names []string
	u.inBackground(tr("Reading"), func() (err error) {
		names, err = u.layerNames()
		return err
	}, func(err error) {
		if err != nil {
			u.showError(err)
			return
		}
		fn(names)
	})
}

func (u *ui) layerForm(names []string) {
	layer := widget.NewSelect(names, nil)
	layer.SetSelected(u.layer)
	none := tr("None")
	overlay := widget.NewSelect(append([]string{none}, names...), nil)
	overlay.SetSelected(none)
	if u.overlay != "" {
		overlay.SetSelected(u.overlay)
	}
	note := widget.NewLabel(tr("You can edit your own layer and gold; another layer is shown read-only."))
	dialog.ShowForm(tr("Show layer"), tr("Show"), tr("Cancel"), []*widget.FormItem{
		widget.NewFormItem(tr("Layer"), layer),
		widget.NewFormItem(tr("Overlay"), overlay),
		widget.NewFormItem("", note),
	}, func(ok bool) {
		if !ok || layer.Selected == "" {
			return
		}
		o := overlay.Selected
		if o == none {
			o = ""
		}
		u.showLayers(layer.Selected, o)
	}, u.win)
}

// inBackground runs work off the Fyne goroutine behind a progress dialog,
// then done on it with work's error.
func (u *ui) inBackground(title string, work func() error, done func(error)) {
	prog := dialog.NewCustomWithoutButtons(title, widget.NewProgressBarInfinite(), u.win)
	prog.Show()
	go func() {
		err := work()
		fyne.Do(func() {
			prog.Hide()
			done(err)
		})
	}()
}

// sendDialog saves a bundle of the annotator's layer.
func (u *ui) sendDialog() {
	u.saveFile(safeFileName(u.annotator)+".zip", ".zip", true, func(path string) {
		var sent app.SentBundle
		u.inBackground(tr("Sending"), func() (err error) {
			sent, err = u.writeBundle(path)
			return err
		}, func(err error) {
			var left *app.Unreadable
			if err != nil && !errors.As(err, &left) {
				u.showError(err)
				return
			}
			note := tr("Send this file to your colleague or teacher.")
			if sent.Spans == 0 {
				note = tr("Your layer has no spans yet: the bundle hands out the documents only.")
			}
			if left != nil {
				note += "\n\n" + leftOut(left)
			}
			dialog.ShowCustom(tr("Send my work"), tr("OK"), container.NewVBox(
				facts([][2]string{
					{tr("File"), filepath.Base(path)},
					{tr("Layer"), sent.Annotator},
					{tr("Documents"), strconv.Itoa(sent.Documents)},
					{tr("Spans"), strconv.Itoa(sent.Spans)},
					{tr("Relations"), strconv.Itoa(sent.Relations)},
				}),
				widget.NewLabel(note)), u.win)
		})
	})
}

// safeFileName turns a name into one a file can have.
func safeFileName(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < ' ' {
			return '_'
		}
		return r
	}, name)
	if name == "" {
		return "layer"
	}
	return name
}

// writeBundle writes a bundle of the annotator's layer of every document
// to path with app.WriteBundle.
func (u *ui) writeBundle(path string) (app.SentBundle, error) {
	return app.WriteBundle(u.project, u.annotator, path, u.now())
}

// addDialog opens a colleague's bundle and imports it as their layer.
func (u *ui) addDialog() {
	u.openFile([]string{".zip"}, func(path string) {
		var b *bundle.Bundle
		u.inBackground(tr("Reading"), func() (err error) {
			b, err = readBundle(path)
			return err
		}, func(err error) {
			if err != nil {
				u.showError(err)
				return
			}
			u.confirmBundle(path, b)
		})
	})
}

// readBundle reads and checks the bundle file at path.
func readBundle(path string) (*bundle.Bundle, error) {
	return app.ReadBundle(path, bundle.DefaultLimits)
}

// confirmBundle imports bundle b, read from path, after asking when it
// would replace the annotator's own layer.
func (u *ui) confirmBundle(path string, b *bundle.Bundle) {
	run := func() {
		var added annotate.LayerResult
		u.inBackground(tr("Importing"), func() (err error) {
			added, err = app.ImportBundle(u.project, path, b, "")
			return err
		}, func(err error) {
			if err != nil {
				u.showError(err)
				return
			}
			u.afterBundle(filepath.Base(path), b.Manifest.Annotator, added)
		})
	}
	if name := b.Manifest.Annotator; name == u.annotator {
		dialog.ShowConfirm(tr("Add a colleague's work"),
			tr("This bundle holds the layer of {{.Name}}, your own name: it replaces your layer in every document it has. Go on?", map[string]any{"Name": name}),
			func(ok bool) {
				if ok {
					run()
				}
			}, u.win)
		return
	}
	run()
}

// afterBundle shows what a bundle added: the lists reloaded, the imported
// layer as the overlay, and a summary.
func (u *ui) afterBundle(file, name string, c annotate.LayerResult) {
	if u.searchIndex != nil {
		u.searchIndex.Reset()
	}
	u.docs.reload()
	switch first, ok := u.docs.first(); {
	case u.doc != nil:
		u.showDocument(u.doc.ID)
	case ok:
		u.showDocument(first)
	}
	if name != u.layer {
		u.showLayers(u.layer, name)
	}
	dialog.ShowCustom(tr("Add a colleague's work"), tr("OK"), facts([][2]string{
		{tr("File"), file},
		{tr("Layer"), name},
		{tr("New documents"), strconv.Itoa(c.Added)},
		{tr("Documents updated"), strconv.Itoa(c.Replaced)},
		{tr("Documents unchanged"), strconv.Itoa(c.Unchanged)},
		{tr("Spans"), strconv.Itoa(c.Spans)},
		{tr("Relations"), strconv.Itoa(c.Relations)},
	}), u.win)
}

// facts lays out name and value pairs in two columns, each in a label of
// its own: Fyne's labels, which show the translated names, lay a line
// mixing Arabic with Latin names or digits out left to right, so a
// sentence is not the way to show them. The values, which may be file or
// annotator names, are drawn by textview.Label. The names stand on the
// side the interface language reads from.
func facts(rows [][2]string) fyne.CanvasObject {
	rtl := rtlUI()
	grid := container.NewGridWithColumns(2)
	for _, r := range rows {
		name := widget.NewLabelWithStyle(r[0], fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		value := textview.NewLabel(r[1])
		value.Truncation = fyne.TextTruncateOff
		value.Direction = textview.LTR
		if rtl {
			// Leading is on the right in a right-to-left line.
			value.Direction = textview.RTL
			name.Alignment = fyne.TextAlignTrailing
			grid.Add(value)
			grid.Add(name)
			continue
		}
		grid.Add(name)
		grid.Add(value)
	}
	return grid
}
