package agree

import (
	"maps"
	"slices"

	"alama/annotate"
)

// Scorer scores one annotator's layer against a key layer (a teacher's or
// the gold one), document by document.
type Scorer struct {
	key, annotator string
	rep            ScoreReport
	labels         map[string]*LabelScore
}

// ScoreReport is how an annotator did against a key.
type ScoreReport struct {
	Key          string       `json:"key"`
	Annotator    string       `json:"annotator"`
	Documents    int          `json:"documents"`     // documents the key is present in
	NotAnnotated int          `json:"not_annotated"` // of those, documents the annotator is missing from
	Labels       []LabelScore `json:"labels"`        // by label name
	Total        LabelScore   `json:"total"`
	Missed       []Miss       `json:"missed"`   // key spans without an exact match
	Spurious     []Miss       `json:"spurious"` // annotator spans without an exact match
}

// LabelScore is the score on one label (or, as Total, on all of them).
type LabelScore struct {
	Label   string `json:"label"`
	Key     int    `json:"key"`       // spans in the key
	Marked  int    `json:"annotator"` // spans the annotator marked
	Exact   PRF    `json:"exact"`
	Overlap PRF    `json:"overlap"`
}

// Miss is a span one side has and the other lacks. Partial says that it
// overlaps a span of the same label on the other side (an overlap match).
type Miss struct {
	Doc     uint64 `json:"doc"`
	Title   string `json:"title"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Label   string `json:"label"`
	Text    string `json:"text"`
	Partial bool   `json:"partial"`
}

// NewScorer returns a scorer of annotator against key.
func NewScorer(key, annotator string) *Scorer {
	return &Scorer{key: key, annotator: annotator,
		rep:    ScoreReport{Key: key, Annotator: annotator},
		labels: map[string]*LabelScore{}}
}

// Add scores d, if the key is present in it. A document the annotator is
// missing from counts with an empty layer: every key span is missed.
func (s *Scorer) Add(d *annotate.Document) {
	if !Present(d, s.key) {
		return
	}
	s.rep.Documents++
	if !Present(d, s.annotator) {
		s.rep.NotAnnotated++
	}
	key, ann := LayerOf(d, s.key), LayerOf(d, s.annotator)
	text := newSlicer(d.Text)
	var labels []string
	for _, sp := range append(slices.Clone(key.Spans), ann.Spans...) {
		if !slices.Contains(labels, sp.Label) {
			labels = append(labels, sp.Label)
		}
	}
	for _, l := range labels {
		k, a := key.WithLabel(l), ann.WithLabel(l)
		ls := s.labels[l]
		if ls == nil {
			ls = &LabelScore{Label: l}
			s.labels[l] = ls
		}
		ls.Key += len(k.Spans)
		ls.Marked += len(a.Spans)
		exact := Match(k.Spans, a.Spans, Exact)
		over := Match(k.Spans, a.Spans, Overlap)
		ls.Exact.Counts.Add(exact.Counts())
		ls.Overlap.Counts.Add(over.Counts())
		paired := [2]map[int]bool{{}, {}}
		for _, p := range over.Pairs {
			paired[0][p[0]], paired[1][p[1]] = true, true
		}
		partial := func(side int, idx int) bool { return paired[side][idx] }
		for _, i := range exact.Missed {
			s.rep.Missed = append(s.rep.Missed, s.miss(d, text, k.Spans[i], partial(0, i)))
		}
		for _, j := range exact.Spurious {
			s.rep.Spurious = append(s.rep.Spurious, s.miss(d, text, a.Spans[j], partial(1, j)))
		}
	}
}

func (s *Scorer) miss(d *annotate.Document, text *slicer, sp annotate.Span, partial bool) Miss {
	return Miss{Doc: d.ID, Title: d.Title, Start: sp.Start, End: sp.End, Label: sp.Label, Text: text.slice(sp.Start, sp.End), Partial: partial}
}

// slicer cuts code-point ranges out of a text, indexing it on first use.
type slicer struct {
	text   string
	byteAt []int // byte offset of each code point, and len(text)
}

func newSlicer(text string) *slicer { return &slicer{text: text} }

// slice returns text[start:end] in code points; the range must be valid.
func (s *slicer) slice(start, end int) string {
	if s.byteAt == nil {
		s.byteAt = make([]int, 0, len(s.text)+1)
		for i := range s.text {
			s.byteAt = append(s.byteAt, i)
		}
		s.byteAt = append(s.byteAt, len(s.text))
	}
	return s.text[s.byteAt[start]:s.byteAt[end]]
}

// Report returns the score over the documents added so far.
func (s *Scorer) Report() *ScoreReport {
	r := s.rep
	r.Labels = nil
	r.Total = LabelScore{Label: "TOTAL"}
	for _, l := range slices.Sorted(maps.Keys(s.labels)) {
		ls := *s.labels[l]
		ls.Exact = ls.Exact.Counts.PRF()
		ls.Overlap = ls.Overlap.Counts.PRF()
		r.Labels = append(r.Labels, ls)
		r.Total.Key += ls.Key
		r.Total.Marked += ls.Marked
		r.Total.Exact.Counts.Add(ls.Exact.Counts)
		r.Total.Overlap.Counts.Add(ls.Overlap.Counts)
	}
	r.Total.Exact = r.Total.Exact.Counts.PRF()
	r.Total.Overlap = r.Total.Overlap.Counts.PRF()
	r.Missed = slices.Clone(r.Missed)
	r.Spurious = slices.Clone(r.Spurious)
	return &r
}
