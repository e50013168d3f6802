package gui

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"alama/annotate"
	"alama/annotate/search"
	"alama/app/textview"
	"alama/assets"
)

// Options configure Run.
type Options struct {
	// Open opens the project file at path, creating it when it does not
	// exist yet. File › New and Open use it.
	Open func(path string) (annotate.Project, error)
	// Annotator is the name recorded on edits; "" asks for one on first
	// start and remembers it.
	Annotator string
	// ReopenLast opens the project used last, when it still exists, in
	// place of the one given (which was chosen by default, not by the user).
	ReopenLast bool
}

// Preference keys.
const (
	prefAnnotator   = "annotator"
	prefLastProject = "last_project"
	prefRecent      = "recent_projects"
	prefLastDoc     = "last_document."
	prefWidth       = "window_width"
	prefHeight      = "window_height"
	prefZoom        = "zoom"
	prefTheme       = "theme"
	prefLanguage    = "language"
	prefPropagate   = "propagate"
	prefLabels      = "show_labels"
	prefMarks       = "show_harakat"
	prefImportDir   = "import_folder"
	prefSaveDir     = "save_folder"
)

// ui is the main window and everything it shows.
type ui struct {
	app  fyne.App
	win  fyne.Window
	open func(path string) (annotate.Project, error)
	now  func() time.Time

	path      string
	project   annotate.Project
	schema    *annotate.Schema
	annotator string

	docs *docList
	doc  *annotate.Document // the open document, nil when none

	view      *textview.View
	title     *textview.Label
	status    *widget.Select
	docLabels *startChecks
	saved     *textview.Label
	hint      *textview.Label
	readOnly  *textview.Label // the notice over a project opened read-only
	palette   *palette
	inspector *inspector

	layer   string // whose spans are shown and edited: the annotator's own by default
	overlay string // another layer drawn outlined, read-only; "" for none

	menu        *fyne.MainMenu  // the window's menus
	menuBar     *menuBar        // the bar that shows them when the window draws it, else nil
	search      *searchPanel    // the open search window, nil when closed
	result      dialog.Dialog   // the result of the last import, Enter closes it
	lastDeleted [2]int          // where the span deleted last was, for undo to select it again
	searchIndex *search.Index   // built on the first search of the project
	propagate   bool            // offer a new span's label on its other occurrences
	propagation []annotate.Edit // the suggestions offered, until the next command
	learner     learner         // the project's model

	selected uint64 // the selected span, 0 for none
	linkFrom uint64 // a span waiting for its relation target, 0 for none
	zoom     float32
}

// Run shows the main window on project p, stored at path, and returns when
// the window is closed. Run closes the project it has open when it
// returns, p or one opened since.
func Run(a fyne.App, p annotate.Project, path string, opts Options) error {
	last := a.Preferences().String(prefLastProject)
	u, err := newUI(a, p, path, opts)
	if err != nil {
		p.Close()
		return err
	}
	if opts.ReopenLast && last != "" && last != path {
		if _, err := os.Stat(last); err == nil {
			if err := u.openProject(last); err != nil {
				u.showError(err)
			}
		}
	}
	u.win.Show()
	u.askAnnotator()
	a.Run()
	if u.project != nil {
		return u.project.Close()
	}
	return nil
}

// newUI builds the main window on project p without showing it.
func newUI(a fyne.App, p annotate.Project, path string, opts Options) (*ui, error) {
	setupLanguage(a)
	textview.SetFonts(alamaFonts)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	u := &ui{app: a, open: opts.Open, now: time.Now, zoom: 1, annotator: opts.Annotator}
	u.applyTheme(a.Preferences().StringWithFallback(prefTheme, "system"))
	u.win = a.NewWindow("Alama")
	u.build()
	if err := u.setProject(p, path); err != nil {
		return nil, err
	}
	u.setZoom(float32(a.Preferences().FloatWithFallback(prefZoom, 1)))
	u.win.Resize(fyne.NewSize(
		float32(a.Preferences().FloatWithFallback(prefWidth, 1200)),
		float32(a.Preferences().FloatWithFallback(prefHeight, 760))))
	u.win.SetCloseIntercept(u.quit)
	u.win.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) { u.dropped(uris) })
	return u, nil
}

