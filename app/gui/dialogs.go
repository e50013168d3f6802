package gui

import (
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
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

// saveFile asks where to save, suggesting name, and calls fn with the
// path, which ends in ext. The empty file the dialog leaves is removed, so
// fn makes the file itself.
func (u *ui) saveFile(name, ext string, fn func(path string)) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		os.Remove(path)
		if ext != "" && !strings.EqualFold(filepath.Ext(path), ext) {
			path += ext
		}
		fn(path)
	}, u.win)
	d.SetFileName(name)
	d.Show()
}
