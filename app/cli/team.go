package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"alama/annotate/agree"
	"alama/app"
)

// Commands for teams and classrooms: bundles that hand one annotator's
// layer between projects, agreement between layers, curation of the gold
// layer and scoring against a key.

var (
	bundleCommand = command{name: "bundle", synopsis: "bundle [-project FILE] -annotator NAME -o FILE.zip: pack the schema, the documents and NAME's layer for another project", run: runBundle}
	agreeCommand  = command{name: "agree", synopsis: "agree [-project FILE] [-json] [-a NAME -b NAME] [-label L]: agreement between annotators (span F1, token kappa and alpha, relations)", run: runAgree}
	curateCommand = command{name: "curate", synopsis: "curate [-project FILE] -auto [-annotators A,B,...] [-min N]: copy the spans and relations the annotators agree on into the gold layer", run: runCurate}
	scoreCommand  = command{name: "score", synopsis: "score [-project FILE] [-gold NAME] -annotator NAME [-json] [-csv FILE]: score an annotator against a key layer", run: runScore}
)

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
	p, err := e.open(f, false, false)
	if err != nil {
		return err
	}
	defer p.Close()
	sent, err := app.WriteBundle(p, *annotator, *out, e.now())
	if err != nil {
		return err
	}
	m, spans, rels := sent.Manifest, sent.Spans, sent.Relations
	fmt.Fprintf(e.stdout, "wrote %s: the layer of %s, %s, %s and %s\n", *out, *annotator,
		counted(m.Documents, "document"), counted(spans, "span"), counted(rels, "relation"))
	if spans == 0 {
		fmt.Fprintf(e.stderr, "note: %s has no spans in %s; the bundle hands out the documents only\n", *annotator, p.Path())
	}
	return nil
}

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
	p, err := e.open(f, false, false)
	if err != nil {
		return err
	}
	defer p.Close()
	s, err := app.Survey(p)
	if err != nil {
		return err
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
	g := agree.New(names, s.Labels, *label)
	for d, err := range p.All() {
		if err != nil {
			return err
		}
		g.Add(d)
	}
	r := g.Report()
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	return printAgreement(e.stdout, r)
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
	fmt.Fprintln(tw, "\t"+strings.Join(r.Annotators, "\t"))
	cell := map[[2]string]agree.Pair{}
	for _, p := range r.Pairs {
		cell[[2]string{p.A, p.B}] = p
		cell[[2]string{p.B, p.A}] = p
	}
	for i, a := range r.Annotators {
		row := []string{a}
		for j, b := range r.Annotators {
			switch {
			case i == j:
				row = append(row, "-")
			case i < j:
				row = append(row, cell[[2]string{a, b}].Exact.F1.String())
			default:
				row = append(row, cell[[2]string{a, b}].Kappa.Kappa.String())
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
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", p.A, p.B, p.Documents,
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
				fmt.Fprintf(tw, "%s\t%s\t%s-%s\t%s\t%s\t%s\n", l.Label, alpha, p.A, p.B, p.Exact.F1, p.Overlap.F1, p.Kappa.Kappa)
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
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", d.ID, d.Alpha.Alpha, strings.Join(d.Present, ","), d.Title)
		}
	}
	fmt.Fprintln(tw, "\nPrecision and recall take A as the reference. n/a: nothing to measure.")
	return tw.Flush()
}

func runCurate(e *env, args []string) error {
	f := e.flags("curate", "curate [-project FILE] -auto [-annotators A,B,...] [-min N]")
	auto := f.Bool("auto", false, "copy agreed spans into the gold layer (the window curates one span at a time)")
	list := f.String("annotators", "", "comma-separated `NAMES` to compare (default: every annotator but gold)")
	minAgree := f.Int("min", 0, "copy a span when at least `N` of them have it exactly (default: every one present in the document, and at least two)")
	if err := f.parse(args); err != nil {
		return err
	}
	if f.NArg() > 0 || !*auto || *minAgree < 0 {
		f.Usage()
		return errUsage
	}
	p, err := e.open(f, false, false)
	if err != nil {
		return err
	}
	defer p.Close()
	s, err := app.Survey(p)
	if err != nil {
		return err
	}
	names := s.Compared()
	if *list != "" {
		names = nil
		for _, n := range strings.Split(*list, ",") {
			if n = strings.TrimSpace(n); n != "" && !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
		if slices.Contains(names, agree.Gold) {
			return fmt.Errorf("-annotators: %s is the layer being curated, not one to compare", agree.Gold)
		}
		if err := checkLayers(s, names...); err != nil {
			return err
		}
	}
	if *minAgree > len(names) {
		return fmt.Errorf("-min %d: there are only %s to agree", *minAgree, counted(len(names), "annotator"))
	}
	spans, rels, docs := 0, 0, 0
	for d, err := range p.All() {
		if err != nil {
			return err
		}
		edit, ns, nr := agree.AutoCurate(d, names, *minAgree)
		if edit == nil {
			continue
		}
		if _, err := p.Apply(d.ID, edit); err != nil {
			return err
		}
		spans += ns
		rels += nr
		docs++
	}
	fmt.Fprintf(e.stdout, "copied %s and %s into the %s layer of %s (annotators compared: %s); undo works per document\n",
		counted(spans, "span"), counted(rels, "relation"), agree.Gold, counted(docs, "document"), strings.Join(names, ", "))
	return nil
}

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
	p, err := e.open(f, false, false)
	if err != nil {
		return err
	}
	defer p.Close()
	s, err := app.Survey(p)
	if err != nil {
		return err
	}
	if err := checkLayers(s, *key); err != nil {
		return err
	}
	sc := agree.NewScorer(*key, *annotator)
	for d, err := range p.All() {
		if err != nil {
			return err
		}
		sc.Add(d)
	}
	r := sc.Report()
	if *csvOut != "" {
		if err := writeScoreCSV(e, *csvOut, r); err != nil {
			return err
		}
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	if *csvOut == "-" {
		return nil
	}
	return printScore(e.stdout, r)
}

func writeScoreCSV(e *env, name string, r *agree.ScoreReport) error {
	var w io.Writer = e.stdout
	var file *os.File
	if name != "-" {
		var err error
		if file, err = os.Create(name); err != nil {
			return err
		}
		w = file
	}
	err := r.WriteCSV(w)
	if file != nil {
		if cerr := file.Close(); err == nil {
			err = cerr
		}
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
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\n", l.Label, l.Key, l.Marked,
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
			fmt.Fprintf(tw, "  doc %d\t[%d,%d)\t%s\t«%s»\t%s\n", m.Doc, m.Start, m.End, m.Label, m.Text, note)
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
