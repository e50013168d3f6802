package store

import (
	"errors"
	"path/filepath"
	"testing"

	"alama/annotate"
)

// TestReadOnlyRefusesChanges: every change to a project opened read-only
// fails with annotate.ErrReadOnly and leaves it as it was.
func TestReadOnlyRefusesChanges(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.alama")
	w, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ids, err := w.Import([]*annotate.Document{{Title: "خبر", Text: "قال الوزير.", Status: annotate.StatusNew}})
	if err != nil {
		t.Fatal(err)
	}
	if w.ReadOnly() {
		t.Error("a project opened for writing says it is read-only")
	}
	w.Close()
	p, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if !p.ReadOnly() {
		t.Error("a project opened read-only does not say so")
	}
	changes := map[string]func() error{
		"apply": func() error {
			_, err := p.Apply(ids[0], annotate.SetStatus{Status: annotate.StatusDone})
			return err
		},
		"import": func() error {
			_, err := p.Import([]*annotate.Document{{Title: "آخر", Text: "نص آخر.", Status: annotate.StatusNew}})
			return err
		},
		"delete": func() error { return p.DeleteDocuments(ids) },
	}
	for name, change := range changes {
		t.Run(name, func(t *testing.T) {
			if err := change(); !errors.Is(err, annotate.ErrReadOnly) {
				t.Errorf("error %v, want ErrReadOnly", err)
			}
		})
	}
	docs, err := p.Documents()
	if err != nil || len(docs) != 1 || docs[0].Status != annotate.StatusNew {
		t.Errorf("after refused changes: %+v, %v", docs, err)
	}
}
