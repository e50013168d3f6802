package gui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"alama/annotate"
	"alama/annotate/format"
	"alama/app"
	"alama/app/textview"
)

// importFilesDialog asks for a file to import, among the kinds Import
// reads, starting in the folder of the last import.
func (u *ui) importFilesDialog() {
	u.openImportFile(app.ImportExtensions, func(path string) { u.importPaths([]string{path}) })
}

// importFolderDialog asks for a folder to import, starting in the folder
// of the last import.
func (u *ui) importFolderDialog() {
	d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if l != nil {
			u.importPaths([]string{l.Path()})
		}
	}, u.win)
	u.startInImportFolder(d.SetLocation)
	d.Show()
}

// startInImportFolder points a file dialog at the folder of the last
// import, when it is still there.
func (u *ui) startInImportFolder(set func(fyne.ListableURI)) {
	dir := u.app.Preferences().String(prefImportDir)
	if dir == "" {
		return
	}
	if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
		set(l)
	}
}

// importPathDialog imports a path typed or pasted, for files the file
// dialog does not reach easily.
func (u *ui) importPathDialog() {
	path := widget.NewEntry()
	path.SetPlaceHolder("/home/me/articles")
	path.SetText(u.app.Preferences().String(prefImportDir))
	dialog.ShowForm(tr("Import a path"), tr("Import"), tr("Cancel"),
		[]*widget.FormItem{widget.NewFormItem(tr("File or folder"), path)}, func(ok bool) {
			if p := strings.TrimSpace(path.Text); ok && p != "" {
				u.importPaths([]string{p})
			}
		}, u.win)
}

// dropped imports the files and folders dropped on the window.
func (u *ui) dropped(uris []fyne.URI) {
	var paths []string
	for _, uri := range uris {
		if uri.Scheme() == "file" {
			paths = append(paths, uri.Path())
		}
	}
	if len(paths) > 0 && u.project != nil {
		u.importPaths(paths)
	}
}

// importPaths imports files and folders in the background with
// app.Import, like the command line, behind a progress line; files with
// errors import nothing and are listed at the end.
func (u *ui) importPaths(paths []string) { u.importPathsAs(paths, app.ImportOptions{}) }

// importAsDialog imports a file in a format the user names, for a file
// whose format detection refuses to guess (a .txt holding CoNLL, say), with
// the offset unit of Label Studio files and the encoding of text articles.
func (u *ui) importAsDialog() {
	names := format.ImportFormats()
	choice := widget.NewSelect(names, nil)
	choice.SetSelected(format.CoNLL)
	utf16 := widget.NewCheck(tr("Offsets count UTF-16 units (some Label Studio versions)"), nil)
	// Only plain-text articles are converted: the format follows.
	cp1256 := widget.NewCheck(tr("Text articles are in Windows-1256 (Arabic), not UTF-8"), func(on bool) {
		if on {
			choice.SetSelected(format.Text)
		}
	})
	form := []*widget.FormItem{
		widget.NewFormItem(tr("Format"), choice),
		widget.NewFormItem("", utf16),
		widget.NewFormItem(tr("Encoding"), cp1256),
	}
	dialog.ShowForm(tr("Import as"), tr("Choose file…"), tr("Cancel"), form, func(ok bool) {
		if !ok {
			return
		}
		opts := app.ImportOptions{Format: choice.Selected}
		if utf16.Checked {
			opts.Offsets = format.OffsetsUTF16
		}
		if cp1256.Checked {
			opts.Encoding = "cp1256"
		}
		u.openImportFile(nil, func(path string) { u.importPathsAs([]string{path}, opts) })
	}, u.win)
}

