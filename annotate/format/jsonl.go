package format

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"
	"unicode/utf8"

	"alama/annotate"
)

// OffsetUnit is the value of the offset_unit field of Alama JSONL records.
const OffsetUnit = "codepoint"

// MaxLineBytes is the longest line ReadJSONL and the other line-based
// importers accept (64 MiB): far beyond any article, small enough to stop a
// runaway file.
const MaxLineBytes = 64 << 20

// JSONLWriter writes documents as Alama JSONL, one record per line. It
// keeps no document after Write returns.
type JSONLWriter struct {
	w   io.Writer
	idx runes
	buf []byte
}

// NewJSONLWriter returns a writer of Alama JSONL records to w.
func NewJSONLWriter(w io.Writer) *JSONLWriter {
	return &JSONLWriter{w: w}
}

// Write writes one document as one line: the fields of FORMATS.md in
// order, spans in annotate.SortSpans order with their text, relations by
// id, object keys sorted, <, > and & left as they are. A span outside the
// text stops it with an error before anything of the document is written.
func (w *JSONLWriter) Write(d *annotate.Document) error {
	w.idx.reset(d.Text)
	b := append(w.buf[:0], '{')
	b = strconv.AppendUint(appendKey(b, "id", true), d.ID, 10)
	b = appendStr(b, "title", d.Title)
	b = appendStr(b, "text", d.Text)
	b = appendKey(b, "meta", false)
	if len(d.Meta) == 0 {
		b = append(b, '{', '}')
	} else {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(d.Meta); err != nil {
			return fmt.Errorf("document %d: meta: %w", d.ID, err)
		}
		b = append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
	}
	b = appendStr(b, "status", string(d.Status))
	b = append(appendKey(b, "doc_labels", false), '[')
	for i, l := range d.DocLabels {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, l)
	}
	b = append(appendKey(append(b, ']'), "spans", false), '[')
	for i, s := range sortedSpans(d.Spans) {
		text, err := w.idx.span(d, s)
		if err != nil {
			return err
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendUint(appendKey(append(b, '{'), "id", true), s.ID, 10)
		b = appendInt(b, "start", s.Start)
		b = appendInt(b, "end", s.End)
		b = appendStr(b, "label", s.Label)
		b = appendStr(b, "text", text)
		b = appendStr(b, "annotator", s.Annotator)
		b = appendStringMap(b, "attrs", s.Attrs)
		b = appendStr(b, "note", s.Note)
		if s.Suggested {
			b = append(appendKey(b, "suggested", false), "true"...)
		}
		if !s.Created.IsZero() {
			b = appendTime(b, "created", s.Created)
		}
		b = append(b, '}')
	}
	b = append(appendKey(append(b, ']'), "relations", false), '[')
	for i, r := range sortedRelations(d.Relations) {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendUint(appendKey(append(b, '{'), "id", true), r.ID, 10)
		b = appendStr(b, "type", r.Type)
		b = appendUint(b, "from", r.From)
		b = appendUint(b, "to", r.To)
		b = appendStr(b, "annotator", r.Annotator)
		if !r.Created.IsZero() {
			b = appendTime(b, "created", r.Created)
		}
		b = append(b, '}')
	}
	b = append(b, ']')
	b = appendStr(b, "offset_unit", OffsetUnit)
	b = append(b, '}', '\n')
	w.buf = b
	if _, err := w.w.Write(b); err != nil {
		return fmt.Errorf("document %d: %w", d.ID, err)
	}
	return nil
}

// WriteJSONL writes one document to w as one Alama JSONL line.
func WriteJSONL(w io.Writer, d *annotate.Document) error {
	return NewJSONLWriter(w).Write(d)
}

// sortedSpans returns spans in annotate.SortSpans order, copying only when
// they are not sorted already.
func sortedSpans(spans []annotate.Span) []annotate.Span {
	for i := 1; i < len(spans); i++ {
		a, b := spans[i-1], spans[i]
		if a.Start > b.Start || a.Start == b.Start && (a.End > b.End || a.End == b.End && a.ID > b.ID) {
			c := append([]annotate.Span(nil), spans...)
			annotate.SortSpans(c)
			return c
		}
	}
	return spans
}

// sortedRelations returns relations in id order, copying only when needed.
func sortedRelations(rels []annotate.Relation) []annotate.Relation {
	for i := 1; i < len(rels); i++ {
		if rels[i-1].ID > rels[i].ID {
			c := append([]annotate.Relation(nil), rels...)
			annotate.SortRelations(c)
			return c
		}
	}
	return rels
}

