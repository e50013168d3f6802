package format

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/parquet-go/parquet-go"

	"alama/annotate"
)

// Parquet: one row per document with the fields of Alama JSONL; spans and
// relations are nested lists of structs, attrs a map, meta a JSON string,
// created an optional nanosecond UTC timestamp, all in the standard LIST,
// MAP, JSON and TIMESTAMP types that pandas.read_parquet and pyarrow read;
// df.explode("spans") gives one row per span. Written with Snappy
// compression, which every Parquet reader decodes without add-ons, in row
// groups of ParquetRowGroup documents, so memory stays bounded on large
// corpora. Free-text columns (title, text, meta, span text and note) carry
// no min/max statistics: bounds of whole articles would fill the footer
// and help no query.

// ParquetRowGroup is the number of documents per Parquet row group.
const ParquetRowGroup = 256

type parquetDoc struct {
	ID         uint64            `parquet:"id"`
	Title      string            `parquet:"title"`
	Text       string            `parquet:"text"`
	Meta       string            `parquet:"meta,json"`
	Status     string            `parquet:"status"`
	DocLabels  []string          `parquet:"doc_labels,list"`
	Spans      []parquetSpan     `parquet:"spans,list"`
	Relations  []parquetRelation `parquet:"relations,list"`
	OffsetUnit string            `parquet:"offset_unit"`
	// ExtID is the document's own id in its JSON form (a number as written
	// or a quoted string), "" for none; spans and relations have theirs.
	ExtID string `parquet:"ext_id"`
	// Tokens and Sentences are a tokenized source's own tokenization:
	// [start, end) code points, and each sentence's first token.
	Tokens    []parquetToken `parquet:"tokens,list"`
	Sentences []int64        `parquet:"sentences,list"`
}

type parquetToken struct {
	Start int64 `parquet:"start"`
	End   int64 `parquet:"end"`
}

type parquetSpan struct {
	ID        uint64            `parquet:"id"`
	Start     int64             `parquet:"start"`
	End       int64             `parquet:"end"`
	Label     string            `parquet:"label"`
	Text      string            `parquet:"text"`
	Annotator string            `parquet:"annotator"`
	Attrs     map[string]string `parquet:"attrs"`
	Note      string            `parquet:"note"`
	Suggested bool              `parquet:"suggested"`
	Created   *time.Time        `parquet:"created,optional,timestamp(nanosecond:utc)"`
	ExtID     string            `parquet:"ext_id"`
}

type parquetRelation struct {
	ID        uint64     `parquet:"id"`
	Type      string     `parquet:"type"`
	From      uint64     `parquet:"from"`
	To        uint64     `parquet:"to"`
	Annotator string     `parquet:"annotator"`
	Created   *time.Time `parquet:"created,optional,timestamp(nanosecond:utc)"`
	ExtID     string     `parquet:"ext_id"`
}

// parquetFreeText lists the column paths of free text, written without
// statistics.
var parquetFreeText = [][]string{
	{"title"}, {"text"}, {"meta"},
	{"spans", "list", "element", "text"}, {"spans", "list", "element", "note"},
}

type parquetEncoder struct {
	w   *parquet.GenericWriter[parquetDoc]
	idx runes
	row [1]parquetDoc
}

