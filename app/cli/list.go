package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"alama/annotate"
	"alama/app"
)

var listCommand = command{name: "list", synopsis: "list [-project FILE] [-json]: list the documents", run: runList}

// listEntry is one line of list -json.
type listEntry struct {
	ID        uint64          `json:"id"`
	Title     string          `json:"title"`
	Status    annotate.Status `json:"status"`
	Length    int             `json:"length"` // code points
	Spans     int             `json:"spans"`
	Relations int             `json:"relations"`
}

func runList(e *env, args []string) error {
	f := e.flags("list", "list [-project FILE] [-json]")
	asJSON := f.Bool("json", false, "write one JSON object per document and line")
	if err := f.parse(args); err != nil {
		return err
	}
	p, err := e.openRead(f)
	if err != nil {
		return err
	}
	defer p.Close()
	var bad app.Unreadable
	docs, err := app.List(p, &bad)
	if err != nil {
		return err
	}
	// A list of many documents is written in large blocks, not a write
	// per line or cell.
	w := bufio.NewWriterSize(e.stdout, 1<<16)
	if *asJSON {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for _, d := range docs {
			if err := enc.Encode(listEntry{ID: d.ID, Title: d.Title, Status: d.Status, Length: d.Runes, Spans: d.Spans, Relations: d.Relations}); err != nil {
				return err
			}
		}
		if err := w.Flush(); err != nil {
			return err
		}
		return e.leftOut("list", p, bad.Err())
	}
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATUS\tLENGTH\tSPANS\tRELATIONS\tTITLE")
	for _, d := range docs {
		fmt.Fprintf(tw, "%d\t%s\t%d\t%d\t%d\t%s\n", d.ID, d.Status, d.Runes, d.Spans, d.Relations, cell(d.Title))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return e.leftOut("list", p, bad.Err())
}
