package store

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"alama/annotate"
)

// bigDocs makes n documents with distinct texts.
func bigDocs(r *rand.Rand, n, from int) []*annotate.Document {
	docs := make([]*annotate.Document, n)
	for i := range docs {
		docs[i] = &annotate.Document{Title: "خبر " + strconv.Itoa(from+i), Text: article(r, 12) + " " + strconv.Itoa(from+i)}
	}
	return docs
}

func TestLargeImport(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	tests := []struct {
		name   string
		finish func(t *testing.T, p *Project, li annotate.Importer) *Project
		kept   bool
	}{
		{"commit", func(t *testing.T, p *Project, li annotate.Importer) *Project {
			if err := li.Commit(); err != nil {
				t.Fatal(err)
			}
			return p
		}, true},
		{"abort", func(t *testing.T, p *Project, li annotate.Importer) *Project {
			if err := li.Abort(); err != nil {
				t.Fatal(err)
			}
			return p
		}, false},
		{"process ends without either", func(t *testing.T, p *Project, _ annotate.Importer) *Project {
			return reopen(t, p)
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := openTest(t, "")
			before := importSample(t, p)
			li, err := p.BeginImport()
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.BeginImport(); !errors.Is(err, ErrImportOpen) {
				t.Errorf("a second import began: %v", err)
			}
			var added int
			for i := range 3 {
				// More than one rollback transaction's worth in all.
				ids, err := li.Add(bigDocs(r, rollbackBatch/2+1, i*1000))
				if err != nil {
					t.Fatal(err)
				}
				added += len(ids)
			}
			// A document already there is skipped, and stays.
			if ids, err := li.Add([]*annotate.Document{sampleDoc()}); err != nil || ids[0] != 0 {
				t.Fatalf("re-adding the sample: %v, %v", ids, err)
			}
			p = tt.finish(t, p, li)
			list, err := p.Documents()
			if err != nil {
				t.Fatal(err)
			}
			want := 1
			if tt.kept {
				want += added
			}
			if len(list) != want || list[0].ID != before {
				t.Errorf("%d documents after the import, want %d (first %d)", len(list), want, list[0].ID)
			}
			if errs := p.Check(); len(errs) > 0 {
				t.Errorf("Check: %v", errs)
			}
			// The mark is gone: another import can begin.
			li2, err := p.BeginImport()
			if err != nil {
				t.Fatal(err)
			}
			if err := li2.Commit(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestLargeImportPostings runs a LargeImport that writes its postings at
// the end, or in every batch, while documents are deleted and added by
// other calls in between, and checks the search index after each way out.
func TestLargeImportPostings(t *testing.T) {
	for _, limit := range []int{1, pendingLimit} {
		for _, end := range []string{"commit", "abort", "reopen"} {
			t.Run(fmt.Sprint(end, limit), func(t *testing.T) {
				defer func(old int) { pendingLimit = old }(pendingLimit)
				pendingLimit = limit
				r := rand.New(rand.NewPCG(9, 9))
				p := openTest(t, "")
				importSample(t, p)
				li, err := p.BeginImport()
				if err != nil {
					t.Fatal(err)
				}
				ids, err := li.Add(bigDocs(r, 20, 0))
				if err != nil {
					t.Fatal(err)
				}
				// A document of the import deleted, another added by
				// Suggest, while the import is open.
				if err := p.DeleteDocuments(ids[3:4]); err != nil {
					t.Fatal(err)
				}
				if _, err := p.Suggest(bigDocs(r, 1, 100)); err != nil {
					t.Fatal(err)
				}
				more, err := li.Add(bigDocs(r, 20, 200))
				if err != nil {
					t.Fatal(err)
				}
				switch end {
				case "commit":
					err = li.Commit()
				case "abort":
					err = li.Abort()
				case "reopen":
					p = reopen(t, p)
				}
				if err != nil {
					t.Fatal(err)
				}
				if errs := p.Check(); len(errs) > 0 {
					t.Fatalf("Check: %v", errs)
				}
				got, err := candidates(p, "200")
				if err != nil {
					t.Fatal(err)
				}
				if want := end == "commit"; slices.Contains(got, more[0]) != want {
					t.Errorf("search for the first document of the second batch: %v, want it found %v", got, want)
				}
			})
		}
	}
}
