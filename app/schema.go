package app

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"alama/annotate"
)

// SchemaJSON returns the project's schema as indented JSON, the form
// ImportSchema reads.
func SchemaJSON(p annotate.Project) ([]byte, error) {
	s, err := p.Schema()
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// ExportSchema writes the project's schema as JSON to path.
func ExportSchema(p annotate.Project, path string) error {
	b, err := SchemaJSON(p)
	if err != nil {
		return err
	}
	return WriteFile(path, projectPath(p), func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

// ImportSchema makes the schema in the JSON file path the project's. The
// file must hold a valid schema and nothing else; like the schema editor,
// it is refused if a label, attribute value, relation type or document
// label in use would disappear (rename those with ChangeSchema first).
func ImportSchema(p annotate.Project, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var s annotate.Schema
	if err := dec.Decode(&s); err != nil {
		return fmt.Errorf("%s: not a schema: %w", path, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("%s: data after the schema: %w", path, annotate.ErrInvalid)
	}
	if err := p.SetSchema(&s); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// SchemaChange is one change to a project's schema.
type SchemaChange struct {
	Op       string // SchemaAdd, SchemaRename or SchemaDelete
	Relation bool   // a relation type rather than a span label
	Name     string
	NewName  string // SchemaRename: the new name

	// SchemaAdd: a label's colour (#rrggbb; empty for one of its own),
	// key and description, or a relation type's allowed labels (empty for
	// any) and description.
	Color, Key, Description string
	From, To                []string
}

// The operations of a SchemaChange.
const (
	SchemaAdd    = "add"
	SchemaRename = "rename"
	SchemaDelete = "delete"
)

// ChangeSchema applies one change to the project's schema. A rename
// relabels every span (or relation) with the old name in the same step;
// a delete is refused while the name is in use, as in the schema editor.
func ChangeSchema(p annotate.Project, c SchemaChange) error {
	if c.Op == SchemaRename {
		if c.Relation {
			return p.RenameRelationType(c.Name, c.NewName)
		}
		return p.RenameLabel(c.Name, c.NewName)
	}
	s, err := p.Schema()
	if err != nil {
		return err
	}
	switch {
	case c.Op == SchemaAdd && c.Relation:
		err = s.AddRelationType(annotate.RelationType{Name: c.Name, From: c.From, To: c.To, Description: c.Description})
	case c.Op == SchemaAdd:
		err = s.AddLabel(annotate.Label{Name: c.Name, Color: c.Color, Key: c.Key, Description: c.Description})
	case c.Op == SchemaDelete && c.Relation:
		err = s.DeleteRelationType(c.Name)
	case c.Op == SchemaDelete:
		err = s.DeleteLabel(c.Name)
	default:
		return fmt.Errorf("schema change %q: want add, rename or delete: %w", c.Op, annotate.ErrInvalid)
	}
	if err != nil {
		return err
	}
	return p.SetSchema(s)
}
