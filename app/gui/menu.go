package gui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"alama/annotate"
)

func (u *ui) mainMenu() *fyne.MainMenu {
	recent := fyne.NewMenuItem(tr("Recent projects"), nil)
	recent.ChildMenu = fyne.NewMenu("")
	u.fillRecent(recent.ChildMenu)

	// Menu shortcuts fire first, wherever the focus is.
	undo := fyne.NewMenuItem(tr("Undo"), u.undo)
	undo.Shortcut = &fyne.ShortcutUndo{}
	redo := fyne.NewMenuItem(tr("Redo"), u.redo)
	redo.Shortcut = &fyne.ShortcutRedo{}
	quit := fyne.NewMenuItem(tr("Quit"), u.quit)
	quit.IsQuit = true
	quit.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault}
	done := fyne.NewMenuItem(tr("Mark done and open next"), u.doneAndNext)
	done.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault}
	zoomIn := fyne.NewMenuItem(tr("Zoom in"), func() { u.setZoom(u.zoom * 1.15) })
	zoomIn.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyEqual, Modifier: fyne.KeyModifierShortcutDefault}
	zoomOut := fyne.NewMenuItem(tr("Zoom out"), func() { u.setZoom(u.zoom / 1.15) })
	zoomOut.Shortcut = &shownKey{
		CustomShortcut: &desktop.CustomShortcut{KeyName: fyne.KeyMinus, Modifier: fyne.KeyModifierShortcutDefault},
		shown:          "−",
	}

	marks := fyne.NewMenuItem(tr("Show harakat"), nil)
	marks.Checked = u.app.Preferences().BoolWithFallback(prefMarks, true)
	u.view.SetHideMarks(!marks.Checked)
	marks.Action = func() {
		marks.Checked = !marks.Checked
		u.view.SetHideMarks(!marks.Checked)
		u.app.Preferences().SetBool(prefMarks, marks.Checked)
		u.menuChanged()
	}
	labels := fyne.NewMenuItem(tr("Show label names"), nil)
	labels.Checked = u.app.Preferences().BoolWithFallback(prefLabels, true)
	u.view.SetShowLabels(labels.Checked)
	labels.Action = func() {
		labels.Checked = !labels.Checked
		u.view.SetShowLabels(labels.Checked)
		u.app.Preferences().SetBool(prefLabels, labels.Checked)
		u.menuChanged()
	}
	themeItem := fyne.NewMenuItem(tr("Theme"), nil)
	themeItem.ChildMenu = u.choiceMenu(prefTheme, "system", u.setTheme, []choice{
		{"system", tr("System")}, {"light", tr("Light")}, {"dark", tr("Dark")}})
	langItem := fyne.NewMenuItem(tr("Language"), nil)
	langItem.ChildMenu = u.choiceMenu(prefLanguage, "", u.setLanguage, []choice{
		{"", tr("System language")}, {"en", "English"}, {"ar", "العربية"}})

	find := fyne.NewMenuItem(tr("Search all documents…"), u.showSearch)
	suggestMenu := fyne.NewMenuItem(tr("Suggest with the project model"), nil)
	suggestMenu.ChildMenu = fyne.NewMenu("",
		fyne.NewMenuItem(tr("This document"), func() {
			if u.doc != nil {
				u.suggestDocs([]uint64{u.doc.ID})
			}
		}),
		fyne.NewMenuItem(tr("All documents not done"), func() { u.suggestDocs(nil) }))
	autoSuggest := fyne.NewMenuItem(tr("Suggest with the model on opening"), nil)
	autoSuggest.Checked = u.app.Preferences().BoolWithFallback(prefAutoSuggest, true)
	autoSuggest.Action = func() {
		autoSuggest.Checked = !autoSuggest.Checked
		u.app.Preferences().SetBool(prefAutoSuggest, autoSuggest.Checked)
		u.menuChanged()
	}
	byUncertainty := fyne.NewMenuItem(tr("Documents the model is least sure of first"), nil)
	byUncertainty.Action = func() {
		byUncertainty.Checked = !byUncertainty.Checked
		u.orderByUncertainty(byUncertainty.Checked)
		u.menuChanged()
	}
	find.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
	propagate := fyne.NewMenuItem(tr("Offer a new span's label on the same words"), nil)
	propagate.Checked = u.app.Preferences().BoolWithFallback(prefPropagate, true)
	u.propagate = propagate.Checked
	propagate.Action = func() {
		propagate.Checked = !propagate.Checked
		u.propagate = propagate.Checked
		u.app.Preferences().SetBool(prefPropagate, propagate.Checked)
		u.menuChanged()
	}

	return fyne.NewMainMenu(
		fyne.NewMenu(tr("File"),
			fyne.NewMenuItem(tr("New project…"), u.newProjectDialog),
			fyne.NewMenuItem(tr("Open project…"), u.openProjectDialog),
			recent,
			fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem(tr("Import files…"), u.importFilesDialog),
			fyne.NewMenuItem(tr("Import folder…"), u.importFolderDialog),
			fyne.NewMenuItem(tr("Import a path…"), u.importPathDialog),
			fyne.NewMenuItem(tr("Import as format…"), u.importAsDialog),
			fyne.NewMenuItem(tr("Export…"), u.exportDialog),
			fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem(tr("Delete document…"), u.deleteDocument),
			fyne.NewMenuItemSeparator(),
			quit,
		),
		fyne.NewMenu(tr("Edit"),
			undo, redo,
			fyne.NewMenuItemSeparator(),
			done,
			fyne.NewMenuItemSeparator(),
			find,
			fyne.NewMenuItem(tr("Pre-annotate with a gazetteer…"), u.preannotateDialog),
			fyne.NewMenuItem(tr("Import predictions as suggestions…"), u.predictionsDialog),
			fyne.NewMenuItem(tr("Accept all suggestions"), u.acceptAll),
			fyne.NewMenuItem(tr("Reject all suggestions"), u.rejectAll),
			propagate,
			fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem(tr("Train on done documents"), u.trainDialog),
			suggestMenu,
			fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem(tr("Annotator name…"), func() { u.annotatorDialog(false) }),
			fyne.NewMenuItem(tr("Schema…"), func() { u.schemaEditor() }),
		),
		fyne.NewMenu(tr("View"),
			zoomIn, zoomOut, marks, labels, themeItem, langItem,
			autoSuggest, byUncertainty,
			fyne.NewMenuItemSeparator(),
			fyne.NewMenuItem(tr("Project statistics"), u.showStats),
		),
		u.teamMenu(),
		fyne.NewMenu(tr("Help"),
			fyne.NewMenuItem(tr("Keyboard shortcuts (F1)"), u.showShortcuts),
		),
	)
}

