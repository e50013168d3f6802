package format

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"alama/annotate"
)

// doccano JSONL. The plain shape is {"id", "text", "label": [[start, end,
// "LABEL"], ...]}; with Options.Relations it is {"id", "text", "entities":
// [{"id", "label", "start_offset", "end_offset"}], "relations": [{"id",
// "from_id", "to_id", "type"}]}. doccano has no attributes, notes,
// annotators or suggestion marks; the plain shape has no relations.

type doccanoRel struct {
	ID        uint64            `json:"id"`
	Text      string            `json:"text"`
	Entities  []doccanoEntity   `json:"entities"`
	Relations []doccanoRelation `json:"relations"`
}

type doccanoEntity struct {
	ID          uint64 `json:"id"`
	Label       string `json:"label"`
	StartOffset int    `json:"start_offset"`
	EndOffset   int    `json:"end_offset"`
}

type doccanoRelation struct {
	ID     uint64 `json:"id"`
	FromID uint64 `json:"from_id"`
	ToID   uint64 `json:"to_id"`
	Type   string `json:"type"`
}

type doccanoEncoder struct {
	w         io.Writer
	enc       *json.Encoder
	relations bool
	idx       runes
	buf       []byte
}

func newDoccanoEncoder(w io.Writer, _ *annotate.Schema, o *Options) (encoder, error) {
	return &doccanoEncoder{w: w, enc: newEncoder(w), relations: o.Relations}, nil
}

// newEncoder returns a JSON encoder that leaves <, > and & as they are.
func newEncoder(w io.Writer) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc
}

// countLosses adds the attributes and notes of d's spans to the report: for
// formats that hold neither.
func countLosses(d *annotate.Document, rep *Report) {
	for _, s := range d.Spans {
		rep.AttrsDropped += len(s.Attrs)
		if s.Note != "" {
			rep.NotesDropped++
		}
	}
}

func (e *doccanoEncoder) encode(d *annotate.Document, _ string, rep *Report) error {
	e.idx.reset(d.Text)
	spans := sortedSpans(d.Spans)
	for _, s := range spans {
		if _, err := e.idx.span(d, s); err != nil {
			return err
		}
	}
	countLosses(d, rep)
	rep.Spans += len(spans)
	if !e.relations {
		b := append(e.buf[:0], '{')
		b = strconv.AppendUint(appendKey(b, "id", true), d.ID, 10)
		b = appendStr(b, "text", d.Text)
		b = appendTriples(appendKey(b, "label", false), spans)
		e.buf = append(b, '}', '\n')
		rep.RelationsDropped += len(d.Relations)
		_, err := e.w.Write(e.buf)
		return err
	}
	rec := doccanoRel{ID: d.ID, Text: d.Text, Entities: make([]doccanoEntity, len(spans)), Relations: []doccanoRelation{}}
	for i, s := range spans {
		rec.Entities[i] = doccanoEntity{ID: s.ID, Label: s.Label, StartOffset: s.Start, EndOffset: s.End}
	}
	for _, r := range sortedRelations(d.Relations) {
		rec.Relations = append(rec.Relations, doccanoRelation{ID: r.ID, FromID: r.From, ToID: r.To, Type: r.Type})
	}
	rep.Relations += len(d.Relations)
	return e.enc.Encode(rec)
}

func (e *doccanoEncoder) finish() error { return nil }

// readDoccano reads doccano JSONL of either shape. Spans may be [start,
// end, "LABEL"] lists or objects with start_offset, end_offset and label,
// under "label", "labels" or "entities"; a "label" list of plain strings is
// document labels. Keys other than id, text, label(s), entities and
// relations are kept in the document's Meta, as doccano keeps them.
func readDoccano(name string, r io.Reader, opts ImportOptions, emit func(*annotate.Document) error) error {
	decode := func(b []byte) (*annotate.Document, error) { return decodeDoccano(b, opts) }
	return scanRecords(name, r, MaxLineBytes, decode, func(_ int, d *annotate.Document) error { return emit(d) })
}

