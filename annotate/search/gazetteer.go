package search

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"alama/annotate"
	"alama/annotate/arabic"
)

// ErrGazetteer marks a malformed gazetteer; errors.Is finds it in a
// *GazetteerError.
var ErrGazetteer = errors.New("malformed gazetteer")

// GazetteerError says which line of which gazetteer file is wrong.
type GazetteerError struct {
	File   string
	Line   int
	Reason string
}

func (e *GazetteerError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Reason) }

// Unwrap makes errors.Is(err, ErrGazetteer) hold.
func (e *GazetteerError) Unwrap() error { return ErrGazetteer }

// Term is one gazetteer entry.
type Term struct {
	Text  string
	Label string
	Line  int // where it was read, 1-based
}

// Gazetteer is a list of terms with their labels.
type Gazetteer struct {
	File  string
	Terms []Term // not to be changed after the first Suggest

	once sync.Once
	dict *arabic.Dict
}

// Gazetteer formats.
const (
	Plain = "plain" // one term a line, all with one label; # starts a comment
	CSV   = "csv"   // term,label records; a first record "term,label" is a header
)

// maxGazetteer bounds the size of a gazetteer file.
const maxGazetteer = 64 << 20

// ParseGazetteer reads a gazetteer named file in format Plain or CSV. label
// is the label of every term of a plain list and of CSV records that have no
// label field; it may be empty only for a CSV file whose records all have
// one. Errors are *GazetteerError naming the file and line.
func ParseGazetteer(r io.Reader, file, format, label string) (*Gazetteer, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxGazetteer+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if len(data) > maxGazetteer {
		return nil, &GazetteerError{File: file, Line: 1, Reason: fmt.Sprintf("file larger than %d MB", maxGazetteer>>20)}
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	if err := checkLines(file, data); err != nil {
		return nil, err
	}
	g := &Gazetteer{File: file}
	switch format {
	case Plain:
		err = g.readPlain(data, label)
	case CSV:
		err = g.readCSV(data, label)
	default:
		return nil, fmt.Errorf("%s: unknown gazetteer format %q (want %s or %s)", file, format, Plain, CSV)
	}
	if err != nil {
		return nil, err
	}
	if len(g.Terms) == 0 {
		return nil, &GazetteerError{File: file, Line: 1, Reason: "no terms"}
	}
	return g, nil
}

// FormatOf guesses a gazetteer's format from its file name.
func FormatOf(file string) string {
	if strings.HasSuffix(strings.ToLower(file), ".csv") {
		return CSV
	}
	return Plain
}

// checkLines rejects invalid UTF-8 and NUL bytes, naming the line.
func checkLines(file string, data []byte) error {
	for n, line := range bytes.Split(data, []byte("\n")) {
		switch {
		case !utf8.Valid(line):
			return &GazetteerError{File: file, Line: n + 1, Reason: "invalid UTF-8"}
		case bytes.IndexByte(line, 0) >= 0:
			return &GazetteerError{File: file, Line: n + 1, Reason: "NUL byte: binary data, not text"}
		}
	}
	return nil
}

func (g *Gazetteer) add(line int, term, label string) error {
	term = strings.TrimSpace(term)
	label = strings.TrimSpace(label)
	switch {
	case term == "":
		return &GazetteerError{File: g.File, Line: line, Reason: "empty term"}
	case strings.TrimSpace(arabic.FoldString(term)) == "":
		return &GazetteerError{File: g.File, Line: line, Reason: fmt.Sprintf("term %q has no letters left after folding", term)}
	case label == "":
		return &GazetteerError{File: g.File, Line: line, Reason: fmt.Sprintf("term %q has no label (give one in the file or as the default)", term)}
	case strings.ContainsAny(label, " \t"):
		return &GazetteerError{File: g.File, Line: line, Reason: fmt.Sprintf("label %q contains white space", label)}
	}
	g.Terms = append(g.Terms, Term{Text: term, Label: label, Line: line})
	return nil
}

func (g *Gazetteer) readPlain(data []byte, label string) error {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, maxGazetteer)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.Contains(line, "\t") {
			return &GazetteerError{File: g.File, Line: n, Reason: "tab in a plain term list (use a CSV file for term,label)"}
		}
		if err := g.add(n, line, label); err != nil {
			return err
		}
	}
	return sc.Err()
}