// jsonlIn is a record as read: pointers tell a missing field from a zero.
type jsonlIn struct {
	ID         *uint64          `json:"id"`
	Title      string           `json:"title"`
	Text       *string          `json:"text"`
	Meta       map[string]any   `json:"meta"`
	Status     *annotate.Status `json:"status"`
	DocLabels  []string         `json:"doc_labels"`
	Spans      []jsonlSpanIn    `json:"spans"`
	Relations  []jsonlRelIn     `json:"relations"`
	OffsetUnit *string          `json:"offset_unit"`
}

type jsonlSpanIn struct {
	ID        *uint64           `json:"id"`
	Start     *int              `json:"start"`
	End       *int              `json:"end"`
	Label     *string           `json:"label"`
	Text      *string           `json:"text"`
	Annotator string            `json:"annotator"`
	Attrs     map[string]string `json:"attrs"`
	Note      string            `json:"note"`
	Suggested bool              `json:"suggested"`
	Created   time.Time         `json:"created"`
}

type jsonlRelIn struct {
	ID        *uint64   `json:"id"`
	Type      *string   `json:"type"`
	From      *uint64   `json:"from"`
	To        *uint64   `json:"to"`
	Annotator string    `json:"annotator"`
	Created   time.Time `json:"created"`
}

// ReadJSONL reads Alama JSONL from r line by line and calls fn with each
// document and its 1-based line number. name is the file name used in
// errors. Blank lines are skipped; a UTF-8 BOM before the first record is
// allowed. Each record is checked before fn sees it: valid UTF-8 (tested
// on the raw bytes, before JSON decoding could hide bad bytes), no unknown
// fields, the required fields present (id, text; span id, start, end,
// label; relation id, type, from, to), offset_unit "codepoint" when given,
// a span's text equal to the slice it covers when given, document ids used
// once per file, and everything Validate checks. The first problem stops
// the read with a *LineError; an error from fn stops it and is returned as
// is.
func ReadJSONL(name string, r io.Reader, fn func(line int, d *annotate.Document) error) error {
	return readJSONL(name, r, MaxLineBytes, fn)
}

func readJSONL(name string, r io.Reader, maxLine int, fn func(line int, d *annotate.Document) error) error {
	seen := map[uint64]int{}
	return scanRecords(name, r, maxLine, decodeJSONL, func(line int, d *annotate.Document) error {
		if first, ok := seen[d.ID]; ok {
			return lineErr(name, line, "document id %d already used on line %d", d.ID, first)
		}
		seen[d.ID] = line
		return fn(line, d)
	})
}

// scanRecords reads a one-record-a-line format: it skips blank lines,
// decodes each other line into a document with decode, and calls fn with
// it. A line that does not decode stops the read with a *LineError.
func scanRecords(name string, r io.Reader, maxLine int, decode func([]byte) (*annotate.Document, error), fn func(line int, d *annotate.Document) error) error {
	return scanLines(name, r, maxLine, func(line int, b []byte) error {
		if len(bytes.TrimSpace(b)) == 0 {
			return nil
		}
		d, err := decode(b)
		if err != nil {
			return &LineError{File: name, Line: line, Err: err}
		}
		return fn(line, d)
	})
}

// scanLines calls fn with each line of r (without its LF or CRLF), after
// checking it is valid UTF-8 and stripping a BOM from the first line.
func scanLines(name string, r io.Reader, maxLine int, fn func(line int, b []byte) error) error {
	return scanLinesReport(name, r, maxLine, nil, fn)
}

// scanLinesReport is scanLines counting the BOM and CRLF line ends it
// drops in rep, which may be nil.
func scanLinesReport(name string, r io.Reader, maxLine int, rep *ImportReport, fn func(line int, b []byte) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, min(64<<10, maxLine)), maxLine)
	sc.Split(scanLinesKeepCR)
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if line == 1 && bytes.HasPrefix(b, bom) {
			b = b[len(bom):]
			rep.add(func(r *ImportReport) { r.BOMs++ })
		}
		if len(b) > 0 && b[len(b)-1] == '\r' {
			b = b[:len(b)-1]
			rep.add(func(r *ImportReport) { r.CRLF++ })
		}
		if !utf8.Valid(b) {
			return lineErr(name, line, "invalid UTF-8 at byte %d of the line", invalidAt(b))
		}
		if err := fn(line, b); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return lineErr(name, line+1, "line longer than %d bytes", maxLine)
		}
		return &LineError{File: name, Line: line + 1, Err: err}
	}
	return nil
}

