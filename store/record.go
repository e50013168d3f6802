package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"alama/annotate"
)

// recordVersion is the version every record this build writes carries in
// its "v" field. A record with another version is an error, not a guess.
const recordVersion = 1

// errRecord marks a stored record that cannot be decoded.
var errRecord = errors.New("bad record")

// docRecord is the docs bucket value: a document without text or spans.
type docRecord struct {
	V         int            `json:"v"`
	Title     string         `json:"title"`
	Meta      map[string]any `json:"meta,omitempty"`
	Status    string         `json:"status"`
	DocLabels []string       `json:"doc_labels,omitempty"`
	Runes     int            `json:"runes"`
	Spans     int            `json:"spans"`
	Relations int            `json:"relations"`
	Hash      string         `json:"hash"` // hex sha256 of the text
	XID       xid            `json:"xid,omitempty"`
}

// listRecord is the part of a docRecord the document list needs; decoding
// into it skips the metadata and the hash.
type listRecord struct {
	V         int    `json:"v"`
	Title     string `json:"title"`
	Status    string `json:"status"`
	Runes     int    `json:"runes"`
	Spans     int    `json:"spans"`
	Relations int    `json:"relations"`
}

// spanRecord is the spans bucket value; the id is in the key.
type spanRecord struct {
	V         int               `json:"v"`
	Start     int               `json:"start"`
	End       int               `json:"end"`
	Label     string            `json:"label"`
	Annotator string            `json:"annotator,omitempty"`
	Attrs     map[string]string `json:"attrs,omitempty"`
	Note      string            `json:"note,omitempty"`
	Suggested bool              `json:"suggested,omitempty"`
	Created   time.Time         `json:"created,omitzero"`
	XID       xid               `json:"xid,omitempty"`
}

// relationRecord is the relations bucket value; the id is in the key.
type relationRecord struct {
	V         int       `json:"v"`
	Type      string    `json:"type"`
	From      uint64    `json:"from"`
	To        uint64    `json:"to"`
	Annotator string    `json:"annotator,omitempty"`
	Created   time.Time `json:"created,omitzero"`
	XID       xid       `json:"xid,omitempty"`
}

// schemaRecord is the stored schema.
type schemaRecord struct {
	V         int             `json:"v"`
	Labels    []labelRecord   `json:"labels"`
	Relations []relTypeRecord `json:"relations"`
	DocLabels []string        `json:"doc_labels,omitempty"`
}

type labelRecord struct {
	Name        string       `json:"name"`
	Color       string       `json:"color"`
	Key         string       `json:"key,omitempty"`
	Description string       `json:"description,omitempty"`
	Attrs       []attrRecord `json:"attrs,omitempty"`
}

type attrRecord struct {
	Name   string   `json:"name"`
	Values []string `json:"values,omitempty"`
}

type relTypeRecord struct {
	Name        string   `json:"name"`
	From        []string `json:"from,omitempty"`
	To          []string `json:"to,omitempty"`
	Description string   `json:"description,omitempty"`
}

// xid is an external id stored as its JSON form: a number as a JSON
// number, a string as a JSON string, so the record reads naturally.
type xid string

// MarshalJSON writes the id's JSON form as it is.
func (x xid) MarshalJSON() ([]byte, error) {
	if x == "" {
		return []byte(`""`), nil
	}
	return []byte(x), nil
}

// UnmarshalJSON keeps the JSON form of a number or a string.
func (x *xid) UnmarshalJSON(b []byte) error {
	if len(b) == 0 || b[0] != '"' && b[0] != '-' && (b[0] < '0' || b[0] > '9') {
		return fmt.Errorf("%w: external id %s is neither a string nor a number", errRecord, b)
	}
	*x = xid(b)
	return nil
}

// key joins two ids into a 16-byte big-endian key.
func key(doc, id uint64) []byte {
	k := make([]byte, 16)
	binary.BigEndian.PutUint64(k, doc)
	binary.BigEndian.PutUint64(k[8:], id)
	return k
}

// idKey is the 8-byte big-endian key of one id.
func idKey(id uint64) []byte { return binary.BigEndian.AppendUint64(nil, id) }

// splitKey undoes key; ok is false for a key of the wrong length.
func splitKey(k []byte) (doc, id uint64, ok bool) {
	if len(k) != 16 {
		return 0, 0, false
	}
	return binary.BigEndian.Uint64(k), binary.BigEndian.Uint64(k[8:]), true
}

// decode unmarshals a record and checks its version. Numbers in untyped
// places (a document's meta) stay json.Number, so they read back exactly
// as imported, however large or precise.
func decode(data []byte, rec any, version *int) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(rec); err != nil {
		return fmt.Errorf("%w: %w", errRecord, err)
	}
	if *version != recordVersion {
		return fmt.Errorf("%w: record version %d, want %d", errRecord, *version, recordVersion)
	}
	return nil
}

func decodeDoc(data []byte) (docRecord, error) {
	var r docRecord
	err := decode(data, &r, &r.V)
	return r, err
}

func decodeSpan(data []byte) (spanRecord, error) {
	var r spanRecord
	err := decode(data, &r, &r.V)
	return r, err
}

