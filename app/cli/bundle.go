package cli

import (
	"errors"
	"fmt"

	"alama/app"
)

var bundleCommand = command{name: "bundle", synopsis: "bundle [-project FILE] -annotator NAME -o FILE.zip: pack the schema, the documents and NAME's layer for another project", run: runBundle}

func runBundle(e *env, args []string) error {
	f := e.flags("bundle", "bundle [-project FILE] -annotator NAME -o FILE.zip")
	annotator := f.String("annotator", "", "the `NAME` whose layer goes into the bundle (an empty layer hands out the documents only)")
	out := f.String("o", "", "the bundle `FILE` to write (.zip)")
	if err := f.parse(args); err != nil {
		return err
	}
	if f.NArg() > 0 || *annotator == "" || *out == "" {
		f.Usage()
		return errUsage
	}
	p, err := e.openRead(f)
	if err != nil {
		return err
	}
	defer p.Close()
	sent, err := app.WriteBundle(p, *annotator, *out, e.now())
	var u *app.Unreadable
	if err != nil && !errors.As(err, &u) {
		return err
	}
	m, spans, rels := sent.Manifest, sent.Spans, sent.Relations
	fmt.Fprintf(e.stdout, "wrote %s: the layer of %s, %s, %s and %s\n", *out, *annotator,
		counted(m.Documents, "document"), counted(spans, "span"), counted(rels, "relation"))
	if spans == 0 {
		fmt.Fprintf(e.stderr, "note: %s has no spans in %s; the bundle hands out the documents only\n", *annotator, p.Path())
	}
	return e.leftOut("bundle", p, err)
}
