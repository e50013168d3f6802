package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"text/tabwriter"

	"alama/annotate/agree"
	"alama/app"
)

var scoreCommand = command{name: "score", synopsis: "score [-project FILE] [-gold NAME] -annotator NAME [-json] [-csv FILE]: score an annotator against a key layer", run: runScore}

func runScore(e *env, args []string) error {
	f := e.flags("score", "score [-project FILE] [-gold NAME] -annotator NAME [-json] [-csv FILE]")
	key := f.String("gold", agree.Gold, "the key layer `NAME` (a teacher's layer or the curated gold)")
	annotator := f.String("annotator", "", "the layer `NAME` to score")
	asJSON := f.Bool("json", false, "write the report as one JSON object")
	csvOut := f.String("csv", "", "also write a gradebook `FILE` (CSV, one row per label and a TOTAL row; - is standard output)")
	if err := f.parse(args); err != nil {
		return err
	}
	if f.NArg() > 0 || *annotator == "" || *key == *annotator {
		f.Usage()
		return errUsage
	}
	p, err := e.openRead(f)
	if err != nil {
		return err
	}
	defer p.Close()
	// A document whose record cannot be read is left out and named at
	// the end.
	s, skipped := app.Survey(p)
	if skipped != nil && !errors.As(skipped, new(*app.Unreadable)) {
		return skipped
	}
	if err := checkLayers(s, *key); err != nil {
		return err
	}
	r, failed := app.Score(p, *key, *annotator) // leaves out the documents skipped names
	if r == nil {
		return failed
	}
	if *csvOut != "" {
		if err := writeScoreCSV(e, *csvOut, p.Path(), r); err != nil {
			return err
		}
	}
	switch {
	case *asJSON:
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		err = enc.Encode(r)
	case *csvOut != "-":
		err = printScore(e.stdout, r)
	}
	if err != nil {
		return err
	}
	return e.leftOut("score", p, skipped)
}

func writeScoreCSV(e *env, name, project string, r *agree.ScoreReport) error {
	var err error
	if name == "-" {
		err = r.WriteCSV(e.stdout)
	} else {
		err = app.WriteFile(name, project, r.WriteCSV)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// printScore writes the score as text: a table by label, the missed and
// spurious spans, and a grade line.
func printScore(w io.Writer, r *agree.ScoreReport) error {
	fmt.Fprintf(w, "%s scored against %s over %s", r.Annotator, r.Key, counted(r.Documents, "document"))
	if r.NotAnnotated > 0 {
		fmt.Fprintf(w, " (%s not annotated by %s: all their spans count as missed)", thousands(r.NotAnnotated), r.Annotator)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "\nlabel\tkey\tmarked\texact P\texact R\texact F1\toverlap P\toverlap R\toverlap F1")
	for _, l := range append(slices.Clone(r.Labels), r.Total) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\n", cell(l.Label), l.Key, l.Marked,
			l.Exact.Precision, l.Exact.Recall, l.Exact.F1, l.Overlap.Precision, l.Overlap.Recall, l.Overlap.F1)
	}
	for _, part := range []struct {
		title string
		list  []agree.Miss
	}{{"missed (in the key, not marked)", r.Missed}, {"spurious (marked, not in the key)", r.Spurious}} {
		if len(part.list) == 0 {
			continue
		}
		fmt.Fprintf(tw, "\n%s:\n", part.title)
		for _, m := range part.list {
			note := ""
			if m.Partial {
				note = "boundaries differ"
			}
			fmt.Fprintf(tw, "  doc %d\t[%d,%d)\t%s\t«%s»\t%s\n", m.Doc, m.Start, m.End, cell(m.Label), cell(m.Text), cell(note))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	t := r.Total
	_, err := fmt.Fprintf(w, "\ngrade: exact F1 %s (precision %s, recall %s), overlap F1 %s; %d of %d key spans found exactly, %d spurious\n",
		t.Exact.F1, t.Exact.Precision, t.Exact.Recall, t.Overlap.F1, t.Exact.TP, t.Key, t.Exact.FP)
	return err
}
