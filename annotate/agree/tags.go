package agree

import (
	"slices"
	"sort"

	"alama/annotate"
	"alama/annotate/arabic"
)

// O is the tag of a token no span covers.
const O = "O"

// Tags returns one tag per token: the label of the outermost span that
// covers at least half of the token, or O. With label set, only spans of
// that label count.
func Tags(toks []arabic.Token, spans []annotate.Span, label string) []string {
	tags := make([]string, len(toks))
	for i := range tags {
		tags[i] = O
	}
	order := make([]annotate.Span, 0, len(spans))
	for _, s := range spans {
		if label == "" || s.Label == label {
			order = append(order, s)
		}
	}
	// Outermost first: earliest start, then longest; SortSpans order breaks
	// ties, and a stable sort keeps it.
	annotate.SortSpans(order)
	slices.SortStableFunc(order, func(a, b annotate.Span) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return b.End - a.End
	})
	for _, s := range order {
		i := sort.Search(len(toks), func(i int) bool { return toks[i].End > s.Start })
		for ; i < len(toks) && toks[i].Start < s.End; i++ {
			t := toks[i]
			covered := min(t.End, s.End) - max(t.Start, s.Start)
			if 2*covered >= t.End-t.Start && tags[i] == O {
				tags[i] = s.Label
			}
		}
	}
	return tags
}
