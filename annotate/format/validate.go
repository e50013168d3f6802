package format

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/rivo/uniseg"

	"alama/annotate"
)

// Validate checks a document as importers must before handing it on: the
// text follows the stored-text rules, the status is known, every span has a
// unique non-zero id, a label and a non-empty range on grapheme boundaries,
// and every relation has a unique non-zero id and joins two different spans
// of the document.
func Validate(d *annotate.Document) error {
	if err := annotate.CheckText(d.Text); err != nil {
		return fmt.Errorf("text: %w", err)
	}
	if !d.Status.Valid() {
		return fmt.Errorf("status %q is not one of new, in_progress, done, reviewed: %w", d.Status, annotate.ErrInvalid)
	}
	spans := make(map[uint64]bool, len(d.Spans))
	for _, s := range d.Spans {
		if s.ID == 0 {
			return fmt.Errorf("span with id 0: %w", annotate.ErrInvalid)
		}
		if spans[s.ID] {
			return fmt.Errorf("span id %d used twice: %w", s.ID, annotate.ErrDuplicate)
		}
		spans[s.ID] = true
		if s.Label == "" {
			return fmt.Errorf("span %d: empty label: %w", s.ID, annotate.ErrInvalid)
		}
	}
	if len(d.Spans) > 0 {
		off := edgeBounds(d.Text, d.Spans)
		for _, s := range d.Spans {
			if err := checkRange(off, s.Start, s.End); err != nil {
				return fmt.Errorf("span %d: %w", s.ID, err)
			}
		}
	}
	rels := make(map[uint64]bool, len(d.Relations))
	for _, r := range d.Relations {
		switch {
		case r.ID == 0:
			return fmt.Errorf("relation with id 0: %w", annotate.ErrInvalid)
		case rels[r.ID]:
			return fmt.Errorf("relation id %d used twice: %w", r.ID, annotate.ErrDuplicate)
		case r.Type == "":
			return fmt.Errorf("relation %d: empty type: %w", r.ID, annotate.ErrInvalid)
		case !spans[r.From]:
			return fmt.Errorf("relation %d: source span %d is not in the document: %w", r.ID, r.From, annotate.ErrNotFound)
		case !spans[r.To]:
			return fmt.Errorf("relation %d: target span %d is not in the document: %w", r.ID, r.To, annotate.ErrNotFound)
		case r.From == r.To:
			return fmt.Errorf("relation %d: a span cannot link to itself: %w", r.ID, annotate.ErrInvalid)
		}
		rels[r.ID] = true
	}
	return nil
}

// bounds knows the grapheme-cluster boundaries of one text, as code-point
// offsets: of every offset (newBounds), or of the span edges a document
// has (edgeBounds). It gives the same answers as annotate.IsBoundary,
// computed in one pass with the grapheme-only segmenter, which is several
// times faster than a full text index on long articles with many spans.
type bounds struct {
	n     int
	at    []bool // at[cp]: a boundary sits before code point cp; nil for edge bounds
	edges []int  // edge bounds: the offsets known, ascending
	on    []bool // and whether each is a boundary
}

func newBounds(text string) *bounds {
	b := &bounds{at: make([]bool, utf8.RuneCountInString(text)+1)}
	b.n = len(b.at) - 1
	b.at[0] = true
	cp, state := 0, -1
	for rest := text; rest != ""; {
		var c string
		c, rest, _, state = uniseg.FirstGraphemeClusterInString(rest, state)
		cp += utf8.RuneCountInString(c)
		b.at[cp] = true
	}
	return b
}

// edgeBounds knows the boundaries at the edges of spans, segmenting text
// only around them.
func edgeBounds(text string, spans []annotate.Span) *bounds {
	b := &bounds{edges: make([]int, 0, 2*len(spans))}
	for _, s := range spans {
		b.edges = append(b.edges, s.Start, s.End)
	}
	slices.Sort(b.edges)
	b.edges = slices.Compact(b.edges)
	b.on, b.n = annotate.OnBoundaries(text, b.edges)
	return b
}

// len returns the text's length in code points.
func (b *bounds) len() int { return b.n }

