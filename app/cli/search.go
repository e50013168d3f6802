package cli

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"alama/annotate/search"
)

var searchCommand = command{name: "search", synopsis: "search [-project FILE] [-json] [-words] [-context N] [-limit N] QUERY: find QUERY in every document, ignoring harakat, tatweel and letter variants", run: runSearch}

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
	p, err := e.openRead(f)
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
		fmt.Fprintf(tw, "%d\t%d\t%d\t%s\t%s[%s]%s\n", h.DocID, h.Start, h.End, cell(h.Text), cell(h.Before), cell(h.Text), cell(h.After))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(e.stderr, counted(len(hits), "hit"))
	return nil
}
