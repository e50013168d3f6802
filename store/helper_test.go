package store

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"alama/annotate"
)

// sampleText is an original two-line report with harakat and an emoji, so
// every offset in these tests differs between code points, UTF-16 units
// and bytes.
const sampleText = "كَتَبَ المراسلُ 🙂 من بيروت أنّ الوزيرَ وصلَ صباحَ الثلاثاء.\nوقال الوزير إنّ «الاتفاقَ قريب»."

var epoch = time.Date(2026, 11, 30, 10, 15, 0, 0, time.UTC)

// clock returns a clock that starts at epoch and advances a second a call.
func clock() func() time.Time {
	t := epoch
	return func() time.Time {
		t = t.Add(time.Second)
		return t
	}
}

// sampleDoc is a document over sampleText with spans of every default label
// and relations of every kind.
func sampleDoc() *annotate.Document {
	return &annotate.Document{
		Title:  "وصول الوزير",
		Text:   sampleText,
		Meta:   map[string]any{"source": "test"},
		Status: annotate.StatusInProgress,
		Spans: []annotate.Span{
			{ID: 1, Start: 7, End: 15, Label: "ACTOR", Annotator: "amal", Attrs: map[string]string{"type": "person"}, Created: epoch},
			{ID: 2, Start: 21, End: 26, Label: "LOCATION", Annotator: "amal", Created: epoch},
			{ID: 3, Start: 31, End: 38, Label: "ACTOR", Annotator: "amal", Created: epoch},
			{ID: 4, Start: 39, End: 43, Label: "EVENT", Annotator: "amal", Created: epoch, Note: "وصول"},
			{ID: 5, Start: 44, End: 58, Label: "TIME", Annotator: "amal", Created: epoch},
			{ID: 6, Start: 77, End: 90, Label: "CLAIM", Annotator: "amal", Suggested: true, Created: epoch},
		},
		Relations: []annotate.Relation{
			{ID: 10, Type: "AGENT", From: 4, To: 3, Annotator: "amal", Created: epoch},
			{ID: 11, Type: "PLACE", From: 4, To: 2, Annotator: "amal", Created: epoch},
			{ID: 12, Type: "DATE", From: 4, To: 5, Annotator: "amal", Created: epoch},
			{ID: 13, Type: "CLAIMED_BY", From: 6, To: 3, Annotator: "amal", Created: epoch},
		},
	}
}

// openTest opens (creating) a project in a temp dir. Before the test ends
// it runs bbolt's consistency check and our own Check, then closes it.
func openTest(t *testing.T, path string) *Project {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "test.alama")
	}
	p, err := Open(path, Options{Now: clock()})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { closeChecked(t, p) })
	return p
}

// closeChecked checks a project's consistency and closes it; closing an
// already closed project does nothing.
func closeChecked(t *testing.T, p *Project) {
	t.Helper()
	err := p.db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			t.Errorf("bbolt check %s: %v", p.path, err)
		}
		return nil
	})
	if err != nil {
		return // closed already
	}
	for _, err := range p.Check() {
		t.Errorf("Check %s: %v", p.path, err)
	}
	if err := p.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
}

// reopen closes p (after the checks) and opens its file again.
func reopen(t *testing.T, p *Project) *Project {
	t.Helper()
	closeChecked(t, p)
	return openTest(t, p.Path())
}

// importSample imports sampleDoc and returns its id.
func importSample(t *testing.T, p *Project) uint64 {
	t.Helper()
	id, dup, err := importDocument(p, sampleDoc())
	if err != nil || dup {
		t.Fatalf("importDocument: id %d, dup %v, %v", id, dup, err)
	}
	return id
}

// canon renders a document as JSON with empty and nil collections alike,
// for comparisons.
func canon(t *testing.T, d *annotate.Document) string {
	t.Helper()
	c := d.Clone()
	if len(c.Meta) == 0 {
		c.Meta = nil
	}
	if len(c.DocLabels) == 0 {
		c.DocLabels = nil
	}
	if len(c.Spans) == 0 {
		c.Spans = nil
	}
	if len(c.Relations) == 0 {
		c.Relations = nil
	}
	for i := range c.Spans {
		if len(c.Spans[i].Attrs) == 0 {
			c.Spans[i].Attrs = nil
		}
	}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func sameDoc(t *testing.T, what string, got, want *annotate.Document) {
	t.Helper()
	if g, w := canon(t, got), canon(t, want); g != w {
		t.Errorf("%s:\n got %s\nwant %s", what, g, w)
	}
}

// importDocument adds one document in one transaction. If a document
// with the same text is already in the project it adds nothing and
// returns that document's id with dup set.
func importDocument(p *Project, d *annotate.Document) (id uint64, dup bool, err error) {
	ids, err := p.importDocs([]*annotate.Document{d}, false)
	if err != nil {
		return 0, false, err
	}
	return ids[0].id, ids[0].dup, nil
}