// is reports whether cp, in [0, len()], is a boundary.
func (b *bounds) is(cp int) bool {
	if b.at != nil {
		return b.at[cp]
	}
	i, found := slices.BinarySearch(b.edges, cp)
	return found && b.on[i]
}

// checkRange is annotate.CheckRange over a prepared index.
func checkRange(b *bounds, start, end int) error {
	switch n := b.len(); {
	case start < 0 || end > n:
		return fmt.Errorf("range [%d,%d) outside text of %d code points: %w", start, end, n, annotate.ErrOutOfRange)
	case start >= end:
		return fmt.Errorf("range [%d,%d) is empty or reversed: %w", start, end, annotate.ErrOutOfRange)
	case !b.is(start):
		return fmt.Errorf("start %d splits a character from its marks: %w", start, annotate.ErrNotBoundary)
	case !b.is(end):
		return fmt.Errorf("end %d splits a character from its marks: %w", end, annotate.ErrNotBoundary)
	}
	return nil
}

// runes maps code-point offsets of one text to byte offsets. Exporters keep
// one and reuse its buffer from document to document.
type runes struct {
	text   string
	byteAt []int // byteAt[cp] = byte offset of code point cp; len = n+1
}

// reset indexes text, reusing the buffer.
func (r *runes) reset(text string) {
	r.text = text
	r.byteAt = slices.Grow(r.byteAt[:0], utf8.RuneCountInString(text)+1)
	for i := range text {
		r.byteAt = append(r.byteAt, i)
	}
	r.byteAt = append(r.byteAt, len(text))
}

// len returns the text length in code points.
func (r *runes) len() int { return len(r.byteAt) - 1 }

// slice returns text[start:end] in code points. The range must be valid.
func (r *runes) slice(start, end int) string { return r.text[r.byteAt[start]:r.byteAt[end]] }

// span checks that a span lies inside the text and returns the text it
// covers. It is the check every exporter makes before writing a span.
func (r *runes) span(d *annotate.Document, s annotate.Span) (string, error) {
	if err := checkSpan(d, s, r.len()); err != nil {
		return "", err
	}
	return r.slice(s.Start, s.End), nil
}

// checkSpan checks that span s of d lies inside its text of n code points.
func checkSpan(d *annotate.Document, s annotate.Span, n int) error {
	if s.Start < 0 || s.End > n || s.Start >= s.End {
		return fmt.Errorf("document %d: span %d [%d,%d) does not fit a text of %d code points: %w",
			d.ID, s.ID, s.Start, s.End, n, annotate.ErrOutOfRange)
	}
	return nil
}

// checkFileText checks that a text read from a file already follows the
// stored-text rules, so offsets given against it stay valid, and names the
// first offending line.
func checkFileText(name, text string) error {
	if err := annotate.CheckText(text); err == nil {
		return nil
	}
	n, err := annotate.NormalizeText([]byte(text))
	var te *annotate.TextError
	if errors.As(err, &te) {
		return &LineError{File: name, Line: te.Line, Err: fmt.Errorf("%s: %w", te.Reason, annotate.ErrBadText)}
	}
	if strings.HasPrefix(text, "\uFEFF") {
		return &LineError{File: name, Line: 1, Err: fmt.Errorf("text starts with a byte order mark, which would shift every offset: %w", annotate.ErrBadText)}
	}
	// Compare line by line to find the first line NFC or CR handling changes.
	got, want := strings.Split(text, "\n"), strings.Split(n, "\n")
	for i := range got {
		if i >= len(want) || got[i] != want[i] {
			reason := "text is not in Unicode NFC, which offsets must count over"
			if strings.ContainsRune(got[i], '\r') {
				reason = "carriage return in the text (CRLF or CR line ends), which offsets must not count"
			}
			return &LineError{File: name, Line: i + 1, Err: fmt.Errorf("%s: %w", reason, annotate.ErrBadText)}
		}
	}
	return &LineError{File: name, Line: 1, Err: fmt.Errorf("text is not normalized: %w", annotate.ErrBadText)}
}
