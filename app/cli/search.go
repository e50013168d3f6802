package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"alama/annotate"
	"alama/annotate/search"
)

var (
	searchCommand      = command{name: "search", synopsis: "search [-project FILE] [-json] [-words] [-context N] [-limit N] QUERY: find QUERY in every document, ignoring harakat, tatweel and letter variants", run: runSearch}
	preannotateCommand = command{name: "preannotate", synopsis: "preannotate [-project FILE] -gazetteer FILE [-label L] [-format plain|csv] [-doc ID] [-annotator NAME]: add suggested spans where gazetteer terms occur, one undoable edit per document", run: runPreannotate}
)

// searchHit is one line of search -json.
type searchHit struct {
	Doc    uint64 `json:"doc"`
	Start  int    `json:"start"` // code points
	End    int    `json:"end"`
	Text   string `json:"text"`
	Before string `json:"before"`
	After  string `json:"after"`
}

func runSearch(e *env, args []string) error {
	const synopsis = "search [-project FILE] [-json] [-words] [-context N] [-limit N] QUERY"
	f := e.flags("search", synopsis)
	asJSON := f.Bool("json", false, "write one JSON object per hit and line")
	words := f.Bool("words", false, "match whole words, after proclitics such as و ب ال")
	context := f.Int("context", 30, "`N` code points of context on each side")
	limit := f.Int("limit", 1000, "stop after `N` hits")
	if err := f.parse(args); err != nil {
		return err
	}
	if f.NArg() != 1 || *context < 0 || *limit < 1 {
		f.Usage()
		return errUsage
	}
	p, err := e.open(f, false, false)
	if err != nil {
		return err
	}
	defer p.Close()
	hits, err := search.NewIndex(p).Search(f.Arg(0), search.Options{Words: *words, Context: max(*context, 1), Limit: *limit})
	if err != nil {
		return err
	}
	if *context == 0 {
		for i := range hits {
			hits[i].Before, hits[i].After = "", ""
		}
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		for _, h := range hits {
			if err := enc.Encode(searchHit{Doc: h.DocID, Start: h.Start, End: h.End, Text: h.Text, Before: h.Before, After: h.After}); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "DOC\tSTART\tEND\tMATCH\tCONTEXT")
	for _, h := range hits {
		fmt.Fprintf(tw, "%d\t%d\t%d\t%s\t%s[%s]%s\n", h.DocID, h.Start, h.End, h.Text, h.Before, h.Text, h.After)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(e.stderr, counted(len(hits), "hit"))
	return nil
}

func runPreannotate(e *env, args []string) error {
	const synopsis = "preannotate [-project FILE] -gazetteer FILE [-label L] [-format plain|csv] [-doc ID] [-annotator NAME]"
	f := e.flags("preannotate", synopsis)
	gazFile := f.String("gazetteer", "", "gazetteer `FILE`: one term a line, or term,label records in a .csv file")
	label := f.String("label", "", "`LABEL` of plain-list terms and of CSV records without one")
	gazFormat := f.String("format", "", "gazetteer format, plain or csv (default: csv for a .csv file, else plain)")
	docID := f.String("doc", "", "only the document with this `ID`")
	annotator := f.String("annotator", "gazetteer", "annotator `NAME` recorded on the suggestions")
	if err := f.parse(args); err != nil {
		return err
	}
	if f.NArg() != 0 || *gazFile == "" {
		f.Usage()
		return errUsage
	}
	var only uint64
	if *docID != "" {
		id, err := strconv.ParseUint(*docID, 10, 64)
		if err != nil || id == 0 {
			return fmt.Errorf("-doc %q: not a document id", *docID)
		}
		only = id
	}
	if *gazFormat == "" {
		*gazFormat = search.FormatOf(*gazFile)
	}
	file, err := os.Open(*gazFile)
	if err != nil {
		return err
	}
	g, err := search.ParseGazetteer(file, *gazFile, strings.ToLower(*gazFormat), *label)
	file.Close()
	if err != nil {
		return err
	}
	p, err := e.open(f, false, false)
	if err != nil {
		return err
	}
	defer p.Close()
	schema, err := p.Schema()
	if err != nil {
		return err
	}
	if err := g.CheckLabels(schema); err != nil {
		return err
	}
	ids := []uint64{only}
	if only == 0 {
		infos, err := p.Documents()
		if err != nil {
			return err
		}
		ids = ids[:0]
		for _, d := range infos {
			ids = append(ids, d.ID)
		}
	}
	now := e.now()
	total, docs := 0, 0
	for _, id := range ids {
		d, err := p.Document(id)
		if err != nil {
			return err
		}
		edits := search.Suggest(d, g, *annotator, now)
		if len(edits) == 0 {
			continue
		}
		if _, err := p.Apply(id, annotate.Batch{Edits: edits}); err != nil {
			return fmt.Errorf("document %d: %w (earlier documents keep their suggestions)", id, err)
		}
		fmt.Fprintf(e.stdout, "document %d: %s\n", id, counted(len(edits), "suggestion"))
		total += len(edits)
		docs++
	}
	fmt.Fprintf(e.stdout, "added %s to %s from %s\n", counted(total, "suggestion"), counted(docs, "document"), filepath.Base(*gazFile))
	return nil
}
