package app

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"alama/annotate"
)

func TestSchemaWorkflow(t *testing.T) {
	p := openProject(t)
	text := "قال الوزير في عمان."
	if _, err := p.Import([]*annotate.Document{{Title: "t", Text: text, Spans: []annotate.Span{
		{ID: 1, Start: 4, End: 10, Label: "ACTOR"}, {ID: 2, Start: 14, End: 18, Label: "LOCATION"},
	}}}); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name    string
		change  SchemaChange
		wantErr error
	}{
		{"add a label", SchemaChange{Op: SchemaAdd, Name: "PER", Key: "6"}, nil},
		{"add another", SchemaChange{Op: SchemaAdd, Name: "TEMP", Color: "#123456"}, nil},
		{"add a label named like a relation type", SchemaChange{Op: SchemaAdd, Name: "DATE"}, nil},
		{"add a relation type", SchemaChange{Op: SchemaAdd, Relation: true, Name: "NEAR", From: []string{"LOCATION"}, To: []string{"LOCATION"}}, nil},
		{"add it twice", SchemaChange{Op: SchemaAdd, Relation: true, Name: "NEAR"}, annotate.ErrDuplicate},
		{"rename a label in use", SchemaChange{Op: SchemaRename, Name: "ACTOR", NewName: "PERSON"}, nil},
		{"rename a relation type", SchemaChange{Op: SchemaRename, Relation: true, Name: "NEAR", NewName: "CLOSE_TO"}, nil},
		{"delete a label in use", SchemaChange{Op: SchemaDelete, Name: "PER"}, nil},
		{"delete a label not in use", SchemaChange{Op: SchemaDelete, Name: "TEMP"}, nil},
		{"delete a relation type", SchemaChange{Op: SchemaDelete, Relation: true, Name: "CLOSE_TO"}, nil},
		{"unknown operation", SchemaChange{Op: "merge", Name: "X"}, annotate.ErrInvalid},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			err := ChangeSchema(p, st.change)
			if st.name == "add a label" {
				if _, err := p.Apply(1, annotate.AddSpan{Span: annotate.Span{Start: 0, End: 3, Label: "PER"}}); err != nil {
					t.Fatal(err)
				}
			}
			if st.name == "delete a label in use" {
				if err == nil || !strings.Contains(err.Error(), "in use") {
					t.Errorf("error %v, want it refused as in use", err)
				}
				return
			}
			if !errors.Is(err, st.wantErr) || (err == nil) != (st.wantErr == nil) {
				t.Errorf("error %v, want %v", err, st.wantErr)
			}
		})
	}
	d, _ := p.Document(1)
	if sp, _ := d.Span(1); sp.Label != "PERSON" {
		t.Errorf("span label %q after the rename", sp.Label)
	}

	// Export, change, import back.
	dir := t.TempDir()
	path := filepath.Join(dir, "schema.json")
	if err := ExportSchema(p, path); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), `"name": "PERSON"`) || !strings.Contains(string(data), `"name": "DATE"`) {
		t.Errorf("exported schema:\n%s", data)
	}
	edited := strings.Replace(string(data), `"name": "DATE",`, `"name": "WHEN",`, 1)
	if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := ImportSchema(p, path); err != nil {
		t.Fatal(err)
	}
	s, _ := p.Schema()
	if _, ok := s.Label("WHEN"); !ok {
		t.Error("imported schema lacks WHEN")
	}
	// A schema that drops a label in use is refused, and so is a bad file.
	dropped := strings.Replace(edited, `"name": "PERSON"`, `"name": "SOMEONE"`, 1)
	for name, content := range map[string]string{"drops PERSON": dropped, "not JSON": "{", "extra field": `{"labels": [], "relations": [], "colour": 1}`} {
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := ImportSchema(p, path); err == nil {
			t.Errorf("%s: imported", name)
		}
	}
	s2, _ := p.Schema()
	if len(s2.Labels) != len(s.Labels) {
		t.Error("a refused import changed the schema")
	}
}
