package gui

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"

	"alama/annotate"
	"alama/store"
)

// TestReadOnlyProject opens a project read-only, as the window does with a
// file its user may not write: a notice over the article says so, an edit
// is refused with that notice and nothing is stored; the window still
// shows the documents.
func TestReadOnlyProject(t *testing.T) {
	path, _ := projectFile(t, []*annotate.Document{{Title: "خبر", Text: article, Status: annotate.StatusNew}})
	u, p := openUI(t, path, store.Options{ReadOnly: true})
	if !u.readOnly.Visible() || u.readOnly.Text() != readOnlyNotice() {
		t.Errorf("notice %q (visible %v), want %q", u.readOnly.Text(), u.readOnly.Visible(), readOnlyNotice())
	}
	if u.doc == nil || u.doc.Text != article {
		t.Fatal("the read-only project's document is not shown")
	}
	s, e := word(t, "الوزير")
	u.view.SetSelection(s, e)
	u.onSelect(s, e)
	test.Type(u.view, "1")
	if d, err := p.Document(u.doc.ID); err != nil || len(d.Spans) != 0 || d.Status != annotate.StatusNew {
		t.Errorf("after a label key on a read-only project: %+v, %v; want it unchanged", d, err)
	}
	if top := u.win.Canvas().Overlays().Top(); top == nil {
		t.Error("the refused edit showed nothing")
	}
}

// TestWritableProjectHasNoNotice: the notice is only for read-only ones.
func TestWritableProjectHasNoNotice(t *testing.T) {
	u, _ := newTestUI(t)
	if u.readOnly.Visible() {
		t.Errorf("notice %q shown over a writable project", u.readOnly.Text())
	}
}

// projectFile writes docs to a new project file, closed again, and
// returns its path and their ids.
func projectFile(t *testing.T, docs []*annotate.Document) (string, []uint64) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "t.alama")
	w, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ids, err := w.Import(docs)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	return path, ids
}

// openUI opens the project file at path with opts in a window.
func openUI(t *testing.T, path string, opts store.Options) (*ui, *store.Project) {
	t.Helper()
	a := test.NewTempApp(t)
	p, err := store.Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	u, err := newUI(a, p, path, Options{Annotator: "tester"})
	if err != nil {
		t.Fatal(err)
	}
	return u, p
}
