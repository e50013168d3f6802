package cli

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"text/tabwriter"

	"alama/annotate"
	"alama/app"
)

var statsCommand = command{name: "stats", synopsis: "stats [-project FILE] [-json]: count documents by status, spans by label, relations by type", run: runStats}

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
	p, err := e.openRead(f)
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
	// Records that cannot be read are left out of the counts and named.
	skipped := (&app.Unreadable{Errs: st.Unreadable}).Err()
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		err := enc.Encode(statsJSON{
			Documents: st.Documents, ByStatus: st.ByStatus,
			Spans: st.Spans, Suggested: st.Suggested, SpansByLabel: st.SpansByLabel,
			Relations: st.Relations, RelationsByType: st.RelationsByType,
		})
		if err != nil {
			return err
		}
		return e.leftOut("stats", p, skipped)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 8, 2, ' ', 0)
	fmt.Fprintf(tw, "documents\t%s\n", thousands(st.Documents))
	for _, s := range annotate.Statuses {
		fmt.Fprintf(tw, "  %s\t%s\n", s, thousands(st.ByStatus[s]))
	}
	fmt.Fprintf(tw, "spans\t%s\n", thousands(st.Spans))
	for _, l := range inOrder(labels, st.SpansByLabel) {
		fmt.Fprintf(tw, "  %s\t%s\n", cell(l), thousands(st.SpansByLabel[l]))
	}
	fmt.Fprintf(tw, "suggested spans\t%s\n", thousands(st.Suggested))
	fmt.Fprintf(tw, "relations\t%s\n", thousands(st.Relations))
	for _, r := range inOrder(types, st.RelationsByType) {
		fmt.Fprintf(tw, "  %s\t%s\n", cell(r), thousands(st.RelationsByType[r]))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return e.leftOut("stats", p, skipped)
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