// build lays out the window: the document list on the right edge, the
// text in the middle, the palette and the span inspector on the left; in
// the Arabic UI, mirrored.
func (u *ui) build() {
	u.view = textview.New()
	u.view.OnSelect = u.onSelect
	u.view.OnSpanTapped = u.onSpanTapped
	u.view.OnKey = u.onKey
	u.view.OnRune = u.onRune

	u.title = textview.NewLabel("")
	u.title.Bold = true
	u.status = startSelect(statusNames(), func(string) { u.setStatusFromSelect() })
	u.docLabels = newStartChecks(func([]string) { u.setDocLabelsFromChecks() })
	// A time after an Arabic word: Fyne's label would put the digits first.
	u.saved = lineLabel()
	u.hint = messageLabel()

	u.docs = newDocList(u)
	u.palette = newPalette(u)
	u.inspector = newInspector(u)

	u.readOnly = messageLabel()
	u.readOnly.Bold = true
	u.readOnly.Hide()
	// The title has a row of its own (beside the status and the document
	// labels it would be cut to a few words), shown only when the text
	// does not begin with it.
	header := container.NewVBox(u.readOnly, u.title, row(u.status, u.docLabels))
	centre := container.NewBorder(header, nil, nil, nil, u.view)
	side := container.NewVSplit(u.palette.box, u.inspector.box)
	side.SetOffset(0.27)
	main := split(split(side, centre, 0.3), u.docs.box, 0.79)
	bar := sides(u.saved, nil, u.hint)
	u.menu = u.mainMenu()
	var top fyne.CanvasObject
	if ownMenuBar() {
		u.menuBar = newMenuBar(u.menu, u.win.Canvas())
		u.menuBar.closed = func() {
			if u.win.Canvas().Focused() == nil {
				u.win.Canvas().Focus(u.view)
			}
		}
		u.menuBar.addShortcuts()
		top = u.menuBar.box
	} else {
		u.win.SetMainMenu(u.menu)
	}
	u.win.SetContent(container.NewBorder(top, bar, nil, nil, main))
	u.addShortcuts()
}

// readOnlyNotice is shown over a project opened read-only and when a
// change to it is refused.
func readOnlyNotice() string {
	return tr("Read-only: you may not write this project file. To annotate, open a copy of it.")
}

// openProject closes the current project and opens the one at path.
func (u *ui) openProject(path string) error {
	if path == u.path {
		return nil
	}
	p, err := u.open(path)
	if err != nil {
		return err
	}
	if err := u.setProject(p, path); err != nil {
		p.Close()
		return err
	}
	return nil
}

// setProject shows project p in place of the current one, which it closes.
func (u *ui) setProject(p annotate.Project, path string) error {
	s, err := p.Schema()
	if err != nil {
		return fmt.Errorf("read schema of %s: %w", path, err)
	}
	if u.project != nil {
		if err := u.project.Close(); err != nil {
			u.showError(err)
		}
	}
	u.project, u.schema, u.path = p, s, path
	u.searchIndex = nil
	u.watchBackup(p)
	u.doc, u.selected, u.linkFrom = nil, 0, 0
	title := "Alama — " + path
	u.readOnly.Hide()
	if p.ReadOnly() {
		title += " — " + tr("read-only")
		u.readOnly.SetText(readOnlyNotice())
		u.readOnly.Show()
	}
	u.win.SetTitle(title)
	u.rememberProject(path)
	u.palette.refresh()
	u.docs.reload()
	if id := uint64(u.app.Preferences().Int(prefLastDoc + path)); id != 0 && u.docs.has(id) {
		u.showDocument(id)
	} else if first, ok := u.docs.first(); ok {
		u.showDocument(first)
	} else {
		u.showNoDocument()
	}
	return nil
}

// showDocument loads a document and shows it.
func (u *ui) showDocument(id uint64) {
	u.suggestOnOpen(id)
	d, err := u.project.Document(id)
	if err != nil {
		u.showError(err)
		return
	}
	u.doc, u.selected, u.linkFrom = d, 0, 0
	u.app.Preferences().SetInt(prefLastDoc+u.path, int(id))
	u.view.SetText(d.Text)
	u.view.SetSelection(0, 0)
	u.refreshDocument()
	u.docs.selectID(id)
	u.setHint("")
	u.win.Canvas().Focus(u.view)
}

func (u *ui) showNoDocument() {
	u.doc = nil
	u.view.SetText("")
	u.showTitle()
	u.refreshDocument()
	u.setHint(tr("No documents yet: use File › Import to add articles."))
}

// showTitle shows the open document's title above it, unless the text
// begins with it, as an article imported from a text file does: the
// article's first line then shows the title and the row is left to the
// text.
func (u *ui) showTitle() {
	if u.doc == nil || u.doc.Title == "" || u.doc.Text == u.doc.Title || strings.HasPrefix(u.doc.Text, u.doc.Title+"\n") {
		u.title.SetText("")
		u.title.Hide()
		return
	}
	u.title.SetText(u.doc.Title)
	u.title.Show()
}