// shownKey is a menu shortcut shown with another text for its key. Fyne's
// menu draws the key of a shortcut as a text of its own, and the Arabic
// face draws a lone "-" at the baseline, where it reads as "_": zoom out
// shows the minus sign "−" there instead. The shortcut keeps its name, so
// the key still triggers it; the window's own menu bar, which draws the
// keys as one text in Alama's faces (they have no "−"), shows KeyName.
type shownKey struct {
	*desktop.CustomShortcut
	shown fyne.KeyName
}

// Key returns the text the menu shows for the key.
func (k *shownKey) Key() fyne.KeyName { return k.shown }

// choice is one item of a menu of exclusive choices: the value stored in
// the preferences and the item's text.
type choice struct{ value, text string }

// choiceMenu returns a menu of exclusive choices for preference pref
// (fallback when unset) that checks the item of the choice in force and
// calls set with the value of the item chosen.
func (u *ui) choiceMenu(pref, fallback string, set func(string), choices []choice) *fyne.Menu {
	items := make([]*fyne.MenuItem, len(choices))
	check := func() {
		now := u.app.Preferences().StringWithFallback(pref, fallback)
		for i, c := range choices {
			items[i].Checked = c.value == now
		}
	}
	for i, c := range choices {
		items[i] = fyne.NewMenuItem(c.text, func() {
			set(c.value)
			check()
			u.menuChanged()
		})
	}
	check()
	return fyne.NewMenu("", items...)
}

