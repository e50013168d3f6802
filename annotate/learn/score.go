package learn

import (
	"maps"
	"slices"

	"alama/annotate"
)

// Counts are exact-match span counts: a predicted span is a true positive
// when a gold span has the same start, end and label.
type Counts struct {
	TP, FP, FN int
}

// Precision returns TP / (TP + FP), 0 without predictions.
func (c Counts) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall returns TP / (TP + FN), 0 without gold spans.
func (c Counts) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// F1 returns the harmonic mean of precision and recall.
func (c Counts) F1() float64 { return ratio(2*c.TP, 2*c.TP+c.FP+c.FN) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Score gathers exact-match counts over documents, overall and per label.
type Score struct {
	All    Counts
	Labels map[string]*Counts
}

// NewScore returns an empty score.
func NewScore() *Score { return &Score{Labels: map[string]*Counts{}} }

type mark struct {
	start, end int
	label      string
}

// Add counts the predictions of one document against its gold spans.
func (s *Score) Add(gold []annotate.Span, pred []Prediction) {
	want := map[mark]int{}
	for _, g := range gold {
		want[mark{g.Start, g.End, g.Label}]++
	}
	for _, p := range pred {
		k := mark{p.Start, p.End, p.Label}
		c := s.label(p.Label)
		if want[k] > 0 {
			want[k]--
			c.TP++
			s.All.TP++
			continue
		}
		c.FP++
		s.All.FP++
	}
	for k, n := range want {
		s.label(k.label).FN += n
		s.All.FN += n
	}
}

func (s *Score) label(l string) *Counts {
	c := s.Labels[l]
	if c == nil {
		c = &Counts{}
		s.Labels[l] = c
	}
	return c
}

// LabelNames returns the labels seen, sorted.
func (s *Score) LabelNames() []string { return slices.Sorted(maps.Keys(s.Labels)) }
