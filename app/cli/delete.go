package cli

import (
	"fmt"
	"slices"
	"strconv"
)

var deleteCommand = command{
	name:     "delete",
	synopsis: "delete [-project FILE] ID...: remove documents with their annotations and history (the ids `list` shows); all of them or none",
	run:      runDelete,
}

func runDelete(e *env, args []string) error {
	f := e.flags("delete", "delete [-project FILE] ID...")
	if err := f.parse(args); err != nil {
		return err
	}
	if f.NArg() == 0 {
		f.Usage()
		return errUsage
	}
	ids := make([]uint64, 0, f.NArg())
	for _, a := range f.Args() {
		id, err := strconv.ParseUint(a, 10, 64)
		if err != nil || id == 0 {
			return fmt.Errorf("%q is not a document id: ids are the numbers `alama list` shows", a)
		}
		if !slices.Contains(ids, id) { // "delete 1 1" deletes one document
			ids = append(ids, id)
		}
	}
	p, err := e.open(f, false, false)
	if err != nil {
		return err
	}
	defer p.Close()
	if err := p.DeleteDocuments(ids); err != nil {
		return fmt.Errorf("%s: %w", p.Path(), err)
	}
	fmt.Fprintf(e.stdout, "deleted %s from %s\n", counted(len(ids), "document"), p.Path())
	return p.Close()
}
