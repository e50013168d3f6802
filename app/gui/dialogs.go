package gui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"
)

// openFile asks for an existing file, with one of exts when any are given,
// and calls fn with its path.
func (u *ui) openFile(exts []string, fn func(path string)) { u.fileOpen(exts, fn).Show() }

// openImportFile is openFile starting in the folder of the last import.
func (u *ui) openImportFile(exts []string, fn func(path string)) {
	d := u.fileOpen(exts, fn)
	u.startInImportFolder(d.SetLocation)
	d.Show()
}

// fileOpen makes the dialog of openFile.
func (u *ui) fileOpen(exts []string, fn func(path string)) *dialog.FileDialog {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		fn(path)
	}, u.win)
	if len(exts) > 0 {
		d.SetFilter(storage.NewExtensionFileFilter(exts))
	}
	return d
}

// saveFile asks where to save, suggesting name in the folder of the last
// save, and calls fn with the path, which ends in ext. An existing file is
// replaced only after the user confirms, and only when replace is set;
// otherwise it is refused. The file is never opened here:
// Fyne's save dialog truncates the file chosen before its caller sees the
// path, so choosing the open project there would empty it. fn's own output
// rules (app.OutputPath) decide what may be written.
func (u *ui) saveFile(name, ext string, replace bool, fn func(path string)) {
	dir := u.app.Preferences().String(prefSaveDir)
	if dir == "" {
		dir, _ = os.UserHomeDir()
	}
	entry := widget.NewEntry()
	entry.SetText(filepath.Join(dir, name))
	folder := widget.NewButton(tr("Folder…"), func() {
		d := dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
			if err != nil {
				u.showError(err)
				return
			}
			if l != nil {
				entry.SetText(filepath.Join(l.Path(), filepath.Base(entry.Text)))
			}
		}, u.win)
		if l, err := storage.ListerForURI(storage.NewFileURI(filepath.Dir(entry.Text))); err == nil {
			d.SetLocation(l)
		}
		d.Show()
	})
	item := widget.NewFormItem(tr("File"), container.NewBorder(nil, nil, nil, folder, entry))
	form := dialog.NewForm(tr("Save as"), tr("Save"), tr("Cancel"), []*widget.FormItem{item}, func(ok bool) {
		path := strings.TrimSpace(entry.Text)
		if !ok || path == "" {
			return
		}
		if ext != "" && !strings.EqualFold(filepath.Ext(path), ext) {
			path += ext
		}
		u.app.Preferences().SetString(prefSaveDir, filepath.Dir(path))
		if _, err := os.Lstat(path); err != nil {
			fn(path)
			return
		}
		if !replace {
			u.showError(fmt.Errorf("%s exists already: choose another name", path))
			return
		}
		dialog.ShowConfirm(tr("Replace file"), tr("{{.File}} exists. Replace it?", map[string]any{"File": filepath.Base(path)}), func(ok bool) {
			if ok {
				fn(path)
			}
		}, u.win)
	}, u.win)
	form.Resize(fyne.NewSize(560, form.MinSize().Height))
	form.Show()
}
