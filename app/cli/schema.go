package cli

import (
	"fmt"
	"strings"

	"alama/app"
)

var schemaCommand = command{
	name: "schema",
	synopsis: "schema [-project FILE] [-import FILE | -export FILE | ACTION NAME [NEW]]: show the annotation schema as JSON, replace it from a JSON file or save it to one, " +
		"or add-label, rename-label, delete-label, add-relation, rename-relation, delete-relation (a rename relabels every span or relation at once; a name in use cannot be deleted)",
	run: runSchema,
}

const schemaUsage = "schema [-project FILE] [-import FILE | -export FILE]\n" +
	"       alama schema [-project FILE] add-label NAME [-color #rrggbb] [-key K] [-description TEXT]\n" +
	"       alama schema [-project FILE] add-relation NAME [-from LABEL,...] [-to LABEL,...] [-description TEXT]\n" +
	"       alama schema [-project FILE] rename-label OLD NEW | rename-relation OLD NEW\n" +
	"       alama schema [-project FILE] delete-label NAME | delete-relation NAME"

func runSchema(e *env, args []string) error {
	f := e.flags("schema", schemaUsage)
	importFile := f.String("import", "", "make the schema in the JSON `FILE` the project's (refused if it drops a name in use)")
	exportFile := f.String("export", "", "write the schema as JSON to `FILE`")
	color := f.String("color", "", "add-label: the label's `colour` as #rrggbb (default: one of its own)")
	key := f.String("key", "", "add-label: the label's one-character `key`")
	description := f.String("description", "", "add-label, add-relation: the guideline `text`")
	from := f.String("from", "", "add-relation: the comma-separated `labels` a relation may start at (default: any)")
	to := f.String("to", "", "add-relation: the comma-separated `labels` a relation may end at (default: any)")
	// Flags may come before or after the action and its names.
	var words []string
	rest := args
	for {
		if err := f.parse(rest); err != nil {
			return err
		}
		if f.NArg() == 0 {
			break
		}
		words = append(words, f.Arg(0))
		rest = f.Args()[1:]
	}
	if len(words) > 0 && (*importFile != "" || *exportFile != "") || *importFile != "" && *exportFile != "" {
		f.Usage()
		return errUsage
	}
	change, err := schemaChange(words, *color, *key, *description, *from, *to)
	if err != nil {
		fmt.Fprintf(e.stderr, "alama schema: %v\n", err)
		f.Usage()
		return errUsage
	}
	p, err := e.open(f, change != nil || *importFile != "", false)
	if err != nil {
		return err
	}
	defer p.Close()
	switch {
	case *importFile != "":
		if err := app.ImportSchema(p, *importFile); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "schema of %s replaced by %s\n", p.Path(), *importFile)
	case *exportFile != "":
		if err := app.ExportSchema(p, *exportFile); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "wrote the schema of %s to %s\n", p.Path(), *exportFile)
	case change != nil:
		if err := app.ChangeSchema(p, *change); err != nil {
			return fmt.Errorf("%s: %w", p.Path(), err)
		}
		fmt.Fprintln(e.stdout, describeChange(*change))
	default:
		b, err := app.SchemaJSON(p)
		if err != nil {
			return err
		}
		e.stdout.Write(b)
	}
	return p.Close()
}

// schemaChange reads ACTION NAME [NEW]; no words means no change.
func schemaChange(words []string, color, key, description, from, to string) (*app.SchemaChange, error) {
	if len(words) == 0 {
		return nil, nil
	}
	action, names := words[0], words[1:]
	verb, what, _ := strings.Cut(action, "-")
	c := &app.SchemaChange{Relation: what == "relation"}
	want := 1
	switch {
	case what != "label" && what != "relation":
		return nil, fmt.Errorf("unknown action %q", action)
	case verb == "add":
		c.Op, c.Color, c.Key, c.Description = app.SchemaAdd, color, key, description
		c.From, c.To = splitList(from), splitList(to)
	case verb == "rename":
		c.Op, want = app.SchemaRename, 2
	case verb == "delete":
		c.Op = app.SchemaDelete
	default:
		return nil, fmt.Errorf("unknown action %q", action)
	}
	if len(names) != want {
		return nil, fmt.Errorf("%s: want %d name(s), got %d", action, want, len(names))
	}
	c.Name = names[0]
	if want == 2 {
		c.NewName = names[1]
	}
	return c, nil
}

func splitList(s string) []string {
	var out []string
	for p := range strings.SplitSeq(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// describeChange says what a change did, for the command's output.
func describeChange(c app.SchemaChange) string {
	what := "label"
	if c.Relation {
		what = "relation type"
	}
	switch c.Op {
	case app.SchemaAdd:
		return fmt.Sprintf("added %s %s", what, c.Name)
	case app.SchemaRename:
		return fmt.Sprintf("renamed %s %s to %s, everywhere it is used", what, c.Name, c.NewName)
	}
	return fmt.Sprintf("deleted %s %s", what, c.Name)
}
