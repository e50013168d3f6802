package agree

import (
	"fmt"
	"maps"
	"slices"

	"alama/annotate"
)

// Candidate is a span (start, end, label) as one or more layers have it,
// with who has it and who does not.
type Candidate struct {
	Start  int      `json:"start"`
	End    int      `json:"end"`
	Label  string   `json:"label"`
	Text   string   `json:"text"`
	Have   []string `json:"have"`    // annotators whose layer has it exactly
	Lack   []string `json:"lack"`    // present annotators whose layer does not
	InGold bool     `json:"in_gold"` // the gold layer has it already
}

// Candidates lists every span some of the annotators' layers have, in
// annotate.SortSpans order of (start, end, label). Lack names only
// annotators present in d (see Present): a missing annotator neither
// agrees nor disagrees. Nil annotators means every layer of d but Gold.
func Candidates(d *annotate.Document, annotators []string) []Candidate {
	if annotators == nil {
		annotators = slices.DeleteFunc(Annotators(d), func(n string) bool { return n == Gold })
	}
	byKey := map[spanKey]*Candidate{}
	text := newSlicer(d.Text)
	for _, s := range d.Spans {
		if s.Suggested || !slices.Contains(annotators, s.Annotator) {
			continue
		}
		k := keyOf(s)
		c := byKey[k]
		if c == nil {
			c = &Candidate{Start: s.Start, End: s.End, Label: s.Label, Text: text.slice(s.Start, s.End)}
			byKey[k] = c
		}
		if !slices.Contains(c.Have, s.Annotator) {
			c.Have = append(c.Have, s.Annotator)
		}
	}
	gold := map[spanKey]bool{}
	for _, s := range d.Spans {
		if s.Annotator == Gold {
			gold[keyOf(s)] = true
		}
	}
	out := make([]Candidate, 0, len(byKey))
	for _, k := range slices.SortedFunc(maps.Keys(byKey), compareSpanKeys) {
		c := byKey[k]
		slices.Sort(c.Have)
		for _, n := range annotators {
			if !slices.Contains(c.Have, n) && Present(d, n) {
				c.Lack = append(c.Lack, n)
			}
		}
		slices.Sort(c.Lack)
		c.InGold = gold[k]
		out = append(out, *c)
	}
	return out
}

func compareSpanKeys(a, b spanKey) int {
	switch {
	case a.start != b.start:
		return a.start - b.start
	case a.end != b.end:
		return a.end - b.end
	case a.label < b.label:
		return -1
	case a.label > b.label:
		return 1
	}
	return 0
}

// Disagreements lists the candidates of d that some present annotator
// lacks: what a curator has to decide.
func Disagreements(d *annotate.Document, annotators []string) []Candidate {
	return slices.DeleteFunc(Candidates(d, annotators), func(c Candidate) bool { return len(c.Lack) == 0 })
}

// Agreed lists the candidates of d that enough annotators have: at least
// min of them, or, with min 0, every present annotator and at least two.
func Agreed(d *annotate.Document, annotators []string, min int) []Candidate {
	present := 0
	for _, n := range annotators {
		if Present(d, n) {
			present++
		}
	}
	need := min
	if need <= 0 {
		need = max(present, 2)
	}
	return slices.DeleteFunc(Candidates(d, annotators), func(c Candidate) bool { return len(c.Have) < need })
}

// Accept returns the edit that copies candidate c into the gold layer: a
// new span (id 0, for the project to fill) with the label and range of c,
// and the attributes and note when every layer that has c agrees on them.
// It fails with annotate.ErrDuplicate when gold has c already.
func Accept(d *annotate.Document, c Candidate) (annotate.Edit, error) {
	k := spanKey{c.Start, c.End, c.Label}
	sp := annotate.Span{Start: c.Start, End: c.End, Label: c.Label, Annotator: Gold}
	first := true
	for _, s := range d.Spans {
		if keyOf(s) != k {
			continue
		}
		switch {
		case s.Annotator == Gold:
			return nil, fmt.Errorf("span [%d,%d) %s is in the gold layer already: %w", c.Start, c.End, c.Label, annotate.ErrDuplicate)
		case s.Suggested || !slices.Contains(c.Have, s.Annotator):
			continue
		case first:
			sp.Attrs, sp.Note, first = maps.Clone(s.Attrs), s.Note, false
		default:
			if !maps.Equal(sp.Attrs, s.Attrs) {
				sp.Attrs = nil
			}
			if sp.Note != s.Note {
				sp.Note = ""
			}
		}
	}
	if first {
		return nil, fmt.Errorf("span [%d,%d) %s is in no layer of the document: %w", c.Start, c.End, c.Label, annotate.ErrNotFound)
	}
	return annotate.AddSpan{Span: sp}, nil
}

// Reject returns the edit that takes candidate c out of the gold layer,
// or ok false when gold does not have it (nothing to undo).
func Reject(d *annotate.Document, c Candidate) (e annotate.Edit, ok bool) {
	k := spanKey{c.Start, c.End, c.Label}
	var b annotate.Batch
	for _, s := range d.Spans {
		if s.Annotator == Gold && keyOf(s) == k {
			b.Edits = append(b.Edits, annotate.DeleteSpan{ID: s.ID})
		}
	}
	switch len(b.Edits) {
	case 0:
		return nil, false
	case 1:
		return b.Edits[0], true
	}
	return b, true
}

// AutoCurate returns one batch that copies into gold every span of d that
// Agreed finds and gold lacks, and how many spans it adds; nil and 0 when
// there is nothing to copy.
func AutoCurate(d *annotate.Document, annotators []string, min int) (annotate.Edit, int) {
	var b annotate.Batch
	for _, c := range Agreed(d, annotators, min) {
		e, err := Accept(d, c)
		if err != nil {
			continue // gold has it already
		}
		b.Edits = append(b.Edits, e)
	}
	if len(b.Edits) == 0 {
		return nil, 0
	}
	return b, len(b.Edits)
}
