package format

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"alama/annotate"
)

// spaCy offsets JSONL: {"id", "text", "entities": [[start, end, "LABEL"]],
// "spans": {"sc": [[start, end, "LABEL"]]}} per document. "entities" holds
// the outermost spans that do not overlap, what doc.ents accepts; "sc"
// holds every span, for a span categorizer. Build docs with
// Doc.char_span(start, end, label): it returns None for a span whose edges
// do not fall on spaCy's token boundaries (a span that leaves out a
// proclitic, say), so check for None or pass alignment_mode="expand".
// Relations, attributes and notes have no place here. spaCy's binary
// DocBin is not written: run `spacy convert` on the CoNLL export instead.

// SpanGroup is the key of the span group that holds every span.
const SpanGroup = "sc"

type spacyEncoder struct {
	w   io.Writer
	idx runes
	buf []byte
}

func newSpacyEncoder(w io.Writer, _ *annotate.Schema, _ *Options) (encoder, error) {
	return &spacyEncoder{w: w}, nil
}

// appendTriples appends spans as [[start, end, "LABEL"], ...].
func appendTriples(b []byte, spans []annotate.Span) []byte {
	b = append(b, '[')
	for i, s := range spans {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(append(b, '['), int64(s.Start), 10)
		b = strconv.AppendInt(append(b, ','), int64(s.End), 10)
		b = appendJSONString(append(b, ','), s.Label)
		b = append(b, ']')
	}
	return append(b, ']')
}

func (e *spacyEncoder) encode(d *annotate.Document, _ string, rep *Report) error {
	e.idx.reset(d.Text)
	spans := sortedSpans(d.Spans)
	for _, s := range spans {
		if _, err := e.idx.span(d, s); err != nil {
			return err
		}
	}
	outer, rest := outermost(spans)
	rep.Spans += len(spans)
	rep.OverlapsMoved += len(rest)
	rep.RelationsDropped += len(d.Relations)
	countLosses(d, rep)
	b := append(e.buf[:0], '{')
	b = strconv.AppendUint(appendKey(b, "id", true), d.ID, 10)
	b = appendStr(b, "text", d.Text)
	b = appendTriples(appendKey(b, "entities", false), outer)
	b = appendTriples(appendKey(append(appendKey(b, "spans", false), '{'), SpanGroup, true), spans)
	b = append(b, '}', '}', '\n')
	e.buf = b
	_, err := e.w.Write(b)
	return err
}

func (e *spacyEncoder) finish() error { return nil }

// outermost splits spans (in annotate.SortSpans order) into those that do
// not overlap, preferring the longest among spans starting together and
// the earliest among crossing ones, and the rest.
func outermost(spans []annotate.Span) (kept, rest []annotate.Span) {
	end := -1
	for i := 0; i < len(spans); {
		// Among spans with the same start, the last is the longest.
		j := i
		for j+1 < len(spans) && spans[j+1].Start == spans[i].Start {
			j++
		}
		for k := i; k <= j; k++ {
			if k == j && spans[k].Start >= end {
				kept = append(kept, spans[k])
				end = spans[k].End
				continue
			}
			rest = append(rest, spans[k])
		}
		i = j + 1
	}
	return kept, rest
}

// readSpacy reads spaCy offsets JSONL: "entities" and every group under
// "spans" become spans; a span listed in several places is taken once.
// Other keys go to Meta.
func readSpacy(name string, r io.Reader, opts ImportOptions, emit func(*annotate.Document) error) error {
	decode := func(b []byte) (*annotate.Document, error) { return decodeSpacy(b, opts) }
	return scanRecords(name, r, MaxLineBytes, decode, func(_ int, d *annotate.Document) error { return emit(d) })
}

func decodeSpacy(b []byte, opts ImportOptions) (*annotate.Document, error) {
	var rec map[string]json.RawMessage
	if err := decodeStrict(b, &rec); err != nil {
		return nil, err
	}
	var text string
	if raw, ok := rec["text"]; !ok || json.Unmarshal(raw, &text) != nil {
		return nil, fmt.Errorf("record needs a text string: %w", ErrFormat)
	}
	if err := annotate.CheckText(text); err != nil {
		return nil, fmt.Errorf("text: %w", err)
	}
	d := &annotate.Document{Text: text, Status: annotate.StatusNew}
	var triples []json.RawMessage
	if raw, ok := rec["entities"]; ok {
		if err := json.Unmarshal(raw, &triples); err != nil {
			return nil, fmt.Errorf("entities: %w", jsonErr(err))
		}
	}
	if raw, ok := rec["spans"]; ok {
		var groups map[string][]json.RawMessage
		if err := json.Unmarshal(raw, &groups); err != nil {
			return nil, fmt.Errorf("spans: %w", jsonErr(err))
		}
		for _, k := range sortedKeys(groups) {
			triples = append(triples, groups[k]...)
		}
	}
	sb := newSpanBuilder(d, opts)
	seen := map[[2]int]map[string]bool{}
	for i, t := range triples {
		var f []json.RawMessage
		var s, e int
		var l string
		if json.Unmarshal(t, &f) != nil || len(f) != 3 || json.Unmarshal(f[0], &s) != nil ||
			json.Unmarshal(f[1], &e) != nil || json.Unmarshal(f[2], &l) != nil {
			return nil, fmt.Errorf("span %d: want [start, end, \"LABEL\"], got %s: %w", i+1, t, ErrFormat)
		}
		k := [2]int{s, e}
		if seen[k][l] {
			continue
		}
		if seen[k] == nil {
			seen[k] = map[string]bool{}
		}
		seen[k][l] = true
		if _, err := sb.add(s, e, l); err != nil {
			return nil, fmt.Errorf("span %d: %w", i+1, err)
		}
	}
	for k, v := range rec {
		if k == "text" || k == "entities" || k == "spans" {
			continue
		}
		var x any
		if err := decodeLoose(v, &x); err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		if d.Meta == nil {
			d.Meta = map[string]any{}
		}
		d.Meta[k] = x
	}
	return sb.done()
}
