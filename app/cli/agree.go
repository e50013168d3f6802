package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"alama/annotate/agree"
	"alama/app"
)

// The agree command: agreement between annotators' layers. checkLayers
// and quoted serve curate and score too.

var agreeCommand = command{name: "agree", synopsis: "agree [-project FILE] [-json] [-a NAME -b NAME] [-label L]: agreement between annotators (span F1, token kappa and alpha, relations)", run: runAgree}

// checkLayers fails unless every name is a layer of the project.
func checkLayers(s *agree.Survey, names ...string) error {
	for _, n := range names {
		if !slices.Contains(s.Annotators, n) {
			return fmt.Errorf("no annotator %q in the project (annotators: %s)", n, strings.Join(quoted(s.Annotators), ", "))
		}
	}
	return nil
}

func quoted(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = fmt.Sprintf("%q", n)
	}
	return out
}

func runAgree(e *env, args []string) error {
	f := e.flags("agree", "agree [-project FILE] [-json] [-a NAME -b NAME] [-label L]")
	asJSON := f.Bool("json", false, "write the whole report as one JSON object")
	a := f.String("a", "", "compare only annotator `NAME` (the reference for precision and recall) ...")
	b := f.String("b", "", "... with annotator `NAME`")
	label := f.String("label", "", "count only spans of label `L`")
	if err := f.parse(args); err != nil {
		return err
	}
	if f.NArg() > 0 || (*a == "") != (*b == "") || *a != "" && *a == *b {
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
	if *label != "" && !slices.Contains(s.Labels, *label) {
		return fmt.Errorf("-label: no span in the project has label %q (labels in use: %s)", *label, strings.Join(s.Labels, ", "))
	}
	names := s.Compared()
	if *a != "" {
		if err := checkLayers(s, *a, *b); err != nil {
			return err
		}
		names = []string{*a, *b}
	}
	if len(names) < 2 {
		return fmt.Errorf("agreement needs two annotators; the project has %s", counted(len(names), "annotator"))
	}
	r, failed := app.Agreement(p, names, s.Labels, *label) // leaves out the documents skipped names
	if r == nil {
		return failed
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		err = enc.Encode(r)
	} else {
		err = printAgreement(e.stdout, r)
	}
	if err != nil {
		return err
	}
	return e.leftOut("agree", p, skipped)
}

// maxDocRows is how many documents the text agreement report lists.
const maxDocRows = 20

// printAgreement writes the agreement report as text tables.
func printAgreement(w io.Writer, r *agree.Report) error {
	what := "all labels"
	if r.Label != "" {
		what = "label " + r.Label
	}
	fmt.Fprintf(w, "agreement of %d annotators on %s over %s (%s)\n", len(r.Annotators), what,
		counted(r.Documents, "document"), counted(r.Tokens, "token"))
	fmt.Fprintf(w, "Krippendorff's alpha, all annotators, tokens: %s\n", r.Alpha.Alpha)
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "\nexact span F1 above the diagonal, Cohen's kappa below")
	fmt.Fprintln(tw, "\t"+strings.Join(cells(r.Annotators), "\t"))
	pairs := map[[2]string]agree.Pair{}
	for _, p := range r.Pairs {
		pairs[[2]string{p.A, p.B}] = p
		pairs[[2]string{p.B, p.A}] = p
	}
	for i, a := range r.Annotators {
		row := []string{cell(a)}
		for j, b := range r.Annotators {
			switch {
			case i == j:
				row = append(row, "-")
			case i < j:
				row = append(row, pairs[[2]string{a, b}].Exact.F1.String())
			default:
				row = append(row, pairs[[2]string{a, b}].Kappa.Kappa.String())
			}
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	fmt.Fprintln(tw, "\nA\tB\tdocs\texact P\texact R\texact F1\toverlap F1\tkappa\talpha\trelations F1")
	for _, p := range r.Pairs {
		rel := agree.Undefined
		if p.Relations != nil {
			rel = p.Relations.F1
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", cell(p.A), cell(p.B), p.Documents,
			p.Exact.Precision, p.Exact.Recall, p.Exact.F1, p.Overlap.F1, p.Kappa.Kappa, p.Alpha.Alpha, rel)
	}
	if len(r.Labels) > 0 {
		fmt.Fprintln(tw, "\nlabel\talpha\tpair\texact F1\toverlap F1\tkappa")
		for _, l := range r.Labels {
			for i, p := range l.Pairs {
				alpha := ""
				if i == 0 {
					alpha = l.Alpha.Alpha.String()
				}
				fmt.Fprintf(tw, "%s\t%s\t%s-%s\t%s\t%s\t%s\n", cell(l.Label), alpha, cell(p.A), cell(p.B), p.Exact.F1, p.Overlap.F1, p.Kappa.Kappa)
			}
		}
	}
	if len(r.PerDoc) > 0 {
		// The documents that most need a look: lowest alpha first,
		// undefined last.
		docs := slices.Clone(r.PerDoc)
		slices.SortStableFunc(docs, func(x, y agree.DocReport) int {
			a, b := x.Alpha.Alpha, y.Alpha.Alpha
			switch {
			case a.Defined() && b.Defined() && a != b:
				if a < b {
					return -1
				}
				return 1
			case a.Defined() != b.Defined():
				if a.Defined() {
					return -1
				}
				return 1
			}
			return 0
		})
		if len(docs) > maxDocRows {
			docs = docs[:maxDocRows]
		}
		fmt.Fprintf(tw, "\n%s with the lowest alpha (-json lists all)\n", counted(len(docs), "document"))
		fmt.Fprintln(tw, "document\talpha\tannotators\ttitle")
		for _, d := range docs {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", d.ID, d.Alpha.Alpha, strings.Join(cells(d.Present), ","), cell(d.Title))
		}
	}
	fmt.Fprintln(tw, "\nPrecision and recall take A as the reference. n/a: nothing to measure.")
	return tw.Flush()
}