func (g *Gazetteer) readCSV(data []byte, label string) error {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.Comment = '#'
	first := true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return &GazetteerError{File: g.File, Line: pe.Line, Reason: pe.Err.Error()}
			}
			return fmt.Errorf("%s: %w", g.File, err)
		}
		line, _ := cr.FieldPos(0)
		if first && len(rec) == 2 && strings.EqualFold(strings.TrimSpace(rec[0]), "term") && strings.EqualFold(strings.TrimSpace(rec[1]), "label") {
			first = false
			continue
		}
		first = false
		switch len(rec) {
		case 1:
			err = g.add(line, rec[0], label)
		case 2:
			err = g.add(line, rec[0], rec[1])
		default:
			err = &GazetteerError{File: g.File, Line: line, Reason: fmt.Sprintf("%d fields, want term,label", len(rec))}
		}
		if err != nil {
			return err
		}
	}
}

// CheckLabels reports the first term whose label the schema lacks.
func (g *Gazetteer) CheckLabels(s *annotate.Schema) error {
	for _, t := range g.Terms {
		if _, ok := s.Label(t.Label); !ok {
			return &GazetteerError{File: g.File, Line: t.Line, Reason: fmt.Sprintf("label %q is not in the schema: %v", t.Label, annotate.ErrUnknownLabel)}
		}
	}
	return nil
}

// Suggest matches the gazetteer against d, folded and tolerant of clitics
// (see arabic.FindWords), and returns one AddSpan a match, marked Suggested,
// with the given annotator and time, in text order. Longer matches win over
// shorter ones they overlap with under the same label, and no suggestion
// overlaps an existing span of its label. The whole gazetteer is matched in
// one pass over the text, so large gazetteers stay fast.
func Suggest(d *annotate.Document, g *Gazetteer, annotator string, now time.Time) []annotate.Edit {
	ms := arabic.NewSearcher(d.Text).FindDict(g.dictionary())
	slices.SortStableFunc(ms, func(a, b arabic.DictMatch) int { return (b.End - b.Start) - (a.End - a.Start) })
	taken := newCover(d.Spans)
	var out []annotate.Span
	for _, m := range ms {
		label := g.Terms[m.Term].Label
		if taken.overlaps(label, m.Start, m.End) {
			continue
		}
		taken.add(label, m.Start, m.End)
		out = append(out, annotate.Span{Start: m.Start, End: m.End, Label: label, Annotator: annotator, Suggested: true, Created: now})
	}
	return spanEdits(out)
}

// dictionary returns the folded terms, built on first use.
func (g *Gazetteer) dictionary() *arabic.Dict {
	g.once.Do(func() {
		texts := make([]string, len(g.Terms))
		for i, t := range g.Terms {
			texts[i] = t.Text
		}
		g.dict = arabic.NewDict(texts)
	})
	return g.dict
}

// Propagate finds the other occurrences of the text of span sp in d (folded,
// whole-word-ish) and returns suggestions with sp's label, skipping places
// already covered by a span of that label.
func Propagate(d *annotate.Document, sp annotate.Span, annotator string, now time.Time) []annotate.Edit {
	if sp.Start < 0 || sp.End > annotate.RuneLen(d.Text) || sp.Start >= sp.End {
		return nil
	}
	taken := newCover(append(slices.Clone(d.Spans), sp))
	var out []annotate.Span
	for _, m := range arabic.FindWords(d.Text, d.SpanText(sp)) {
		if taken.overlaps(sp.Label, m.Start, m.End) {
			continue
		}
		taken.add(sp.Label, m.Start, m.End)
		out = append(out, annotate.Span{Start: m.Start, End: m.End, Label: sp.Label, Attrs: maps.Clone(sp.Attrs), Annotator: annotator, Suggested: true, Created: now})
	}
	return spanEdits(out)
}

func spanEdits(spans []annotate.Span) []annotate.Edit {
	annotate.SortSpans(spans)
	out := make([]annotate.Edit, len(spans))
	for i, sp := range spans {
		out[i] = annotate.AddSpan{Span: sp}
	}
	return out
}

// cover records, per label, the ranges already taken.
type cover map[string][][2]int

func newCover(spans []annotate.Span) cover {
	c := cover{}
	for _, s := range spans {
		c.add(s.Label, s.Start, s.End)
	}
	return c
}

func (c cover) add(label string, start, end int) { c[label] = append(c[label], [2]int{start, end}) }

func (c cover) overlaps(label string, start, end int) bool {
	return slices.ContainsFunc(c[label], func(r [2]int) bool { return r[0] < end && start < r[1] })
}