// importPathsAs is importPaths with the reader and offset unit of opts.
func (u *ui) importPathsAs(paths []string, opts app.ImportOptions) {
	if dir := paths[0]; dir != "" {
		if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
			dir = filepath.Dir(dir)
		}
		u.app.Preferences().SetString(prefImportDir, dir)
	}
	bar := widget.NewProgressBarInfinite()
	status := lineLabel()
	status.SetText(tr("Reading files…"))
	prog := dialog.NewCustomWithoutButtons(tr("Importing"), container.NewVBox(status, bar), u.win)
	prog.Show()
	p := u.project
	go func() {
		sum := importFiles(p, paths, opts, func(files, added int) {
			fyne.Do(func() {
				status.SetText(tr("{{.Files}} read, {{.Added}} added", map[string]any{
					"Files": counted("{{.Count}} files", files), "Added": counted("{{.Count}} documents", added)}))
			})
		})
		fyne.Do(func() {
			prog.Hide()
			u.index().Reset()
			u.docs.reload()
			if u.doc == nil {
				if first, ok := u.docs.first(); ok {
					u.showDocument(first)
				}
			}
			msg := tr("{{.Added}} added, {{.Skipped}} already in the project.", map[string]any{
				"Added": counted("{{.Count}} documents", sum.added), "Skipped": sum.skipped})
			if len(sum.problems) == 0 {
				u.showResult(dialog.NewInformation(tr("Import finished"), msg, u.win))
				return
			}
			list := widget.NewLabel(strings.Join(sum.problems, "\n"))
			list.Wrapping = fyne.TextWrapWord
			scroll := container.NewVScroll(list)
			scroll.SetMinSize(fyne.NewSize(640, 260))
			u.showResult(dialog.NewCustom(tr("Import finished with errors"), tr("Close"), container.NewBorder(
				widget.NewLabel(msg+"\n"+tr("These files were not imported (nothing from them was added):")), nil, nil, nil, scroll), u.win))
		})
	}()
}

// showResult shows the result of an import, which Enter closes.
func (u *ui) showResult(d dialog.Dialog) {
	u.result = d
	d.SetOnClosed(func() {
		if u.result == d {
			u.result = nil
		}
	})
	d.Show()
}

// importSummary is what the window says after an import: documents
// added and skipped as already there, and the error of each file not
// imported (or of the import as a whole).
type importSummary struct {
	added, skipped int
	problems       []string
}

// importFiles imports paths into p with app.Import and opts, telling progress how
// many files were read and documents added as it goes, and sums up.
func importFiles(p annotate.Project, paths []string, opts app.ImportOptions, progress func(files, added int)) importSummary {
	res, err := app.Import(p, paths, opts, importReporter(progress))
	sum := importSummary{added: res.Added, skipped: res.Skipped}
	for _, f := range res.Files {
		if f.Err != nil {
			sum.problems = append(sum.problems, f.Err.Error())
		}
	}
	if err != nil {
		sum.problems = append(sum.problems, err.Error())
	}
	return sum
}

// importReporter hands app.Import's progress on; the files' fates are
// summed up at the end.
type importReporter func(files, added int)

func (importReporter) Found(int)                   {}
func (importReporter) File(app.FileReport)         {}
func (importReporter) Warn(error)                  {}
func (r importReporter) Progress(files, added int) { r(files, added) }

// exportDialog picks a format and a destination and exports the project in
// the background with a progress bar and the format's loss report.
func (u *ui) exportDialog() {
	names := format.ExportFormats()
	choice := widget.NewSelect(names, nil)
	choice.SetSelected(names[0])
	mine := widget.NewCheck(tr("Only my annotations"), nil)
	done := widget.NewCheck(tr("Only documents marked done or reviewed"), nil)
	form := []*widget.FormItem{
		widget.NewFormItem(tr("Format"), choice),
		widget.NewFormItem("", mine),
		widget.NewFormItem("", done),
	}
	dialog.ShowForm(tr("Export"), tr("Choose destination…"), tr("Cancel"), form, func(ok bool) {
		if !ok {
			return
		}
		opts := format.Options{}
		if mine.Checked {
			opts.Annotator = u.annotator
		}
		if done.Checked {
			opts.Statuses = []annotate.Status{annotate.StatusDone, annotate.StatusReviewed}
		}
		u.chooseExportTarget(choice.Selected, opts)
	}, u.win)
}

func (u *ui) chooseExportTarget(name string, opts format.Options) {
	ext := exportExtension(name)
	if ext == "" {
		// Formats written as a folder of files go into a new folder inside
		// the one chosen.
		dialog.ShowFolderOpen(func(l fyne.ListableURI, err error) {
			if err != nil {
				u.showError(err)
				return
			}
			if l != nil {
				u.export(name, filepath.Join(l.Path(), "alama-"+name), opts)
			}
		}, u.win)
		return
	}
	u.saveFile("corpus"+ext, ext, true, func(out string) { u.export(name, out, opts) })
}