// scanLinesKeepCR is bufio.ScanLines without its dropping of a CR before
// the LF, so the caller can count CRLF line ends.
func scanLinesKeepCR(data []byte, atEOF bool) (advance int, token []byte, err error) {
	if atEOF && len(data) == 0 {
		return 0, nil, nil
	}
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		return i + 1, data[:i], nil
	}
	if atEOF {
		return len(data), data, nil
	}
	return 0, nil, nil
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// invalidAt returns the index of the first invalid UTF-8 byte in b.
func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// decodeJSONL decodes and validates one record.
func decodeJSONL(b []byte) (*annotate.Document, error) {
	var in jsonlIn
	if err := decodeStrict(b, &in); err != nil {
		return nil, err
	}
	switch {
	case in.ID == nil:
		return nil, fmt.Errorf("record has no id: %w", ErrFormat)
	case in.Text == nil:
		return nil, fmt.Errorf("record has no text: %w", ErrFormat)
	case in.OffsetUnit != nil && *in.OffsetUnit != OffsetUnit:
		return nil, fmt.Errorf("offset_unit %q: only %q is supported: %w", *in.OffsetUnit, OffsetUnit, ErrFormat)
	}
	d := &annotate.Document{
		ID: *in.ID, Title: in.Title, Text: *in.Text, Status: annotate.StatusNew,
	}
	if len(in.Meta) > 0 {
		d.Meta = in.Meta
	}
	if in.Status != nil {
		d.Status = *in.Status
	}
	if len(in.DocLabels) > 0 {
		d.DocLabels = in.DocLabels
	}
	for i, s := range in.Spans {
		switch {
		case s.ID == nil:
			return nil, fmt.Errorf("span %d of the record has no id: %w", i+1, ErrFormat)
		case s.Start == nil || s.End == nil:
			return nil, fmt.Errorf("span %d: start and end are required: %w", *s.ID, ErrFormat)
		case s.Label == nil:
			return nil, fmt.Errorf("span %d: label is required: %w", *s.ID, ErrFormat)
		}
		for k, v := range s.Attrs {
			if k == "" || v == "" {
				return nil, fmt.Errorf("span %d: attribute %q=%q: empty name or value: %w", *s.ID, k, v, ErrFormat)
			}
		}
		sp := annotate.Span{
			ID: *s.ID, Start: *s.Start, End: *s.End, Label: *s.Label,
			Annotator: s.Annotator, Note: s.Note, Suggested: s.Suggested, Created: s.Created,
		}
		if len(s.Attrs) > 0 {
			sp.Attrs = s.Attrs
		}
		d.Spans = append(d.Spans, sp)
	}
	for i, r := range in.Relations {
		switch {
		case r.ID == nil:
			return nil, fmt.Errorf("relation %d of the record has no id: %w", i+1, ErrFormat)
		case r.Type == nil || r.From == nil || r.To == nil:
			return nil, fmt.Errorf("relation %d: type, from and to are required: %w", *r.ID, ErrFormat)
		}
		d.Relations = append(d.Relations, annotate.Relation{
			ID: *r.ID, Type: *r.Type, From: *r.From, To: *r.To,
			Annotator: r.Annotator, Created: r.Created,
		})
	}
	if err := Validate(d); err != nil {
		return nil, err
	}
	if err := checkSpanTexts(d, in.Spans); err != nil {
		return nil, err
	}
	annotate.SortSpans(d.Spans)
	annotate.SortRelations(d.Relations)
	return d, nil
}

// checkSpanTexts compares each span text given in the record with the
// slice of the document text it claims to cover. Ranges are valid here.
func checkSpanTexts(d *annotate.Document, in []jsonlSpanIn) error {
	var idx runes
	for i, s := range in {
		if s.Text == nil {
			continue
		}
		if idx.byteAt == nil {
			idx.reset(d.Text)
		}
		sp := d.Spans[i]
		if got := idx.slice(sp.Start, sp.End); got != *s.Text {
			return fmt.Errorf("span %d: text %q differs from the document text %q at [%d,%d): %w",
				sp.ID, *s.Text, got, sp.Start, sp.End, ErrFormat)
		}
	}
	return nil
}

// decodeStrict decodes one JSON value from b into v, refusing unknown
// fields, anything after the value, and what CheckJSONText refuses. Numbers in untyped places (meta)
// stay json.Number, so they re-encode exactly as read.
func decodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return jsonErr(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("unexpected data after the JSON value at byte %d: %w", dec.InputOffset(), ErrFormat)
	}
	if at, err := CheckJSONText(b); err != nil {
		return fmt.Errorf("byte %d: %w", at, err)
	}
	return nil
}

// jsonErr turns an encoding/json error into a short reason.
func jsonErr(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Errorf("invalid JSON at byte %d: %v: %w", syn.Offset, syn, ErrFormat)
	case errors.As(err, &typ):
		return fmt.Errorf("field %q: %s where %s is expected: %w", typ.Field, typ.Value, typ.Type, ErrFormat)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("incomplete JSON value: %w", ErrFormat)
	}
	return fmt.Errorf("%v: %w", err, ErrFormat)
}
