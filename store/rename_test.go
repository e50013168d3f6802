package store

import (
	"errors"
	"testing"

	"alama/annotate"
)

func TestRenameLabel(t *testing.T) {
	p := openTest(t, "")
	ids, err := p.Import([]*annotate.Document{sampleDoc()})
	if err != nil {
		t.Fatal(err)
	}
	id := ids[0]
	d, _ := p.Document(id)
	// An edit that names ACTOR in the history: relabel a location to ACTOR
	// needs no relation change; undo would set LOCATION back.
	if _, err := p.Apply(id, annotate.SetNote{ID: d.Spans[0].ID, Note: "x"}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Apply(id, annotate.Relabel{ID: 3, Label: "LOCATION"}); err == nil {
		t.Fatal("relabel of a relation's actor to LOCATION must fail")
	}
	if _, err := p.Apply(id, annotate.DeleteSpan{ID: 1}); err != nil { // its undo re-adds an ACTOR span
		t.Fatal(err)
	}
	if err := p.RenameLabel("ACTOR", "PERSON"); err != nil {
		t.Fatal(err)
	}
	s, _ := p.Schema()
	if _, ok := s.Label("PERSON"); !ok {
		t.Fatal("schema lacks PERSON")
	}
	d, _ = p.Document(id)
	for _, sp := range d.Spans {
		if sp.Label == "ACTOR" {
			t.Errorf("span %d still ACTOR", sp.ID)
		}
	}
	// The undo brings back the deleted span under the new name.
	d, ok, err := p.Undo(id)
	if err != nil || !ok {
		t.Fatalf("undo: %v %v", ok, err)
	}
	if sp, _ := d.Span(1); sp.Label != "PERSON" {
		t.Errorf("undone span has label %q", sp.Label)
	}
	if err := p.RenameLabel("PERSON", "TIME"); !errors.Is(err, annotate.ErrDuplicate) {
		t.Errorf("rename onto an existing label: %v", err)
	}
	if err := p.RenameRelationType("AGENT", "DOER"); err != nil {
		t.Fatal(err)
	}
	d, _ = p.Document(id)
	found := false
	for _, r := range d.Relations {
		found = found || r.Type == "DOER"
		if r.Type == "AGENT" {
			t.Error("relation still AGENT")
		}
	}
	if !found {
		t.Error("no DOER relation")
	}
	// A label in use cannot be deleted.
	s, _ = p.Schema()
	if err := s.DeleteRelationType("CLAIMED_BY"); err != nil {
		t.Fatal(err)
	}
	if err := p.SetSchema(s); err == nil {
		t.Error("deleting a relation type in use succeeded")
	}
}