// addShortcuts adds the second keys of menu commands, which a menu item
// cannot show, both for when the text view has the focus (it sees every
// shortcut first) and for when nothing has; and F1 for the shortcut sheet.
func (u *ui) addShortcuts() {
	ctrl := fyne.KeyModifierShortcutDefault
	extra := []struct {
		s *desktop.CustomShortcut
		f func()
	}{
		{&desktop.CustomShortcut{KeyName: fyne.KeyZ, Modifier: ctrl | fyne.KeyModifierShift}, u.redo},
		{&desktop.CustomShortcut{KeyName: fyne.KeyPlus, Modifier: ctrl}, func() { u.setZoom(u.zoom * 1.15) }},
		{&desktop.CustomShortcut{KeyName: fyne.KeyEnter, Modifier: ctrl}, u.doneAndNext},
	}
	byName := map[string]func(){}
	for _, e := range extra {
		byName[e.s.ShortcutName()] = e.f
		u.win.Canvas().AddShortcut(e.s, func(fyne.Shortcut) { e.f() })
	}
	u.view.OnShortcut = func(s fyne.Shortcut) bool {
		if u.menuBar != nil && u.menuBar.shortcut(s) {
			return true
		}
		if f, ok := byName[s.ShortcutName()]; ok {
			f()
			return true
		}
		// Ctrl+Shift (and Alt+Shift) with an arrow resize the selected
		// span rather than select from the caret.
		if c, ok := s.(*desktop.CustomShortcut); ok && (c.KeyName == fyne.KeyLeft || c.KeyName == fyne.KeyRight) &&
			c.Modifier&fyne.KeyModifierShift != 0 && u.doc != nil && u.selected != 0 {
			u.resizeSelected(c.KeyName, c.Modifier)
			return true
		}
		return false
	}
	u.win.Canvas().SetOnTypedKey(u.windowKey)
}

// windowKey handles the keys that reach the main window when no widget
// takes them, as when a dialog is open: F1 for the shortcut sheet, Escape
// to close the dialog on top (the shortcut sheet among them), Enter to
// close the result of an import.
func (u *ui) windowKey(ev *fyne.KeyEvent) {
	if u.menuBar != nil && u.menuBar.key(ev) {
		return
	}
	switch ev.Name {
	case fyne.KeyF10:
		u.openMenuBar()
	case fyne.KeyF1:
		u.showShortcuts()
	case fyne.KeyEscape:
		if top := u.win.Canvas().Overlays().Top(); top != nil {
			top.Hide()
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if u.result != nil {
			u.result.Hide()
			u.result = nil
		}
	}
}

// secondary makes Ctrl+Q quit from another window of the app, and Escape
// close it.
func (u *ui) secondary(w fyne.Window) {
	w.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { u.quit() })
	w.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.KeyEscape {
			w.Close()
		}
	})
}

// quit remembers the window size and closes every window of the app, which
// ends it and releases the project.
func (u *ui) quit() {
	size := u.win.Canvas().Size()
	u.app.Preferences().SetFloat(prefWidth, float64(size.Width))
	u.app.Preferences().SetFloat(prefHeight, float64(size.Height))
	for _, w := range slices.Clone(u.app.Driver().AllWindows()) {
		if w != nil && w != u.win {
			w.Close()
		}
	}
	u.win.Close()
	u.app.Quit()
}

func (u *ui) setZoom(z float32) {
	z = min(max(z, 0.5), 4)
	u.zoom = z
	u.view.SetTextSize(theme.TextSize() * 1.3 * z)
	u.app.Preferences().SetFloat(prefZoom, float64(z))
}

