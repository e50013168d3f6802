package store

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"alama/annotate"
	"alama/annotate/search"
)

func TestDeleteDocuments(t *testing.T) {
	p := openTest(t, "")
	kept := importSample(t, p)
	other := sampleDoc()
	other.Text = "وصلَ المراسلُ إلى الموصل 🙂 مساءَ الأحد."
	other.Spans, other.Relations = nil, nil
	gone, _, err := importDocument(p, other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Apply(gone, annotate.AddSpan{Span: annotate.Span{Start: 18, End: 24, Label: "LOCATION", Annotator: "amal"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Document(gone); err != nil { // cached
		t.Fatal(err)
	}

	if err := p.DeleteDocuments([]uint64{gone, 999}); !errors.Is(err, annotate.ErrNotFound) {
		t.Fatalf("deleting an unknown id: %v, want ErrNotFound", err)
	}
	if _, err := p.Document(gone); err != nil {
		t.Fatalf("a failed delete removed document %d: %v", gone, err)
	}

	if err := p.DeleteDocuments([]uint64{gone, gone}); err != nil { // an id given twice
		t.Fatal(err)
	}
	if errs := p.Check(); len(errs) > 0 {
		t.Fatalf("Check after delete: %v", errs)
	}
	if _, err := p.Document(gone); !errors.Is(err, annotate.ErrNotFound) {
		t.Errorf("Document(%d) after delete: %v, want ErrNotFound", gone, err)
	}
	list, err := p.Documents()
	if err != nil || len(list) != 1 || list[0].ID != kept {
		t.Errorf("Documents after delete: %+v, %v", list, err)
	}
	if _, ok, err := p.Undo(gone); ok || err == nil {
		t.Errorf("Undo of a deleted document: ok %v, %v", ok, err)
	}
	hits, err := search.NewIndex(p).Search("الموصل", search.Options{})
	if err != nil || len(hits) != 0 {
		t.Errorf("search finds the deleted document: %v, %v", hits, err)
	}
	if hits, err := search.NewIndex(p).Search("الوزير", search.Options{}); err != nil || len(hits) != 2 {
		t.Errorf("search for the kept document: %d hits, %v", len(hits), err)
	}

	// The same text imports again, as a new document with a new id.
	again, dup, err := importDocument(p, other)
	if err != nil || dup || again <= gone {
		t.Errorf("import after delete: id %d (deleted %d), dup %v, %v", again, gone, dup, err)
	}
	p = reopen(t, p)
	if errs := p.Check(); len(errs) > 0 {
		t.Errorf("Check after reopening: %v", errs)
	}
}

// TestDeleteKeepsIndexExact deletes random documents of a project in
// rounds and checks after each that the stored search index answers as a
// search over the remaining texts does, and that Check passes.
func TestDeleteKeepsIndexExact(t *testing.T) {
	p := openTest(t, "")
	r := rand.New(rand.NewPCG(3, 11))
	var docs []*annotate.Document
	for i := range 120 {
		// Small texts, so that many chunks start and end at deleted ids.
		docs = append(docs, &annotate.Document{Title: "نشرة " + strconv.Itoa(i), Text: article(r, 8+r.IntN(30))})
	}
	ids, err := p.Import(docs)
	if err != nil {
		t.Fatal(err)
	}
	live := map[uint64]*annotate.Document{}
	for i, id := range ids {
		if id != 0 {
			docs[i].ID = id
			live[id] = docs[i]
		}
	}
	queries := []string{"الوزير", "بيروت", "في", "ال", "مساعدات عاجلة", "🙂"}
	for round := range 6 {
		var del []uint64
		for id := range live {
			if r.IntN(4) == 0 {
				del = append(del, id)
			}
		}
		if err := p.DeleteDocuments(del); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		for _, id := range del {
			delete(live, id)
		}
		if errs := p.Check(); len(errs) > 0 {
			t.Fatalf("round %d: Check: %v", round, errs)
		}
		var rest search.Docs
		for _, d := range live {
			rest = append(rest, d)
		}
		slices.SortFunc(rest, func(a, b *annotate.Document) int { return int(a.ID) - int(b.ID) })
		for _, q := range queries {
			want, err := search.NewIndex(rest).Search(q, search.Options{Limit: 100000})
			if err != nil {
				t.Fatal(err)
			}
			got, err := search.NewIndex(p).Search(q, search.Options{Limit: 100000})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Errorf("round %d: %q: %d hits from the stored index, %d from the texts", round, q, len(got), len(want))
			}
		}
	}
}

// TestDeleteManyAtOnce deletes hundreds of documents in one transaction,
// newest first, as taking out an import does: whole pages of the index
// empty within the transaction.
func TestDeleteManyAtOnce(t *testing.T) {
	for _, n := range []int{2, 50, 251} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			p := openTest(t, "")
			keep := importSample(t, p)
			ids, err := p.Import(bigDocs(rand.New(rand.NewPCG(5, 5)), n, 0))
			if err != nil {
				t.Fatal(err)
			}
			slices.Reverse(ids)
			if err := p.DeleteDocuments(ids); err != nil {
				t.Fatal(err)
			}
			if list, err := p.Documents(); err != nil || len(list) != 1 || list[0].ID != keep {
				t.Errorf("left %v, %v", list, err)
			}
		})
	}
}
