package annotate

import (
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// AddAll adds spans, then rels, to d as AddSpan and AddRelation edits
// applied one after another would, with the same checks and the same
// errors, but in one pass over the text and n log n time for n spans:
// applying the edits one by one re-sorts the spans after each and walks
// the text for each range, which a document with a hundred thousand
// spans cannot afford. Spans and relations are copied. Each one an edit
// would reject is left out and its error handed to fail; AddAll stops at
// once, returning false, when fail returns false. A nil schema skips the
// schema checks.
func AddAll(d *Document, s *Schema, spans []Span, rels []Relation, fail func(error) bool) bool {
	labels := make(map[uint64]string, len(d.Spans)+len(spans))
	for _, sp := range d.Spans {
		labels[sp.ID] = sp.Label
	}
	ranges := checkRanges(d.Text, spans)
	for i, sp := range spans {
		var err error
		switch _, dup := labels[sp.ID]; {
		case sp.ID == 0:
			err = fmt.Errorf("add span: no id: %w", ErrInvalid)
		case dup:
			err = fmt.Errorf("add span %d: id in use: %w", sp.ID, ErrDuplicate)
		case ranges[i] != nil:
			err = fmt.Errorf("add span: span %d: %w", sp.ID, ranges[i])
		default:
			if err = checkSpanSchema(s, sp); err != nil {
				err = fmt.Errorf("add span: %w", err)
			}
		}
		if err != nil {
			if !fail(err) {
				return false
			}
			continue
		}
		labels[sp.ID] = sp.Label
		d.Spans = append(d.Spans, sp.clone())
	}
	SortSpans(d.Spans)
	seen := make(map[uint64]bool, len(d.Relations)+len(rels))
	for _, r := range d.Relations {
		seen[r.ID] = true
	}
	for _, r := range rels {
		if err := checkNewRelation(s, r, labels, seen); err != nil {
			if !fail(err) {
				return false
			}
			continue
		}
		seen[r.ID] = true
		d.Relations = append(d.Relations, r)
	}
	SortRelations(d.Relations)
	return true
}

// checkNewRelation checks relation r as AddRelation does, given the labels
// of the document's spans by id and the relation ids in use.
func checkNewRelation(s *Schema, r Relation, labels map[uint64]string, seen map[uint64]bool) error {
	switch {
	case r.ID == 0:
		return fmt.Errorf("add relation: no id: %w", ErrInvalid)
	case seen[r.ID]:
		return fmt.Errorf("add relation %d: id in use: %w", r.ID, ErrDuplicate)
	case r.From == r.To:
		return fmt.Errorf("add relation %d: a span cannot link to itself: %w", r.ID, ErrInvalid)
	}
	for _, id := range []uint64{r.From, r.To} {
		if _, ok := labels[id]; !ok {
			return fmt.Errorf("add relation %d: span %d: %w", r.ID, id, ErrNotFound)
		}
	}
	if s == nil {
		return nil
	}
	rt, ok := s.RelationType(r.Type)
	if !ok {
		return fmt.Errorf("add relation: relation %d: type %q: %w", r.ID, r.Type, ErrUnknownLabel)
	}
	if from, to := labels[r.From], labels[r.To]; !rt.Allows(from, to) {
		return fmt.Errorf("add relation: relation %d: %s may not link %s → %s: %w", r.ID, r.Type, from, to, ErrNotAllowed)
	}
	return nil
}

// checkRanges returns, for each span, what CheckRange says of its range
// over text, walking the text once.
func checkRanges(text string, spans []Span) []error {
	errs := make([]error, len(spans))
	var edges []int
	for _, sp := range spans {
		if sp.Start >= 0 && sp.Start < sp.End {
			edges = append(edges, sp.Start, sp.End)
		}
	}
	slices.Sort(edges)
	edges = slices.Compact(edges)
	ok, runes := OnBoundaries(text, edges)
	edgeOK := func(cp int) bool {
		j, found := slices.BinarySearch(edges, cp)
		return found && ok[j]
	}
	for k, sp := range spans {
		switch {
		case sp.Start < 0 || sp.Start >= sp.End:
			errs[k] = fmt.Errorf("span [%d,%d) is empty, reversed or negative: %w", sp.Start, sp.End, ErrOutOfRange)
		case sp.End > runes:
			errs[k] = fmt.Errorf("span [%d,%d) outside text of %d code points: %w", sp.Start, sp.End, runes, ErrOutOfRange)
		case !edgeOK(sp.Start):
			errs[k] = fmt.Errorf("span start %d splits a character from its marks: %w", sp.Start, ErrNotBoundary)
		case !edgeOK(sp.End):
			errs[k] = fmt.Errorf("span end %d splits a character from its marks: %w", sp.End, ErrNotBoundary)
		}
	}
	return errs
}

// OnBoundaries reports, for each code-point offset of offsets, which must
// ascend, whether it lies in [0, RuneLen(text)] on a grapheme boundary
// (see IsBoundary), and returns RuneLen(text). It walks the text once and
// segments it only around the offsets, so checking every span of a long
// document costs about one pass over its text.
func OnBoundaries(text string, offsets []int) (on []bool, runes int) {
	on = make([]bool, len(offsets))
	scan := boundaryScan{text: text}
	i, cp := 0, 0
	for ; i < len(offsets) && offsets[i] < 0; i++ {
	}
	for b := range text {
		for ; i < len(offsets) && offsets[i] == cp; i++ {
			on[i] = scan.at(b)
		}
		cp++
	}
	for ; i < len(offsets) && offsets[i] == cp; i++ {
		on[i] = true
	}
	return on, cp
}

// boundaryScan tells whether byte offsets of one text, asked in ascending
// order, are grapheme boundaries. It segments only around the offsets,
// from a safe break before each, and never the same stretch twice, so a
// whole document's span edges cost one pass over the text at most.
type boundaryScan struct {
	text string
	pos  int // a boundary: 0, or the first boundary at or after the offset last asked
}

// at reports whether byte offset b (a rune start or len(text), not below
// any offset asked before) is a grapheme boundary.
func (s *boundaryScan) at(b int) bool {
	switch {
	case b == 0 || b == len(s.text) || b == s.pos:
		return true
	case b < s.pos:
		// After the offset asked last and before the first boundary
		// that follows it.
		return false
	}
	pos, state := safeBreakAfter(s.text, b, s.pos), -1
	for pos < b {
		var c string
		c, _, _, state = uniseg.FirstGraphemeClusterInString(s.text[pos:], state)
		pos += len(c)
	}
	s.pos = pos
	return pos == b
}

// safeBreakAfter returns a byte offset at or before b, and not before
// floor, itself a boundary, that is certainly a grapheme boundary, close
// to b: the start of b's line (a line feed always ends a cluster, rule
// GB4), a space or line feed whose preceding rune cannot be a Prepend
// character (the only kind that joins a following space, rule GB9b), or
// floor. Segmenting from there gives the clusters segmenting the whole
// text would.
func safeBreakAfter(text string, b, floor int) int {
	for i := b; i > floor; {
		r, size := utf8.DecodeLastRuneInString(text[:i])
		i -= size
		if r == '\n' {
			return i + size
		}
		if r != ' ' || i == 0 {
			continue
		}
		if prev, _ := utf8.DecodeLastRuneInString(text[:i]); !mayPrepend(prev) {
			return i
		}
	}
	return floor
}

// mayPrepend reports whether r may be a Prepend character (rule GB9b),
// which joins what follows it: the Arabic number signs and the end of ayah,
// or anything above the Arabic block, which is not worth telling apart.
func mayPrepend(r rune) bool {
	return r >= 0x0600 && r <= 0x0605 || r == 0x06DD || r >= 0x0700
}