func newParquetEncoder(w io.Writer, _ *annotate.Schema, _ *Options) (encoder, error) {
	opts := []parquet.WriterOption{
		parquet.Compression(&parquet.Snappy),
		parquet.MaxRowsPerRowGroup(ParquetRowGroup),
		parquet.CreatedBy("alama", "", ""),
	}
	for _, path := range parquetFreeText {
		opts = append(opts, parquet.SkipPageBounds(path...), parquet.SkipPageStatistics(path...))
	}
	pw := parquet.NewGenericWriter[parquetDoc](w, opts...)
	return &parquetEncoder{w: pw}, nil
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func (e *parquetEncoder) encode(d *annotate.Document, _ string, rep *Report) error {
	e.idx.reset(d.Text)
	meta := []byte("{}")
	if len(d.Meta) > 0 {
		var err error
		if meta, err = json.Marshal(d.Meta); err != nil {
			return fmt.Errorf("document %d: meta: %w", d.ID, err)
		}
	}
	r := parquetDoc{
		ID: d.ID, Title: d.Title, Text: d.Text, Meta: string(meta), Status: string(d.Status),
		DocLabels: d.DocLabels, OffsetUnit: OffsetUnit,
		Spans: make([]parquetSpan, 0, len(d.Spans)), Relations: make([]parquetRelation, 0, len(d.Relations)),
		ExtID: string(d.ExtID), Tokens: make([]parquetToken, len(d.Tokens)), Sentences: make([]int64, len(d.Sentences)),
	}
	for i, t := range d.Tokens {
		r.Tokens[i] = parquetToken{int64(t.Start), int64(t.End)}
	}
	for i, n := range d.Sentences {
		r.Sentences[i] = int64(n)
	}
	for _, s := range sortedSpans(d.Spans) {
		text, err := e.idx.span(d, s)
		if err != nil {
			return err
		}
		r.Spans = append(r.Spans, parquetSpan{
			ID: s.ID, Start: int64(s.Start), End: int64(s.End), Label: s.Label, Text: text,
			Annotator: s.Annotator, Attrs: s.Attrs, Note: s.Note, Suggested: s.Suggested, Created: timePtr(s.Created),
			ExtID: string(s.ExtID),
		})
	}
	for _, rel := range sortedRelations(d.Relations) {
		r.Relations = append(r.Relations, parquetRelation{
			ID: rel.ID, Type: rel.Type, From: rel.From, To: rel.To, Annotator: rel.Annotator, Created: timePtr(rel.Created),
			ExtID: string(rel.ExtID),
		})
	}
	e.row[0] = r
	if _, err := e.w.Write(e.row[:]); err != nil {
		return fmt.Errorf("document %d: %w", d.ID, err)
	}
	e.row[0] = parquetDoc{}
	rep.Spans += len(d.Spans)
	rep.Relations += len(d.Relations)
	return nil
}

func (e *parquetEncoder) finish() error { return e.w.Close() }

// readParquet reads a Parquet file written by the Parquet export (or any
// file with the same columns), row group by row group. Documents are
// validated like Alama JSONL records; an error names the row (1-based) as
// its line. The Parquet decoder panics on some corrupt files; such a panic
// becomes an error naming the file.
func readParquet(name string, r io.Reader, opts ImportOptions, emit func(*annotate.Document) error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &LineError{File: name, Err: fmt.Errorf("corrupt Parquet data (%v): %w", p, ErrFormat)}
		}
	}()
	ra, size, err := readerAt(r)
	if err != nil {
		return &LineError{File: name, Err: err}
	}
	f, err := parquet.OpenFile(ra, size)
	if err != nil {
		return &LineError{File: name, Err: fmt.Errorf("not a Parquet file: %v: %w", err, ErrFormat)}
	}
	pr := parquet.NewGenericReader[parquetDoc](f)
	defer pr.Close()
	rows := make([]parquetDoc, 64)
	seen := map[uint64]bool{}
	line := 0
	for {
		n, err := pr.Read(rows)
		for i := range n {
			line++
			d, err := parquetDocument(&rows[i], opts)
			if err == nil && seen[d.ID] {
				err = fmt.Errorf("document id %d used twice: %w", d.ID, annotate.ErrDuplicate)
			}
			if err != nil {
				return &LineError{File: name, Line: line, Err: err}
			}
			seen[d.ID] = true
			if err := emit(d); err != nil {
				return err
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return &LineError{File: name, Line: line + 1, Err: fmt.Errorf("%v: %w", err, ErrFormat)}
		}
	}
}

// readerAt gives random access to r: a file as is, anything else read
// into memory.
func readerAt(r io.Reader) (io.ReaderAt, int64, error) {
	if f, ok := r.(*os.File); ok {
		st, err := f.Stat()
		if err != nil {
			return nil, 0, err
		}
		return f, st.Size(), nil
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, 0, err
	}
	return bytes.NewReader(data), int64(len(data)), nil
}

