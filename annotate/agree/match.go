package agree

import (
	"slices"

	"alama/annotate"
)

// Mode says when two spans match.
type Mode int

// The matching modes.
const (
	// Exact spans have the same start, end and label.
	Exact Mode = iota
	// Overlap spans have the same label and share at least one code point.
	Overlap
)

// String returns the mode's name.
func (m Mode) String() string {
	if m == Overlap {
		return "overlap"
	}
	return "exact"
}

// Matching is the outcome of matching spans b against a reference a:
// indices into the two slices.
type Matching struct {
	Pairs    [][2]int // {index in a, index in b}, in a's order
	Missed   []int    // spans of a without a match
	Spurious []int    // spans of b without a match
}

// Counts returns the matching's TP, FP and FN.
func (m Matching) Counts() Counts {
	return Counts{TP: len(m.Pairs), FP: len(m.Spurious), FN: len(m.Missed)}
}

type spanKey struct {
	start, end int
	label      string
}

func keyOf(s annotate.Span) spanKey { return spanKey{s.Start, s.End, s.Label} }

// Match pairs the spans of b with those of reference a, one to one (see the
// package documentation). It does not look at annotators.
func Match(a, b []annotate.Span, mode Mode) Matching {
	pairA := make([]int, len(a)) // index in b + 1, 0 when unmatched
	pairB := make([]int, len(b))
	// Exact pairs: walk both sides in (start, end, label) order, pairing
	// equal keys first come, first served.
	ia, ib := keyOrder(a), keyOrder(b)
	for x, y := 0, 0; x < len(ia) && y < len(ib); {
		switch c := compareSpanKeys(keyOf(a[ia[x]]), keyOf(b[ib[y]])); {
		case c < 0:
			x++
		case c > 0:
			y++
		default:
			pairA[ia[x]], pairB[ib[y]] = ib[y]+1, ia[x]+1
			x++
			y++
		}
	}
	if mode == Overlap {
		matchOverlaps(a, b, pairA, pairB)
	}
	var m Matching
	for i, j := range pairA {
		if j == 0 {
			m.Missed = append(m.Missed, i)
		} else {
			m.Pairs = append(m.Pairs, [2]int{i, j - 1})
		}
	}
	for j, i := range pairB {
		if i == 0 {
			m.Spurious = append(m.Spurious, j)
		}
	}
	return m
}

// MatchRelations counts the relations of layer b that match those of
// reference layer a: same type, and both endpoints exactly matched spans.
// Relations are one to one.
func MatchRelations(a, b Layer) Counts {
	m := Match(a.Spans, b.Spans, Exact)
	toB := make(map[uint64]uint64, len(m.Pairs))
	for _, p := range m.Pairs {
		toB[a.Spans[p[0]].ID] = b.Spans[p[1]].ID
	}
	used := make([]bool, len(b.Relations))
	var c Counts
	for _, r := range a.Relations {
		from, okF := toB[r.From]
		to, okT := toB[r.To]
		j := -1
		if okF && okT {
			for k, s := range b.Relations {
				if !used[k] && s.Type == r.Type && s.From == from && s.To == to {
					j = k
					break
				}
			}
		}
		if j < 0 {
			c.FN++
			continue
		}
		used[j] = true
		c.TP++
	}
	c.FP = len(b.Relations) - c.TP
	return c
}

// matchOverlaps pairs the spans left unpaired in pairA and pairB greedily
// by overlap size (ties by position). Only spans of b that start within
// the longest span of b before a span of a ends can overlap it, so b is
// sorted by start and searched in that window.
func matchOverlaps(a, b []annotate.Span, pairA, pairB []int) {
	byStart := make([]int, 0, len(b))
	longest := 0
	for j, t := range b {
		if pairB[j] == 0 {
			byStart = append(byStart, j)
			longest = max(longest, t.End-t.Start)
		}
	}
	slices.SortFunc(byStart, func(x, y int) int { return b[x].Start - b[y].Start })
	type cand struct{ i, j, size int }
	var cands []cand
	for i, s := range a {
		if pairA[i] != 0 {
			continue
		}
		k, _ := slices.BinarySearchFunc(byStart, s.Start-longest, func(j, start int) int { return b[j].Start - start })
		for ; k < len(byStart) && b[byStart[k]].Start < s.End; k++ {
			j := byStart[k]
			t := b[j]
			if s.Label != t.Label {
				continue
			}
			if size := min(s.End, t.End) - max(s.Start, t.Start); size > 0 {
				cands = append(cands, cand{i, j, size})
			}
		}
	}
	slices.SortFunc(cands, func(x, y cand) int {
		if x.size != y.size {
			return y.size - x.size
		}
		if x.i != y.i {
			return x.i - y.i
		}
		return x.j - y.j
	})
	for _, c := range cands {
		if pairA[c.i] == 0 && pairB[c.j] == 0 {
			pairA[c.i], pairB[c.j] = c.j+1, c.i+1
		}
	}
}

// keyOrder returns the indices of spans sorted by (start, end, label),
// ties in index order.
func keyOrder(spans []annotate.Span) []int {
	idx := make([]int, len(spans))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(x, y int) int { return compareSpanKeys(keyOf(spans[x]), keyOf(spans[y])) })
	return idx
}