// doneAndNext marks the document done and opens the next one in the list.
func (u *ui) doneAndNext() {
	if u.doc == nil {
		return
	}
	id := u.doc.ID
	if u.doc.Status != annotate.StatusDone && u.doc.Status != annotate.StatusReviewed {
		if !u.apply(annotate.SetStatus{Status: annotate.StatusDone}) {
			return
		}
	}
	if next, ok := u.docs.next(id); ok {
		u.showDocument(next)
	} else {
		u.setHint(tr("That was the last document in the list."))
	}
}

func (u *ui) setStatusFromSelect() {
	if u.doc == nil {
		return
	}
	i := u.status.SelectedIndex()
	if i < 0 || annotate.Statuses[i] == u.doc.Status {
		return
	}
	u.apply(annotate.SetStatus{Status: annotate.Statuses[i]})
}

func (u *ui) setDocLabelsFromChecks() {
	if u.doc == nil || slices.Equal(u.docLabels.Selected, u.doc.DocLabels) {
		return
	}
	u.apply(annotate.SetDocLabels{Labels: u.docLabels.Selected})
}

func statusNames() []string {
	out := make([]string, len(annotate.Statuses))
	for i, s := range annotate.Statuses {
		out[i] = statusName(s)
	}
	return out
}

func statusName(s annotate.Status) string {
	switch s {
	case annotate.StatusNew:
		return tr("New")
	case annotate.StatusInProgress:
		return tr("In progress")
	case annotate.StatusDone:
		return tr("Done")
	case annotate.StatusReviewed:
		return tr("Reviewed")
	}
	return string(s)
}

func statusIndex(s annotate.Status) int { return slices.Index(annotate.Statuses, s) }

func (u *ui) setTheme(name string) {
	u.app.Preferences().SetString(prefTheme, name)
	u.applyTheme(name)
}

func (u *ui) applyTheme(name string) {
	var v *fyne.ThemeVariant
	switch name {
	case "light":
		l := theme.VariantLight
		v = &l
	case "dark":
		d := theme.VariantDark
		v = &d
	}
	u.app.Settings().SetTheme(newTheme(v))
	if u.view != nil {
		u.refreshDocument()
	}
}

// askAnnotator asks for the annotator's name on first run.
func (u *ui) askAnnotator() {
	if u.annotator == "" {
		u.annotator = u.app.Preferences().String(prefAnnotator)
	}
	if u.annotator == "" {
		u.setAnnotator(defaultAnnotator())
		u.annotatorDialog(true)
		return
	}
	u.setAnnotator(u.annotator)
}

// setAnnotator records who is annotating and shows their layer.
func (u *ui) setAnnotator(name string) {
	u.annotator, u.layer = name, name
	if u.overlay == name {
		u.overlay = ""
	}
	u.selected, u.linkFrom = 0, 0
	u.refreshDocument()
}

func (u *ui) annotatorDialog(first bool) {
	name := widget.NewEntry()
	name.SetText(u.annotator)
	if name.Text == "" {
		name.SetText(defaultAnnotator())
	}
	msg := tr("Your name is recorded on every span you make.")
	if first {
		msg = tr("Welcome to Alama. ") + msg
	}
	d := dialog.NewForm(tr("Annotator"), tr("OK"), tr("Cancel"),
		[]*widget.FormItem{widget.NewFormItem(tr("Name"), name), widget.NewFormItem("", widget.NewLabel(msg))},
		func(ok bool) {
			if n := strings.TrimSpace(name.Text); ok && n != "" {
				u.app.Preferences().SetString(prefAnnotator, n)
				u.setAnnotator(n)
			}
			u.win.Canvas().Focus(u.view)
		}, u.win)
	// Typing a name and pressing Enter is enough.
	name.OnSubmitted = func(string) { d.Submit() }
	d.Show()
	u.win.Canvas().Focus(name)
}