func decodeRelation(data []byte) (relationRecord, error) {
	var r relationRecord
	err := decode(data, &r, &r.V)
	return r, err
}

func decodeSchema(data []byte) (*annotate.Schema, error) {
	var r schemaRecord
	if err := decode(data, &r, &r.V); err != nil {
		return nil, err
	}
	return r.schema(), nil
}

func newDocRecord(d *annotate.Document, hash string) docRecord {
	return docRecord{
		V:         recordVersion,
		Title:     d.Title,
		Meta:      d.Meta,
		Status:    string(d.Status),
		DocLabels: d.DocLabels,
		Runes:     annotate.RuneLen(d.Text),
		Spans:     len(d.Spans),
		Relations: len(d.Relations),
		Hash:      hash,
		XID:       xid(d.ExtID),
	}
}

// document turns the record into a document with the given id, without
// its text, spans or relations.
func (r docRecord) document(id uint64) *annotate.Document {
	return &annotate.Document{
		ID:        id,
		Title:     r.Title,
		Meta:      r.Meta,
		Status:    annotate.Status(r.Status),
		DocLabels: r.DocLabels,
		ExtID:     annotate.ExternalID(r.XID),
	}
}

func newSpanRecord(s annotate.Span) spanRecord {
	return spanRecord{
		V:         recordVersion,
		Start:     s.Start,
		End:       s.End,
		Label:     s.Label,
		Annotator: s.Annotator,
		Attrs:     s.Attrs,
		Note:      s.Note,
		Suggested: s.Suggested,
		Created:   s.Created,
		XID:       xid(s.ExtID),
	}
}

func (r spanRecord) span(id uint64) annotate.Span {
	return annotate.Span{
		ID:        id,
		Start:     r.Start,
		End:       r.End,
		Label:     r.Label,
		Annotator: r.Annotator,
		Attrs:     r.Attrs,
		Note:      r.Note,
		Suggested: r.Suggested,
		Created:   r.Created,
		ExtID:     annotate.ExternalID(r.XID),
	}
}

func newRelationRecord(r annotate.Relation) relationRecord {
	return relationRecord{
		V:         recordVersion,
		Type:      r.Type,
		From:      r.From,
		To:        r.To,
		Annotator: r.Annotator,
		Created:   r.Created,
		XID:       xid(r.ExtID),
	}
}

func (r relationRecord) relation(id uint64) annotate.Relation {
	return annotate.Relation{
		ID:        id,
		Type:      r.Type,
		From:      r.From,
		To:        r.To,
		Annotator: r.Annotator,
		Created:   r.Created,
		ExtID:     annotate.ExternalID(r.XID),
	}
}

func newSchemaRecord(s *annotate.Schema) schemaRecord {
	r := schemaRecord{V: recordVersion, DocLabels: s.DocLabels}
	for _, l := range s.Labels {
		lr := labelRecord{Name: l.Name, Color: l.Color, Key: l.Key, Description: l.Description}
		for _, a := range l.Attrs {
			lr.Attrs = append(lr.Attrs, attrRecord{Name: a.Name, Values: a.Values})
		}
		r.Labels = append(r.Labels, lr)
	}
	for _, t := range s.Relations {
		r.Relations = append(r.Relations, relTypeRecord{Name: t.Name, From: t.From, To: t.To, Description: t.Description})
	}
	return r
}

func (r schemaRecord) schema() *annotate.Schema {
	s := &annotate.Schema{DocLabels: r.DocLabels}
	for _, lr := range r.Labels {
		l := annotate.Label{Name: lr.Name, Color: lr.Color, Key: lr.Key, Description: lr.Description}
		for _, a := range lr.Attrs {
			l.Attrs = append(l.Attrs, annotate.Attribute{Name: a.Name, Values: a.Values})
		}
		s.Labels = append(s.Labels, l)
	}
	for _, t := range r.Relations {
		s.Relations = append(s.Relations, annotate.RelationType{Name: t.Name, From: t.From, To: t.To, Description: t.Description})
	}
	return s
}

// encode encodes a record. The records hold only strings, numbers, maps,
// slices and times, and meta values that came from JSON, so an error means
// a caller put something unencodable in Document.Meta.
func encode(rec any) ([]byte, error) {
	b, err := json.Marshal(rec)
	if err != nil {
		return nil, fmt.Errorf("encode record: %w", err)
	}
	return b, nil
}

// encodeDoc encodes a document record and decodes it back, so a record
// that could not be read again (meta that encodes but does not decode) is
// refused before it is stored, naming what is wrong.
func encodeDoc(rec docRecord) ([]byte, error) {
	b, err := encode(rec)
	if err != nil {
		return nil, err
	}
	if _, err := decodeDoc(b); err != nil {
		return nil, fmt.Errorf("the record would not read back: %w", err)
	}
	return b, nil
}

// bigEndian reads an 8-byte id key.
func bigEndian(b []byte) uint64 { return binary.BigEndian.Uint64(b) }

// internStatus returns the shared constant for a known status, so that a
// list of many documents does not hold a copy of it per document.
func internStatus(s []byte) annotate.Status {
	for _, st := range annotate.Statuses {
		if string(st) == string(s) {
			return st
		}
	}
	return annotate.Status(s)
}