func parquetDocument(r *parquetDoc, opts ImportOptions) (*annotate.Document, error) {
	if r.OffsetUnit != "" && r.OffsetUnit != OffsetUnit {
		return nil, fmt.Errorf("offset_unit %q: only %q is supported: %w", r.OffsetUnit, OffsetUnit, ErrFormat)
	}
	d := &annotate.Document{ID: r.ID, Title: r.Title, Text: r.Text, Status: annotate.Status(r.Status)}
	var err error
	if d.ExtID, err = parquetExtID(r.ExtID); err != nil {
		return nil, fmt.Errorf("ext_id: %w", err)
	}
	for _, t := range r.Tokens {
		d.Tokens = append(d.Tokens, annotate.Token{Start: int(t.Start), End: int(t.End)})
	}
	for _, n := range r.Sentences {
		d.Sentences = append(d.Sentences, int(n))
	}
	if d.Status == "" {
		d.Status = annotate.StatusNew
	}
	if r.Meta != "" {
		if err := decodeLoose([]byte(r.Meta), &d.Meta); err != nil {
			return nil, fmt.Errorf("meta: %w", err)
		}
		if len(d.Meta) == 0 {
			d.Meta = nil
		}
	}
	if len(r.DocLabels) > 0 {
		d.DocLabels = r.DocLabels
	}
	for _, s := range r.Spans {
		sp := annotate.Span{ID: s.ID, Start: int(s.Start), End: int(s.End), Label: s.Label,
			Annotator: s.Annotator, Note: s.Note, Suggested: s.Suggested || opts.Suggested}
		if sp.Annotator == "" {
			sp.Annotator = opts.Annotator
		}
		if len(s.Attrs) > 0 {
			sp.Attrs = s.Attrs
		}
		if s.Created != nil {
			sp.Created = s.Created.UTC()
		}
		if sp.ExtID, err = parquetExtID(s.ExtID); err != nil {
			return nil, fmt.Errorf("span %d: ext_id: %w", s.ID, err)
		}
		d.Spans = append(d.Spans, sp)
	}
	for _, x := range r.Relations {
		rel := annotate.Relation{ID: x.ID, Type: x.Type, From: x.From, To: x.To, Annotator: x.Annotator}
		if rel.Annotator == "" {
			rel.Annotator = opts.Annotator
		}
		if x.Created != nil {
			rel.Created = x.Created.UTC()
		}
		if rel.ExtID, err = parquetExtID(x.ExtID); err != nil {
			return nil, fmt.Errorf("relation %d: ext_id: %w", x.ID, err)
		}
		d.Relations = append(d.Relations, rel)
	}
	if err := Validate(d); err != nil {
		return nil, err
	}
	if d.Tokens != nil {
		if err := d.CheckTokens(); err != nil {
			return nil, err
		}
	}
	var idx runes
	idx.reset(d.Text)
	for i, s := range d.Spans {
		if r.Spans[i].Text != "" && idx.slice(s.Start, s.End) != r.Spans[i].Text {
			return nil, fmt.Errorf("span %d: text %s differs from the document text %s: %w", s.ID, annotate.Quote(r.Spans[i].Text), annotate.Quote(idx.slice(s.Start, s.End)), ErrFormat)
		}
	}
	annotate.SortSpans(d.Spans)
	annotate.SortRelations(d.Relations)
	return d, nil
}

// parquetExtID checks an external id column: "" or a JSON number or string.
func parquetExtID(s string) (annotate.ExternalID, error) {
	if s == "" {
		return "", nil
	}
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return "", fmt.Errorf("%q is not a JSON number or string: %w", s, ErrFormat)
	}
	switch v.(type) {
	case float64, string:
		return annotate.ExternalID(s), nil
	}
	return "", fmt.Errorf("%q is not a JSON number or string: %w", s, ErrFormat)
}