// pathLabel shows a file path or name, which may hold Arabic, in full, laid
// out left to right as paths are.
func pathLabel(path string) *textview.Label {
	l := textview.NewLabel(path)
	l.Direction = textview.LTR
	l.Truncation = fyne.TextTruncateOff
	return l
}

func (u *ui) export(name, out string, opts format.Options) {
	bar := widget.NewProgressBarInfinite()
	prog := dialog.NewCustomWithoutButtons(tr("Exporting"), container.NewVBox(pathLabel(filepath.Base(out)), bar), u.win)
	prog.Show()
	p := u.project
	go func() {
		report, err := app.Export(p, name, out, opts, nil)
		fyne.Do(func() {
			prog.Hide()
			// Documents whose records cannot be read were left out of a
			// file written whole for the others: say both.
			var left *app.Unreadable
			if errors.As(err, &left) {
				dialog.ShowInformation(tr("Export finished"), out+"\n\n"+exportReport(report)+"\n\n"+leftOut(left), u.win)
				return
			}
			if err != nil {
				var le *format.LineError
				if errors.As(err, &le) {
					err = fmt.Errorf("export stopped: %w", err)
				}
				u.showError(err)
				return
			}
			dialog.ShowInformation(tr("Export finished"), out+"\n\n"+exportReport(report), u.win)
		})
	}()
}

// exportExtension is the file name ending a format's export gets; formats
// written to a folder get none.
func exportExtension(name string) string {
	switch name {
	case format.JSONL, format.Doccano, format.SpaCy:
		return ".jsonl"
	case format.LabelStudio:
		return ".json"
	case format.CoNLL:
		return ".conll"
	case format.Parquet:
		return ".parquet"
	}
	return ""
}

// predictionsDialog picks a file of annotations, such as a model's
// predictions, and adds its spans as suggestions in the current layer to
// the documents already in the project (new documents are added).
func (u *ui) predictionsDialog() {
	u.openFile(nil, func(path string) {
		prog := dialog.NewCustomWithoutButtons(tr("Importing"), widget.NewProgressBarInfinite(), u.win)
		prog.Show()
		go func() {
			res, err := u.importPredictions(path)
			fyne.Do(func() {
				prog.Hide()
				if err != nil {
					u.showError(err)
					return
				}
				u.afterPredictions(res)
			})
		}()
	})
}

// importPredictions reads path in any import format with app.Import and
// adds its spans to the project as suggestions in the current layer, one
// transaction per file.
func (u *ui) importPredictions(path string) (annotate.SuggestResult, error) {
	res, err := app.Import(u.project, []string{path}, app.ImportOptions{Suggested: true, Annotator: u.layer}, importReporter(func(int, int) {}))
	var all annotate.SuggestResult
	for _, f := range res.Files {
		if f.Err != nil && err == nil {
			err = f.Err
		}
		all.New += f.Added
		all.Added += f.Suggestions
		all.Present += f.Present
		all.Relations += f.RelationsLeftOut
	}
	return all, err
}

// afterPredictions shows what importPredictions did and the open
// document's new suggestions.
func (u *ui) afterPredictions(res annotate.SuggestResult) {
	u.index().Reset()
	u.docs.reload()
	if u.doc != nil {
		u.showDocument(u.doc.ID)
	} else if first, ok := u.docs.first(); ok {
		u.showDocument(first)
	}
	dialog.ShowInformation(tr("Import finished"), tr("{{.Added}} added ({{.Present}} there already), {{.New}}, {{.Relations}} left out.", map[string]any{
		"Added":     counted("{{.Count}} suggestions", res.Added),
		"Present":   res.Present,
		"New":       counted("{{.Count}} new documents", res.New),
		"Relations": counted("{{.Count}} relations", res.Relations),
	}), u.win)
}

// leftOut says which documents an export or bundle left out because
// their records could not be read.
func leftOut(left *app.Unreadable) string {
	lines := []string{tr("{{.Count}} documents could not be read and were left out; alama check lists what is damaged, and a backup can bring them back:",
		map[string]any{"Count": len(left.Errs)})}
	for _, err := range left.Errs {
		lines = append(lines, err.Error())
	}
	return strings.Join(lines, "\n")
}
