package gui

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"alama/annotate"
	"alama/annotate/format"
	"alama/app/textview"
)

func (u *ui) importFilesDialog() {
	u.openFile(nil, func(path string) { u.importPaths([]string{path}) })
}

func (u *ui) importFolderDialog() {
	dialog.ShowFolderOpen(func(l fyne.ListableURI, err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if l != nil {
			u.importPaths([]string{l.Path()})
		}
	}, u.win)
}

// importPaths imports files and folders in the background, one transaction
// per file (an Alama JSONL file in batches, still all or nothing), with a
// progress bar; files with errors import nothing and are listed at the end.
func (u *ui) importPaths(paths []string) {
	bar := widget.NewProgressBarInfinite()
	status := lineLabel()
	status.SetText(tr("Reading files…"))
	prog := dialog.NewCustomWithoutButtons(tr("Importing"), container.NewVBox(status, bar), u.win)
	prog.Show()
	p := u.project
	go func() {
		var added, skipped, files atomic.Int64
		var problems []string
		show := func(files, added int64) {
			fyne.Do(func() {
				status.SetText(tr("{{.Files}} files read, {{.Added}} documents added", map[string]any{"Files": files, "Added": added}))
			})
		}
		count := func(ids []uint64) {
			for _, id := range ids {
				if id == 0 {
					skipped.Add(1)
				} else {
					added.Add(1)
				}
			}
		}
		for _, path := range paths {
			// An Alama JSONL file goes in batches, in bounded memory, still
			// all or nothing.
			if kind, err := format.DetectFile(path); err == nil && kind == format.JSONL {
				before := added.Load()
				ids, _, err := format.ImportJSONL(p, path, format.BatchDocs, format.BatchBytes, nil, func(n int) {
					show(files.Load(), before+int64(n))
				})
				if err != nil {
					problems = append(problems, err.Error())
					continue
				}
				files.Add(1)
				count(ids)
				continue
			}
			err := format.Import(path, format.ImportOptions{}, func(file string, docs []*annotate.Document) error {
				ids, err := p.Import(docs)
				if err != nil {
					problems = append(problems, fmt.Sprintf("%s: %v", file, err))
					return nil
				}
				files.Add(1)
				count(ids)
				show(files.Load(), added.Load())
				return nil
			})
			if err != nil {
				problems = append(problems, err.Error())
			}
		}
		fyne.Do(func() {
			prog.Hide()
			u.index().Reset()
			u.docs.reload()
			if u.doc == nil {
				if first, ok := u.docs.first(); ok {
					u.showDocument(first)
				}
			}
			msg := tr("{{.Added}} documents added, {{.Skipped}} already in the project.", map[string]any{"Added": added.Load(), "Skipped": skipped.Load()})
			if len(problems) == 0 {
				dialog.ShowInformation(tr("Import finished"), msg, u.win)
				return
			}
			list := widget.NewLabel(strings.Join(problems, "\n"))
			list.Wrapping = fyne.TextWrapWord
			scroll := container.NewVScroll(list)
			scroll.SetMinSize(fyne.NewSize(640, 260))
			dialog.ShowCustom(tr("Import finished with errors"), tr("Close"), container.NewBorder(
				widget.NewLabel(msg+"\n"+tr("These files were not imported (nothing from them was added):")), nil, nil, nil, scroll), u.win)
		})
	}()
}

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
	u.saveFile("corpus"+ext, ext, func(out string) { u.export(name, out, opts) })
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
	p, s := u.project, u.schema
	go func() {
		report, err := format.Export(name, p.All(), s, out, opts)
		fyne.Do(func() {
			prog.Hide()
			if err != nil {
				var le *format.LineError
				if errors.As(err, &le) {
					err = fmt.Errorf("export stopped: %w", err)
				}
				u.showError(err)
				return
			}
			dialog.ShowInformation(tr("Export finished"), out+"\n\n"+report.String(), u.win)
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

// importPredictions reads path in any import format and adds its spans to
// the project as suggestions in the current layer, one transaction per
// file.
func (u *ui) importPredictions(path string) (annotate.SuggestResult, error) {
	var all annotate.SuggestResult
	opts := format.ImportOptions{Suggested: true, Annotator: u.layer}
	err := format.Import(path, opts, func(file string, docs []*annotate.Document) error {
		res, err := u.project.Suggest(docs)
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		all.New += res.New
		all.Added += res.Added
		all.Present += res.Present
		all.Relations += res.Relations
		return nil
	})
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
	dialog.ShowInformation(tr("Import finished"), tr("{{.Added}} suggestions added ({{.Present}} were there already), {{.New}} new documents, {{.Relations}} relations left out.", map[string]any{
		"Added": res.Added, "Present": res.Present, "New": res.New, "Relations": res.Relations,
	}), u.win)
}
