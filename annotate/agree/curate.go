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
	need := needed(d, annotators, min)
	return slices.DeleteFunc(Candidates(d, annotators), func(c Candidate) bool { return len(c.Have) < need })
}

// needed returns how many annotators must agree: min, or with min 0 every
// present one and at least two.
func needed(d *annotate.Document, annotators []string, min int) int {
	if min > 0 {
		return min
	}
	present := 0
	for _, n := range annotators {
		if Present(d, n) {
			present++
		}
	}
	return max(present, 2)
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

// relKey identifies a relation by its type and its endpoints' ranges and
// labels, so relations of different layers compare.
type relKey struct {
	typ      string
	from, to spanKey
}

// AutoCurate returns one batch that copies into gold every span of d that
// Agreed finds and gold lacks, then every relation that as many
// annotators have between spans gold then has (same type, endpoints
// equal in range and label), and how many spans and relations it adds;
// nil when there is nothing to copy. The new spans and relations get ids
// above every id of d, so the relations can name their spans.
func AutoCurate(d *annotate.Document, annotators []string, min int) (e annotate.Edit, spans, relations int) {
	var b annotate.Batch
	next := uint64(0)
	for _, s := range d.Spans {
		next = max(next, s.ID)
	}
	for _, r := range d.Relations {
		next = max(next, r.ID)
	}
	goldID := map[spanKey]uint64{}
	for _, s := range d.Spans {
		if s.Annotator == Gold {
			goldID[keyOf(s)] = s.ID
		}
	}
	for _, c := range Agreed(d, annotators, min) {
		e, err := Accept(d, c)
		if err != nil {
			continue // gold has it already
		}
		add := e.(annotate.AddSpan)
		next++
		add.Span.ID = next
		goldID[keyOf(add.Span)] = next
		b.Edits = append(b.Edits, add)
		spans++
	}
	inGold := map[relKey]bool{}
	gold := LayerOf(d, Gold)
	for _, k := range relKeys(gold) {
		inGold[k] = true
	}
	have := map[relKey][]string{}
	for _, n := range annotators {
		for _, k := range relKeys(LayerOf(d, n)) {
			if !slices.Contains(have[k], n) {
				have[k] = append(have[k], n)
			}
		}
	}
	need := needed(d, annotators, min)
	for _, k := range slices.SortedFunc(maps.Keys(have), compareRelKeys) {
		from, okF := goldID[k.from]
		to, okT := goldID[k.to]
		if len(have[k]) < need || inGold[k] || !okF || !okT {
			continue
		}
		next++
		b.Edits = append(b.Edits, annotate.AddRelation{Relation: annotate.Relation{ID: next, Type: k.typ, From: from, To: to, Annotator: Gold}})
		relations++
	}
	if len(b.Edits) == 0 {
		return nil, 0, 0
	}
	return b, spans, relations
}

// relKeys returns the keys of a layer's relations.
func relKeys(l Layer) []relKey {
	key := make(map[uint64]spanKey, len(l.Spans))
	for _, s := range l.Spans {
		key[s.ID] = keyOf(s)
	}
	out := make([]relKey, 0, len(l.Relations))
	for _, r := range l.Relations {
		out = append(out, relKey{r.Type, key[r.From], key[r.To]})
	}
	return out
}

func compareRelKeys(a, b relKey) int {
	if c := compareSpanKeys(a.from, b.from); c != 0 {
		return c
	}
	if c := compareSpanKeys(a.to, b.to); c != 0 {
		return c
	}
	switch {
	case a.typ < b.typ:
		return -1
	case a.typ > b.typ:
		return 1
	}
	return 0
}
