package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"alama/annotate"
	"alama/annotate/format"
	"alama/app"
)

var exportCommand = command{
	name:     "export",
	synopsis: "export [-project FILE] [-format " + strings.Join(format.ExportFormats(), "|") + "] [-o OUT] [options]: write the documents; -h lists the options",
	run:      runExport,
}

func runExport(e *env, args []string) error {
	f := e.flags("export", "export [-project FILE] [-format FORMAT] [-o OUT] [options]")
	name := f.String("format", format.JSONL, "output `FORMAT`: "+strings.Join(format.ExportFormats(), ", "))
	out := f.String("o", "-", "output `FILE` or folder (brat, hf); - is standard output")
	annotator := f.String("annotator", "", "keep only this `ANNOTATOR`'s spans and relations")
	statuses := f.String("status", "", "keep only documents in these comma-separated `STATUSES` (new, in_progress, done, reviewed)")
	split := f.String("split", "", "split into train/dev/test by `WEIGHTS` such as 80,10,10")
	seed := f.Uint64("seed", 1, "`SEED` of the split")
	scheme := f.String("scheme", "", "tag `SCHEME` of conll and hf: iob2 (default), iob1, bioes, bilou")
	segmented := f.Bool("segmented", false, "conll: split words at span edges instead of widening spans")
	conll2003 := f.Bool("conll2003", false, "conll: four columns TOKEN POS CHUNK TAG with -DOCSTART- lines")
	docStart := f.Bool("docstart", false, "conll: a -DOCSTART- line before each document")
	levels := f.Int("levels", 1, "conll: `N` tag columns, one per nesting level")
	relations := f.Bool("relations", false, "doccano: the entities and relations shape")
	offsets := f.String("offsets", "", "labelstudio: offset `UNIT`, codepoint (default) or utf16 for Label Studio versions that count UTF-16 units")
	if err := f.parse(args); err != nil {
		return err
	}
	if f.NArg() > 0 {
		f.Usage()
		return errUsage
	}
	opts := format.Options{
		Annotator: *annotator, Scheme: format.Scheme(*scheme), Segmented: *segmented,
		CoNLL2003: *conll2003, DocStart: *docStart, Levels: *levels, Relations: *relations,
		Offsets: *offsets,
	}
	if *statuses != "" {
		for _, s := range strings.Split(*statuses, ",") {
			st := annotate.Status(strings.TrimSpace(s))
			if !st.Valid() {
				return fmt.Errorf("-status: %q is not one of %v", s, annotate.Statuses)
			}
			opts.Statuses = append(opts.Statuses, st)
		}
	}
	if *split != "" {
		sp, err := format.ParseSplit(*split, *seed)
		if err != nil {
			return err
		}
		opts.Split = sp
	}

	p, err := e.openRead(f)
	if err != nil {
		return err
	}
	defer p.Close()
	// The list gives the progress its total; a document record it cannot
	// read is left out by the export, which names it.
	infos, _ := p.Documents()
	prog := e.progress("exported", "documents", len(infos))
	var rep format.Report
	if *out == "-" {
		rep, err = exportTo(e.stdout, p, *name, opts, prog.update)
	} else {
		rep, err = app.Export(p, *name, *out, opts, prog.update)
	}
	var u *app.Unreadable
	if err != nil && !errors.As(err, &u) {
		return err
	}
	printReport(e.stderr, rep, *out)
	return e.leftOut("export", p, err)
}

// exportTo writes a single-file format to w through a buffer.
func exportTo(w io.Writer, p annotate.Project, name string, opts format.Options, progress func(int)) (format.Report, error) {
	schema, err := p.Schema()
	if err != nil {
		return format.Report{Format: name}, err
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	var u app.Unreadable
	rep, err := format.ExportTo(bw, name, app.Documents(p, progress, &u), schema, opts)
	if err != nil {
		return rep, err
	}
	if err := bw.Flush(); err != nil {
		return rep, err
	}
	return rep, u.Err()
}

// printReport says what an export wrote and what the format could not
// hold.
func printReport(w io.Writer, rep format.Report, out string) {
	where := out
	if out == "-" {
		where = "standard output"
	}
	fmt.Fprintf(w, "exported %s, %s and %s as %s to %s\n", counted(rep.Documents, "document"),
		counted(rep.Spans, "span"), counted(rep.Relations, "relation"), rep.Format, where)
	for _, l := range []struct {
		n    int
		what string
	}{
		{rep.Skipped, "documents left out by -status"},
		{rep.Discarded, "spans and relations left out by -annotator"},
	} {
		if l.n > 0 {
			fmt.Fprintf(w, "  %s %s\n", thousands(l.n), l.what)
		}
	}
	// What a re-import of the file will not get back.
	for _, l := range rep.Losses() {
		fmt.Fprintf(w, "  %s\n", l)
	}
	for part, n := range rep.Parts {
		fmt.Fprintf(w, "  %s: %s\n", part, counted(n, "document"))
	}
	for _, f := range rep.Files {
		if f != out {
			fmt.Fprintf(w, "  wrote %s\n", f)
		}
	}
}
