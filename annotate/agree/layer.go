package agree

import (
	"slices"

	"alama/annotate"
)

// Gold is the name of the curated layer.
const Gold = "gold"

// Layer is one annotator's spans and relations in one document.
type Layer struct {
	Annotator string
	Spans     []annotate.Span     // in annotate.SortSpans order
	Relations []annotate.Relation // by id
}

// LayerOf returns annotator's layer of d: the spans whose Annotator is
// that name, but for suggestions not yet accepted, and the relations of
// that name between them.
func LayerOf(d *annotate.Document, annotator string) Layer {
	l := Layer{Annotator: annotator}
	kept := map[uint64]bool{}
	for _, s := range d.Spans {
		if s.Annotator == annotator && !s.Suggested {
			l.Spans = append(l.Spans, s)
			kept[s.ID] = true
		}
	}
	for _, r := range d.Relations {
		if r.Annotator == annotator && kept[r.From] && kept[r.To] {
			l.Relations = append(l.Relations, r)
		}
	}
	return l
}

// WithLabel returns the part of l whose spans have the given label, with
// the relations between those spans.
func (l Layer) WithLabel(label string) Layer {
	out := Layer{Annotator: l.Annotator}
	ids := map[uint64]bool{}
	for _, s := range l.Spans {
		if s.Label == label {
			out.Spans = append(out.Spans, s)
			ids[s.ID] = true
		}
	}
	for _, r := range l.Relations {
		if ids[r.From] && ids[r.To] {
			out.Relations = append(out.Relations, r)
		}
	}
	return out
}

// Annotators returns the names of the layers of d, sorted: every annotator
// of a span (suggestions aside) or relation.
func Annotators(d *annotate.Document) []string {
	var out []string
	for _, s := range d.Spans {
		if !s.Suggested && !slices.Contains(out, s.Annotator) {
			out = append(out, s.Annotator)
		}
	}
	for _, r := range d.Relations {
		if !slices.Contains(out, r.Annotator) {
			out = append(out, r.Annotator)
		}
	}
	slices.Sort(out)
	return out
}

// Present reports whether annotator has worked on d: their layer has a
// span (not a mere suggestion), or the document's status is past new. A
// missing annotator's empty layer is not taken as "nothing to mark".
func Present(d *annotate.Document, annotator string) bool {
	if d.Status != annotate.StatusNew && d.Status != "" {
		return true
	}
	return slices.ContainsFunc(d.Spans, func(s annotate.Span) bool { return s.Annotator == annotator && !s.Suggested })
}