func defaultAnnotator() string {
	for _, k := range []string{"USER", "USERNAME", "LOGNAME"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return "annotator"
}

// showShortcuts shows the keyboard shortcut sheet.
func (u *ui) showShortcuts() {
	rows := [][2]string{
		{tr("Drag"), tr("select text (whole words)")},
		{tr("Shift+arrows"), tr("select whole words from the keyboard")},
		{tr("Alt while selecting"), tr("select letters, e.g. a clitic")},
		{tr("Double-click"), tr("select a word")},
	}
	for _, l := range u.schema.Labels {
		if l.Key != "" {
			rows = append(rows, [2]string{l.Key, tr("mark or relabel as {{.Label}}", map[string]any{"Label": l.Name})})
		}
	}
	rows = append(rows,
		[2]string{tr("Click a span"), tr("select it")},
		[2]string{"Tab / Shift+Tab", tr("select the next / previous span")},
		[2]string{"Delete", tr("delete the selected span")},
		[2]string{tr("Shift+←/→"), tr("move the selected span's end (Ctrl: its start; Alt: by letter)")},
		[2]string{"Enter / Backspace", tr("accept / reject the selected suggestion")},
		[2]string{"P", tr("after marking a span: suggest its label where the same words recur")},
		[2]string{"R", tr("link the selected span to the next span clicked, or Tab to one and press Enter")},
		[2]string{"Escape", tr("cancel, clear the selection, close a dialog or this sheet")},
		[2]string{"Ctrl+Z / Ctrl+Shift+Z, Ctrl+Y", tr("undo / redo")},
		[2]string{"Ctrl+Enter", tr("mark done and open the next document")},
		[2]string{"Ctrl+F", tr("search all documents")},
		[2]string{"Ctrl+= / Ctrl+-", tr("zoom")},
		[2]string{"Ctrl+Q", tr("quit (every window)")},
		[2]string{"F1, ?", tr("this sheet")},
	)
	if u.menuBar != nil {
		rows = append(rows, [2]string{"F10", tr("open the menu bar (arrows move, Enter chooses)")})
	}
	grid := container.NewGridWithColumns(2)
	for _, r := range rows {
		key := widget.NewLabelWithStyle(r[0], fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		what := widget.NewLabel(r[1])
		if rtlUI() {
			key.Alignment, what.Alignment = fyne.TextAlignTrailing, fyne.TextAlignTrailing
			grid.Add(what)
			grid.Add(key)
			continue
		}
		grid.Add(key)
		grid.Add(what)
	}
	dialog.ShowCustom(tr("Keyboard shortcuts"), tr("Close"), grid, u.win)
}

// rememberProject puts path first in the recent projects.
func (u *ui) rememberProject(path string) {
	p := u.app.Preferences()
	p.SetString(prefLastProject, path)
	recent := slices.DeleteFunc(p.StringList(prefRecent), func(s string) bool { return s == path })
	recent = append([]string{path}, recent...)
	if len(recent) > 8 {
		recent = recent[:8]
	}
	p.SetStringList(prefRecent, recent)
	if m := u.menu; m != nil {
		for _, item := range m.Items[0].Items {
			if item.ChildMenu != nil {
				u.fillRecent(item.ChildMenu)
			}
		}
		u.menuChanged()
	}
}

func (u *ui) fillRecent(m *fyne.Menu) {
	m.Items = m.Items[:0]
	for _, path := range u.app.Preferences().StringList(prefRecent) {
		m.Items = append(m.Items, fyne.NewMenuItem(filepath.Base(path)+"  ("+filepath.Dir(path)+")", func() {
			if err := u.openProject(path); err != nil {
				u.showError(err)
			}
		}))
	}
}

func (u *ui) openProjectDialog() {
	u.openFile([]string{".alama"}, func(path string) {
		if err := u.openProject(path); err != nil {
			u.showError(err)
		}
	})
}

func (u *ui) newProjectDialog() {
	u.saveFile("project.alama", ".alama", false, func(path string) {
		if err := u.openProject(path); err != nil {
			u.showError(err)
		}
	})
}