// refreshDocument redraws what depends on the open document's annotations.
func (u *ui) refreshDocument() {
	if u.doc == nil {
		u.view.SetSpans(nil)
		u.view.SetLinks(nil)
		u.inspector.show(nil)
		return
	}
	u.showTitle()
	u.status.SetSelectedIndex(statusIndex(u.doc.Status))
	u.docLabels.Options = u.schema.DocLabels
	u.docLabels.Selected = append([]string(nil), u.doc.DocLabels...)
	u.docLabels.Refresh()
	u.view.SetSpans(viewSpans(u.doc, u.schema, u.layer, u.overlay))
	if sp, ok := u.doc.Span(u.selected); ok {
		u.inspector.show(&sp)
		// The selected span's relations, both ways, in its colour.
		var links []textview.Link
		for _, r := range u.doc.Relations {
			if (r.From == sp.ID || r.To == sp.ID) && inLayer(r.Annotator, u.layer) {
				links = append(links, textview.Link{From: r.From, To: r.To, Label: r.Type, Color: labelColor(u.schema, sp.Label)})
			}
		}
		u.view.SetLinks(links)
	} else {
		u.selected = 0
		u.inspector.show(nil)
		u.view.SetLinks(nil)
	}
	u.scheduleGeometry()
}

// apply commits an edit to the open document and shows the result only once
// the store has it.
func (u *ui) apply(e annotate.Edit) bool {
	if u.doc == nil {
		return false
	}
	// The first edit of a new document starts the work on it: its status
	// moves to in progress in the same step, which one undo takes back.
	if _, status := e.(annotate.SetStatus); u.doc.Status == annotate.StatusNew && !status {
		e = annotate.Batch{Edits: []annotate.Edit{e, annotate.SetStatus{Status: annotate.StatusInProgress}}}
	}
	d, err := u.project.Apply(u.doc.ID, e)
	if err != nil {
		u.showError(err)
		return false
	}
	u.afterChange(d)
	return true
}

// afterChange shows the open document as an edit, an undo or a redo left
// it. An offer to propagate a label ends, and the hint line tells what is
// selected now: a command that has more to say sets it after this.
func (u *ui) afterChange(d *annotate.Document) {
	u.doc = d
	u.propagation = nil
	u.keepSelection()
	u.refreshDocument()
	u.docs.update(d)
	u.saved.SetText(tr("Saved") + " " + u.now().Format("15:04:05"))
	u.hintSelection()
}

// hintSelection sets the hint line for what is selected: the selected
// span under its label now, or a selection to mark, or nothing.
func (u *ui) hintSelection() {
	if sp, ok := u.doc.Span(u.selected); ok {
		u.setHint(spanHint(sp))
		return
	}
	if a, b := u.view.Selection(); a < b {
		u.setHint(tr("Press a label key to mark the selection."))
		return
	}
	u.setHint("")
}

// keepSelection keeps a span selected across undo and redo: when the
// selected span is gone (an undone relabel or resize gives it back under
// another id), or none is selected, the span of this layer covering what
// the view selects, or the span last deleted, is selected.
func (u *ui) keepSelection() {
	if _, ok := u.doc.Span(u.selected); ok {
		return
	}
	u.selected = 0
	a, b := u.view.Selection()
	for _, want := range [][2]int{{a, b}, u.lastDeleted} {
		if want[0] >= want[1] {
			continue
		}
		for _, sp := range u.doc.Spans {
			if sp.Start == want[0] && sp.End == want[1] && inLayer(sp.Annotator, u.layer) {
				u.selected = sp.ID
				u.view.SetSelection(sp.Start, sp.End)
				u.lastDeleted = [2]int{}
				return
			}
		}
	}
}

func (u *ui) undo() {
	if u.doc == nil {
		return
	}
	d, ok, err := u.project.Undo(u.doc.ID)
	switch {
	case err != nil:
		u.showError(err)
	case !ok:
		u.setHint(tr("Nothing to undo."))
	default:
		u.afterChange(d)
	}
}

func (u *ui) redo() {
	if u.doc == nil {
		return
	}
	d, ok, err := u.project.Redo(u.doc.ID)
	switch {
	case err != nil:
		u.showError(err)
	case !ok:
		u.setHint(tr("Nothing to redo."))
	default:
		u.afterChange(d)
	}
}

func (u *ui) setHint(s string) { u.hint.SetText(s) }

// watchBackup tells the user when the backup a project makes as it opens
// fails; the project stays usable.
func (u *ui) watchBackup(p annotate.Project) {
	go func() {
		if err := p.BackupErr(); err != nil {
			fyne.Do(func() {
				dialog.ShowInformation(tr("Backup failed"), tr("Today's backup of the project could not be made; your work is saved all the same.")+"\n\n"+err.Error(), u.win)
			})
		}
	}()
}

// showError shows err in a dialog. Errors the user caused by a choice that
// the schema forbids read as information, not as a failure.
func (u *ui) showError(err error) {
	if errors.Is(err, annotate.ErrReadOnly) {
		dialog.ShowInformation(tr("Read-only"), readOnlyNotice(), u.win)
		return
	}
	if errors.Is(err, annotate.ErrNotAllowed) || errors.Is(err, annotate.ErrNotBoundary) {
		dialog.ShowInformation(tr("Not possible"), err.Error(), u.win)
		return
	}
	dialog.ShowError(err, u.win)
}