func decodeDoccano(b []byte, opts ImportOptions) (*annotate.Document, error) {
	var rec map[string]json.RawMessage
	if err := decodeStrict(b, &rec); err != nil {
		return nil, err
	}
	if rec == nil {
		return nil, fmt.Errorf("record is not a JSON object: %w", ErrFormat)
	}
	raw, ok := rec["text"]
	if !ok {
		return nil, fmt.Errorf("record has no text: %w", ErrFormat)
	}
	d := &annotate.Document{Status: annotate.StatusNew}
	if err := json.Unmarshal(raw, &d.Text); err != nil {
		return nil, fmt.Errorf("text: %w", jsonErr(err))
	}
	if err := annotate.CheckText(d.Text); err != nil {
		return nil, fmt.Errorf("text: %w", err)
	}
	b2 := newSpanBuilder(d, opts)
	entityIDs := map[string]uint64{}
	for _, key := range []string{"label", "labels", "entities"} {
		raw, ok := rec[key]
		if !ok {
			continue
		}
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return nil, fmt.Errorf("%s: %w", key, jsonErr(err))
		}
		for i, it := range items {
			it = bytes.TrimSpace(it)
			var err error
			switch {
			case len(it) > 0 && it[0] == '"' && key != "entities":
				var l string
				err = json.Unmarshal(it, &l)
				d.DocLabels = append(d.DocLabels, l)
			case len(it) > 0 && it[0] == '[':
				err = b2.addTriple(it)
			case len(it) > 0 && it[0] == '{':
				var e struct {
					ID          json.RawMessage `json:"id"`
					Label       *string         `json:"label"`
					StartOffset *int            `json:"start_offset"`
					EndOffset   *int            `json:"end_offset"`
				}
				if err = decodeLoose(it, &e); err == nil {
					if e.Label == nil || e.StartOffset == nil || e.EndOffset == nil {
						err = fmt.Errorf("needs label, start_offset and end_offset: %w", ErrFormat)
					} else {
						var id uint64
						id, err = b2.add(*e.StartOffset, *e.EndOffset, *e.Label)
						if len(e.ID) > 0 {
							entityIDs[string(e.ID)] = id
						}
					}
				}
			default:
				err = fmt.Errorf("want [start, end, label] or an object: %w", ErrFormat)
			}
			if err != nil {
				return nil, fmt.Errorf("%s item %d: %w", key, i+1, err)
			}
		}
	}
	if raw, ok := rec["relations"]; ok {
		var rels []struct {
			FromID json.RawMessage `json:"from_id"`
			ToID   json.RawMessage `json:"to_id"`
			Type   *string         `json:"type"`
		}
		if err := decodeLoose(raw, &rels); err != nil {
			return nil, fmt.Errorf("relations: %w", err)
		}
		for i, r := range rels {
			from, ok1 := entityIDs[string(r.FromID)]
			to, ok2 := entityIDs[string(r.ToID)]
			if r.Type == nil || !ok1 || !ok2 {
				return nil, fmt.Errorf("relations item %d: needs a type and from_id, to_id naming entities of the record: %w", i+1, ErrFormat)
			}
			b2.relate(from, to, *r.Type)
		}
	}
	for k, v := range rec {
		switch k {
		case "text", "label", "labels", "entities", "relations":
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
	return b2.done()
}

// decodeLoose decodes JSON into v, numbers kept as json.Number.
func decodeLoose(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return jsonErr(err)
	}
	return nil
}

// spanBuilder collects the spans and relations of an imported document,
// numbering them from 1 and checking ranges as they come.
type spanBuilder struct {
	d    *annotate.Document
	opts ImportOptions
	off  *bounds
	next uint64
}

func newSpanBuilder(d *annotate.Document, opts ImportOptions) *spanBuilder {
	return &spanBuilder{d: d, opts: opts}
}

// addTriple adds a span given as the JSON list [start, end, "LABEL"].
func (b *spanBuilder) addTriple(raw []byte) error {
	var t []json.RawMessage
	if err := json.Unmarshal(raw, &t); err != nil {
		return jsonErr(err)
	}
	var s, e int
	var l string
	if len(t) != 3 || json.Unmarshal(t[0], &s) != nil || json.Unmarshal(t[1], &e) != nil || json.Unmarshal(t[2], &l) != nil {
		return fmt.Errorf("want [start, end, \"LABEL\"], got %s: %w", raw, ErrFormat)
	}
	_, err := b.add(s, e, l)
	return err
}

// add adds the span [start, end) labelled label and returns its id.
func (b *spanBuilder) add(start, end int, label string) (uint64, error) {
	if b.off == nil {
		b.off = newBounds(b.d.Text)
	}
	if err := checkRange(b.off, start, end); err != nil {
		return 0, err
	}
	if label == "" {
		return 0, fmt.Errorf("[%d,%d): empty label: %w", start, end, ErrFormat)
	}
	b.next++
	b.d.Spans = append(b.d.Spans, annotate.Span{
		ID: b.next, Start: start, End: end, Label: label,
		Annotator: b.opts.Annotator, Suggested: b.opts.Suggested,
	})
	return b.next, nil
}

// relate adds a relation between two added spans.
func (b *spanBuilder) relate(from, to uint64, typ string) {
	b.next++
	b.d.Relations = append(b.d.Relations, annotate.Relation{ID: b.next, Type: typ, From: from, To: to, Annotator: b.opts.Annotator})
}

// done sorts and validates the document.
func (b *spanBuilder) done() (*annotate.Document, error) {
	annotate.SortSpans(b.d.Spans)
	if err := Validate(b.d); err != nil {
		return nil, err
	}
	return b.d, nil
}
