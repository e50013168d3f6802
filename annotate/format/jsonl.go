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
	b = appendID(appendKey(b, "id", true), d.ID, d.ExtID)
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
		b = appendID(appendKey(append(b, '{'), "id", true), s.ID, s.ExtID)
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
	var spanX map[uint64]annotate.ExternalID
	for _, s := range d.Spans {
		if s.ExtID != "" && len(d.Relations) > 0 {
			if spanX == nil {
				spanX = map[uint64]annotate.ExternalID{}
			}
			spanX[s.ID] = s.ExtID
		}
	}
	for i, r := range sortedRelations(d.Relations) {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendID(appendKey(append(b, '{'), "id", true), r.ID, r.ExtID)
		b = appendStr(b, "type", r.Type)
		b = appendID(appendKey(b, "from", false), r.From, spanX[r.From])
		b = appendID(appendKey(b, "to", false), r.To, spanX[r.To])
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

// appendID appends an id: the external one as it came when there is one,
// else the number.
func appendID(b []byte, id uint64, x annotate.ExternalID) []byte {
	if x != "" {
		return append(b, x...)
	}
	return strconv.AppendUint(b, id, 10)
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
	ID         json.RawMessage  `json:"id"`
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
	ID        json.RawMessage   `json:"id"`
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
	ID        json.RawMessage `json:"id"`
	Type      *string         `json:"type"`
	From      json.RawMessage `json:"from"`
	To        json.RawMessage `json:"to"`
	Annotator string          `json:"annotator"`
	Created   time.Time       `json:"created"`
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
	seen := map[annotate.ExternalID]int{}
	return scanRecords(name, r, maxLine, decodeJSONL, func(line int, d *annotate.Document) error {
		if d.ExtID != "" {
			if first, ok := seen[d.ExtID]; ok {
				return lineErr(name, line, "document id %s already used on line %d", d.ExtID, first)
			}
			seen[d.ExtID] = line
		}
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

// decodeJSONL decodes and validates one record. Ids may be numbers or
// strings: the document's is kept as its ExtID (and, when it is a positive
// integer, as its ID too); a span or relation id that is a positive
// integer is its ID, any other is kept as its ExtID and the item gets a
// free ID; items without an id get one too.
func decodeJSONL(b []byte) (*annotate.Document, error) {
	var in jsonlIn
	if err := decodeStrict(b, &in); err != nil {
		return nil, err
	}
	switch {
	case in.Text == nil:
		return nil, fmt.Errorf("record has no text: %w", ErrFormat)
	case in.OffsetUnit != nil && *in.OffsetUnit != OffsetUnit:
		return nil, fmt.Errorf("offset_unit %q: only %q is supported: %w", *in.OffsetUnit, OffsetUnit, ErrFormat)
	}
	docID, docX, err := readID(in.ID)
	if err != nil {
		return nil, fmt.Errorf("document id: %w", err)
	}
	d := &annotate.Document{
		ID: docID, ExtID: docX, Title: in.Title, Text: *in.Text, Status: annotate.StatusNew,
	}
	if docID != 0 {
		d.ExtID = annotate.ExternalID(strconv.FormatUint(docID, 10))
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
	ids := localIDs{byExt: map[annotate.ExternalID]uint64{}}
	spanIDs := make([]uint64, len(in.Spans))
	spanX := make([]annotate.ExternalID, len(in.Spans))
	for i, s := range in.Spans {
		if spanIDs[i], spanX[i], err = readID(s.ID); err != nil {
			return nil, fmt.Errorf("span %d of the record: id: %w", i+1, err)
		}
		ids.reserve(spanIDs[i])
	}
	relIDs := make([]uint64, len(in.Relations))
	relX := make([]annotate.ExternalID, len(in.Relations))
	for i, r := range in.Relations {
		if relIDs[i], relX[i], err = readID(r.ID); err != nil {
			return nil, fmt.Errorf("relation %d of the record: id: %w", i+1, err)
		}
		ids.reserve(relIDs[i])
	}
	for i, s := range in.Spans {
		id, err := ids.give(spanIDs[i], spanX[i])
		if err != nil {
			return nil, fmt.Errorf("span %d of the record: %w", i+1, err)
		}
		name := spanName(id, spanX[i])
		switch {
		case s.Start == nil || s.End == nil:
			return nil, fmt.Errorf("span %s: start and end are required: %w", name, ErrFormat)
		case s.Label == nil:
			return nil, fmt.Errorf("span %s: label is required: %w", name, ErrFormat)
		}
		for k, v := range s.Attrs {
			if k == "" || v == "" {
				return nil, fmt.Errorf("span %s: attribute %q=%q: empty name or value: %w", name, k, v, ErrFormat)
			}
		}
		sp := annotate.Span{
			ID: id, ExtID: spanX[i], Start: *s.Start, End: *s.End, Label: *s.Label,
			Annotator: s.Annotator, Note: s.Note, Suggested: s.Suggested, Created: s.Created,
		}
		if len(s.Attrs) > 0 {
			sp.Attrs = s.Attrs
		}
		d.Spans = append(d.Spans, sp)
	}
	spanOf := ids.byExt
	ids.byExt = map[annotate.ExternalID]uint64{} // relation ids are checked apart
	for i, r := range in.Relations {
		id, err := ids.give(relIDs[i], relX[i])
		if err != nil {
			return nil, fmt.Errorf("relation %d of the record: %w", i+1, err)
		}
		name := spanName(id, relX[i])
		if r.Type == nil || r.From == nil || r.To == nil {
			return nil, fmt.Errorf("relation %s: type, from and to are required: %w", name, ErrFormat)
		}
		var ends [2]uint64
		for k, raw := range []json.RawMessage{r.From, r.To} {
			key, err := refKey(raw)
			if err != nil {
				return nil, fmt.Errorf("relation %s: %s: %w", name, [2]string{"from", "to"}[k], err)
			}
			sid, ok := spanOf[key]
			if !ok {
				return nil, fmt.Errorf("relation %s: span %s is not in the record: %w", name, key, annotate.ErrNotFound)
			}
			ends[k] = sid
		}
		d.Relations = append(d.Relations, annotate.Relation{
			ID: id, ExtID: relX[i], Type: *r.Type, From: ends[0], To: ends[1],
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

// readID reads an id given as a number or a string. A positive integer is
// returned as id; any other number, and any string, as x, its JSON form
// (a number as written, a string re-encoded). A missing or null id gives
// neither.
func readID(raw json.RawMessage) (id uint64, x annotate.ExternalID, err error) {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0 || string(raw) == "null":
		return 0, "", nil
	case raw[0] == '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return 0, "", jsonErr(err)
		}
		if s == "" {
			return 0, "", fmt.Errorf("empty string: %w", ErrFormat)
		}
		return 0, annotate.StringID(s), nil
	case raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9':
		if n, err := strconv.ParseUint(string(raw), 10, 64); err == nil && n > 0 {
			return n, "", nil
		}
		var num json.Number
		if err := json.Unmarshal(raw, &num); err != nil {
			return 0, "", jsonErr(err)
		}
		return 0, annotate.ExternalID(raw), nil
	}
	return 0, "", fmt.Errorf("%s is neither a number nor a string: %w", raw, ErrFormat)
}

// refKey is the key a relation's from or to finds its span by: the JSON
// form of the id it names.
func refKey(raw json.RawMessage) (annotate.ExternalID, error) {
	id, x, err := readID(raw)
	switch {
	case err != nil:
		return "", err
	case id != 0:
		return annotate.ExternalID(strconv.FormatUint(id, 10)), nil
	case x == "":
		return "", fmt.Errorf("no span id: %w", ErrFormat)
	}
	return x, nil
}

// spanName names a span or relation in an error by the id the file gave.
func spanName(id uint64, x annotate.ExternalID) string {
	if x != "" {
		return string(x)
	}
	return strconv.FormatUint(id, 10)
}

// localIDs hands out the ids of one record's spans or relations: integer
// ids the file gave are kept, the others get free ones above them.
type localIDs struct {
	taken map[uint64]bool
	next  uint64
	byExt map[annotate.ExternalID]uint64 // the JSON form of each id given
}

// reserve marks an integer id the file gave as taken.
func (l *localIDs) reserve(id uint64) {
	if id == 0 {
		return
	}
	if l.taken == nil {
		l.taken = map[uint64]bool{}
	}
	l.taken[id] = true
}

// give returns the id of an item: id itself when the file gave one, or a
// free one; x, the item's other id, is recorded and must be new.
func (l *localIDs) give(id uint64, x annotate.ExternalID) (uint64, error) {
	key := x
	if id != 0 {
		key = annotate.ExternalID(strconv.FormatUint(id, 10))
	}
	if key != "" {
		if _, dup := l.byExt[key]; dup {
			return 0, fmt.Errorf("id %s used twice: %w", key, annotate.ErrDuplicate)
		}
	}
	if id == 0 {
		for l.next++; l.taken[l.next]; l.next++ {
		}
		id = l.next
	}
	if key != "" {
		l.byExt[key] = id
	}
	return id, nil
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
			return fmt.Errorf("span %d: text %s differs from the document text %s at [%d,%d): %w",
				sp.ID, annotate.Quote(*s.Text), annotate.Quote(got), sp.Start, sp.End, ErrFormat)
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
