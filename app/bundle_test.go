package app

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"alama/annotate"
	"alama/annotate/bundle"
)

// amalsDoc is a document with a layer of amal: an event, a place and the
// relation between them.
func amalsDoc() *annotate.Document {
	return &annotate.Document{Title: "خبر", Text: "وصلَ الوفدُ 🙂 إلى عمّان.", Status: annotate.StatusNew,
		Spans: []annotate.Span{
			{ID: 1, Start: 0, End: 4, Label: "EVENT", Annotator: "amal"},
			{ID: 2, Start: 18, End: 23, Label: "LOCATION", Annotator: "amal"},
		},
		Relations: []annotate.Relation{{ID: 1, From: 1, To: 2, Type: "PLACE", Annotator: "amal"}},
	}
}

func TestBundleBetweenProjects(t *testing.T) {
	a := openProject(t)
	ids, err := a.Import([]*annotate.Document{amalsDoc()})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "amal.zip")
	now := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	sent, err := WriteBundle(a, "amal", out, now)
	if err != nil {
		t.Fatal(err)
	}
	if !sent.Created.Equal(now) || sent.Documents != 1 || sent.Spans != 2 || sent.Relations != 1 {
		t.Errorf("sent %+v", sent)
	}
	if info, err := os.Stat(out); err != nil || info.Mode().Perm() != 0o644 {
		t.Errorf("bundle file: %v, %v", info, err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".*")); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
	b, err := ReadBundle(out, bundle.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}

	other := openProject(t)
	res, err := ImportBundle(other, out, b, "")
	if err != nil || res.Added != 1 || res.Spans != 2 || res.Relations != 1 {
		t.Fatalf("import: %+v, %v", res, err)
	}
	got, _ := other.Document(res.IDs[0])
	want, _ := a.Document(ids[0])
	if len(got.Spans) != 2 || got.Text != want.Text || got.Spans[1].Start != 18 || len(got.Relations) != 1 {
		t.Errorf("imported %+v, want %+v", got, want)
	}

	// Under another name beside amal's layer.
	res, err = ImportBundle(other, out, b, "amal-copy")
	if err != nil || res.Replaced != 1 {
		t.Fatalf("import as amal-copy: %+v, %v", res, err)
	}
	got, _ = other.Document(res.IDs[0])
	if len(got.Spans) != 4 || len(got.Relations) != 2 {
		t.Errorf("after the copy: %d spans, %d relations", len(got.Spans), len(got.Relations))
	}

	// A project without the EVENT label refuses the bundle, unchanged.
	narrow := openProject(t)
	s := annotate.DefaultSchema()
	s.Relations = nil
	s.Labels = s.Labels[:1]
	if err := narrow.SetSchema(s); err != nil {
		t.Fatal(err)
	}
	_, err = ImportBundle(narrow, out, b, "")
	if !errors.Is(err, annotate.ErrUnknownLabel) || err.Error() != out+": the bundle uses labels EVENT, LOCATION and relation types PLACE, which the project schema lacks; add them to the schema and import again: unknown label" {
		t.Errorf("error = %v", err)
	}
	if docs, _ := narrow.Documents(); len(docs) != 0 {
		t.Errorf("%d documents after a refused bundle", len(docs))
	}
}
