package cli

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"text/tabwriter"

	"alama/annotate"
)

var (
	listCommand  = command{name: "list", synopsis: "list [-project FILE] [-json]: list the documents", run: runList}
	statsCommand = command{name: "stats", synopsis: "stats [-project FILE] [-json]: count documents by status, spans by label, relations by type", run: runStats}
	checkCommand = command{name: "check", synopsis: "check [-project FILE]: check every stored invariant; exit status 1 on any problem", run: runCheck}
)

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
	p, err := e.open(f, false, false)
	if err != nil {
		return err
	}
	defer p.Close()
	docs, err := p.Documents()
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		for _, d := range docs {
			if err := enc.Encode(listEntry{ID: d.ID, Title: d.Title, Status: d.Status, Length: d.Runes, Spans: d.Spans, Relations: d.Relations}); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATUS\tLENGTH\tSPANS\tRELATIONS\tTITLE")
	for _, d := range docs {
		fmt.Fprintf(tw, "%d\t%s\t%d\t%d\t%d\t%s\n", d.ID, d.Status, d.Runes, d.Spans, d.Relations, d.Title)
	}
	return tw.Flush()
}

// statsJSON is the output of stats -json.
type statsJSON struct {
	Documents       int                     `json:"documents"`
	ByStatus        map[annotate.Status]int `json:"by_status"`
	Spans           int                     `json:"spans"`
	Suggested       int                     `json:"suggested"`
	SpansByLabel    map[string]int          `json:"spans_by_label"`
	Relations       int                     `json:"relations"`
	RelationsByType map[string]int          `json:"relations_by_type"`
}

func runStats(e *env, args []string) error {
	f := e.flags("stats", "stats [-project FILE] [-json]")
	asJSON := f.Bool("json", false, "write the counts as one JSON object")
	if err := f.parse(args); err != nil {
		return err
	}
	p, err := e.open(f, false, false)
	if err != nil {
		return err
	}
	defer p.Close()
	st, err := p.Stats()
	if err != nil {
		return err
	}
	schema, err := p.Schema()
	if err != nil {
		return err
	}
	// Every status, label and relation type of the schema appears, with 0
	// when unused.
	for _, s := range annotate.Statuses {
		st.ByStatus[s] += 0
	}
	var labels, types []string
	for _, l := range schema.Labels {
		labels = append(labels, l.Name)
		st.SpansByLabel[l.Name] += 0
	}
	for _, r := range schema.Relations {
		types = append(types, r.Name)
		st.RelationsByType[r.Name] += 0
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(statsJSON{
			Documents: st.Documents, ByStatus: st.ByStatus,
			Spans: st.Spans, Suggested: st.Suggested, SpansByLabel: st.SpansByLabel,
			Relations: st.Relations, RelationsByType: st.RelationsByType,
		})
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 8, 2, ' ', 0)
	fmt.Fprintf(tw, "documents\t%s\n", thousands(st.Documents))
	for _, s := range annotate.Statuses {
		fmt.Fprintf(tw, "  %s\t%s\n", s, thousands(st.ByStatus[s]))
	}
	fmt.Fprintf(tw, "spans\t%s\n", thousands(st.Spans))
	for _, l := range inOrder(labels, st.SpansByLabel) {
		fmt.Fprintf(tw, "  %s\t%s\n", l, thousands(st.SpansByLabel[l]))
	}
	fmt.Fprintf(tw, "suggested spans\t%s\n", thousands(st.Suggested))
	fmt.Fprintf(tw, "relations\t%s\n", thousands(st.Relations))
	for _, r := range inOrder(types, st.RelationsByType) {
		fmt.Fprintf(tw, "  %s\t%s\n", r, thousands(st.RelationsByType[r]))
	}
	return tw.Flush()
}

// inOrder returns the schema's names in schema order, then any other keys
// of counts sorted.
func inOrder(schema []string, counts map[string]int) []string {
	var rest []string
	for k := range maps.Keys(counts) {
		if !slices.Contains(schema, k) {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	return append(slices.Clone(schema), rest...)
}

func runCheck(e *env, args []string) error {
	f := e.flags("check", "check [-project FILE]")
	if err := f.parse(args); err != nil {
		return err
	}
	p, err := e.open(f, false, false)
	if err != nil {
		return err
	}
	defer p.Close()
	errs := p.Check()
	for _, err := range errs {
		fmt.Fprintln(e.stdout, err)
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s: %d problems found", p.Path(), len(errs))
	}
	docs, err := p.Documents()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %s, no problems found\n", p.Path(), counted(len(docs), "document"))
	return nil
}
