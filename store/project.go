package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"iter"
	"maps"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"alama/annotate"
)

// allPageSize is how many documents All reads per read transaction.
const allPageSize = 64

// Schema returns a copy of the project's annotation schema.
func (p *Project) Schema() (*annotate.Schema, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return copySchema(p.schema)
}

func copySchema(s *annotate.Schema) (*annotate.Schema, error) {
	b, err := encode(newSchemaRecord(s))
	if err != nil {
		return nil, err
	}
	return decodeSchema(b)
}

// SetSchema replaces the schema after checking it is valid and that every
// label, attribute value, relation type and document label in use stays
// defined, and every relation stays allowed.
func (p *Project) SetSchema(s *annotate.Schema) error {
	if err := s.Validate(); err != nil {
		return fmt.Errorf("set schema: %w", err)
	}
	s, err := copySchema(s)
	if err != nil {
		return fmt.Errorf("set schema: %w", err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	err = p.update(func(tx *bolt.Tx) error {
		if err := checkUses(tx, s); err != nil {
			return err
		}
		return putSchema(tx, s)
	})
	if err != nil {
		return fmt.Errorf("set schema: %w", err)
	}
	p.schema = s
	return nil
}

// checkUses reports the first stored annotation the schema s would not allow.
func checkUses(tx *bolt.Tx, s *annotate.Schema) error {
	err := tx.Bucket(bucketDocs).ForEach(func(k, v []byte) error {
		rec, err := decodeDoc(v)
		if err != nil {
			return fmt.Errorf("document %d: %w", binary.BigEndian.Uint64(k), err)
		}
		for _, l := range rec.DocLabels {
			if !slices.Contains(s.DocLabels, l) {
				return fmt.Errorf("document %d has document label %q: %w", binary.BigEndian.Uint64(k), l, annotate.ErrUnknownLabel)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// Spans and relations are both keyed docID‖id, so one pass over each,
	// a document at a time, knows every relation's span labels.
	labels := map[uint64]string{}
	var labelsDoc uint64
	rels := tx.Bucket(bucketRelations).Cursor()
	rk, rv := rels.First()
	checkRelations := func(upTo uint64, last bool) error {
		for ; rk != nil; rk, rv = rels.Next() {
			doc, id, ok := splitKey(rk)
			if !ok {
				return fmt.Errorf("relation key %x: %w", rk, errRecord)
			}
			if !last && doc > upTo {
				return nil
			}
			r, err := decodeRelation(rv)
			if err != nil {
				return fmt.Errorf("document %d: relation %d: %w", doc, id, err)
			}
			label := func(span uint64) string {
				if doc != labelsDoc {
					return "" // a document with no spans
				}
				return labels[span]
			}
			if err := relationAllowed(s, r, label(r.From), label(r.To)); err != nil {
				return fmt.Errorf("document %d: relation %d: %w", doc, id, err)
			}
		}
		return nil
	}
	spans := tx.Bucket(bucketSpans).Cursor()
	for k, v := spans.First(); k != nil; k, v = spans.Next() {
		doc, id, ok := splitKey(k)
		if !ok {
			return fmt.Errorf("span key %x: %w", k, errRecord)
		}
		if doc != labelsDoc {
			if err := checkRelations(labelsDoc, false); err != nil {
				return err
			}
			clear(labels)
			labelsDoc = doc
		}
		sp, err := decodeSpan(v)
		if err != nil {
			return fmt.Errorf("document %d: span %d: %w", doc, id, err)
		}
		if err := spanAllowed(s, sp.Label, sp.Attrs); err != nil {
			return fmt.Errorf("document %d: span %d: %w", doc, id, err)
		}
		labels[id] = sp.Label
	}
	return checkRelations(labelsDoc, true)
}

// spanAllowed checks a span's label and attributes against s.
func spanAllowed(s *annotate.Schema, label string, attrs map[string]string) error {
	l, ok := s.Label(label)
	if !ok {
		return fmt.Errorf("label %q is in use: %w", label, annotate.ErrUnknownLabel)
	}
	for name, v := range attrs {
		a, ok := l.Attr(name)
		if !ok {
			return fmt.Errorf("attribute %q of label %q is in use: %w", name, label, annotate.ErrNotAllowed)
		}
		if !a.Allows(v) {
			return fmt.Errorf("value %q of attribute %q is in use: %w", v, name, annotate.ErrNotAllowed)
		}
	}
	return nil
}

// relationAllowed checks a relation's type and the labels it links.
func relationAllowed(s *annotate.Schema, r relationRecord, from, to string) error {
	t, ok := s.RelationType(r.Type)
	if !ok {
		return fmt.Errorf("relation type %q is in use: %w", r.Type, annotate.ErrUnknownLabel)
	}
	if !t.Allows(from, to) {
		return fmt.Errorf("%s links %s → %s: %w", r.Type, from, to, annotate.ErrNotAllowed)
	}
	return nil
}

// Documents lists the documents in id order, without their texts. The list
// of a large project is read with few allocations: from the list bucket
// (or, in a file older than it, the fields of the document records a list
// needs), with statuses shared constants and the titles slices of one
// string. A list entry that cannot be read is taken from its document
// record instead; a document neither can give is left out, and the others
// are returned with an error joining one *annotate.UnreadableError each.
func (p *Project) Documents() ([]annotate.DocInfo, error) {
	var (
		out    []annotate.DocInfo
		titles []byte
		ends   []int
		bad    []error
	)
	err := p.sweep(func(tx *bolt.Tx, read func()) error {
		b, view := tx.Bucket(bucketList), viewListEntry
		if b == nil {
			b, view = tx.Bucket(bucketDocs), viewDocRecord
		}
		// The docs bucket's sequence is the largest id given: room for
		// every document, unless many were deleted.
		n := min(tx.Bucket(bucketDocs).Sequence(), 1<<24)
		out = make([]annotate.DocInfo, 0, n)
		ends = make([]int, 0, n)
		return b.ForEach(func(k, v []byte) error {
			defer read()
			if len(k) != 8 {
				return fmt.Errorf("document key %x: %w", k, errRecord)
			}
			id := binary.BigEndian.Uint64(k)
			e, err := view(v)
			if err != nil && b != tx.Bucket(bucketDocs) {
				e, err = viewDocRecord(tx.Bucket(bucketDocs).Get(k))
			}
			if err != nil {
				bad = append(bad, &annotate.UnreadableError{ID: id, Err: fmt.Errorf("document %d: %w", id, err)})
				return nil
			}
			titles = append(titles, e.title...)
			ends = append(ends, len(titles))
			out = append(out, annotate.DocInfo{
				ID:        id,
				Status:    internStatus(e.status),
				Runes:     e.runes,
				Spans:     e.spans,
				Relations: e.relations,
			})
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	all, start := string(titles), 0
	for i, end := range ends {
		out[i].Title = all[start:end]
		start = end
	}
	if bad != nil {
		return out, fmt.Errorf("list documents: %w", errors.Join(bad...))
	}
	return out, nil
}

// Document loads one document with its spans and relations.
func (p *Project) Document(id uint64) (*annotate.Document, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cache != nil && p.cache.ID == id {
		return p.cache.Clone(), nil
	}
	var d *annotate.Document
	err := p.view(func(tx *bolt.Tx) error {
		var err error
		d, err = loadDocument(tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	p.cache = d
	return d.Clone(), nil
}

// All yields every document in id order, one at a time. It reads a few
// documents per read transaction and holds none while yielding, so the
// caller may edit the project inside the loop. A document that cannot be
// read is yielded as an *annotate.UnreadableError naming it, and the
// documents after it follow, for a caller that goes on.
func (p *Project) All() iter.Seq2[*annotate.Document, error] {
	type loaded struct {
		id  uint64
		d   *annotate.Document
		err error
	}
	return func(yield func(*annotate.Document, error) bool) {
		var next uint64
		for {
			page := make([]loaded, 0, allPageSize)
			err := p.sweep(func(tx *bolt.Tx, _ func()) error {
				c := tx.Bucket(bucketDocs).Cursor()
				for k, _ := c.Seek(idKey(next)); k != nil && len(page) < allPageSize; k, _ = c.Next() {
					if len(k) != 8 {
						return fmt.Errorf("document key %x: %w", k, errRecord)
					}
					id := binary.BigEndian.Uint64(k)
					d, err := loadDocument(tx, id)
					if err != nil {
						err = &annotate.UnreadableError{ID: id, Err: err}
					}
					page = append(page, loaded{id, d, err})
				}
				return nil
			})
			if err != nil {
				yield(nil, err)
				return
			}
			for _, l := range page {
				if !yield(l.d, l.err) {
					return
				}
			}
			if len(page) < allPageSize || page[len(page)-1].id == ^uint64(0) {
				return
			}
			next = page[len(page)-1].id + 1
		}
	}
}

// loadDocument reads document id with its text, spans and relations.
func loadDocument(tx *bolt.Tx, id uint64) (*annotate.Document, error) {
	raw := tx.Bucket(bucketDocs).Get(idKey(id))
	if raw == nil {
		return nil, fmt.Errorf("document %d: %w", id, annotate.ErrNotFound)
	}
	rec, err := decodeDoc(raw)
	if err != nil {
		return nil, fmt.Errorf("document %d: %w", id, err)
	}
	d := rec.document(id)
	text := tx.Bucket(bucketTexts).Get(idKey(id))
	if text == nil {
		return nil, fmt.Errorf("document %d: no text: %w", id, ErrDamaged)
	}
	d.Text = string(text)
	if err := loadTokens(tx, id, d); err != nil {
		return nil, err
	}
	d.Spans = make([]annotate.Span, 0, rec.Spans)
	err = scan(tx.Bucket(bucketSpans), id, func(sid uint64, v []byte) error {
		r, err := decodeSpan(v)
		if err != nil {
			return fmt.Errorf("document %d: span %d: %w", id, sid, err)
		}
		d.Spans = append(d.Spans, r.span(sid))
		return nil
	})
	if err != nil {
		return nil, err
	}
	annotate.SortSpans(d.Spans)
	d.Relations = make([]annotate.Relation, 0, rec.Relations)
	err = scan(tx.Bucket(bucketRelations), id, func(rid uint64, v []byte) error {
		r, err := decodeRelation(v)
		if err != nil {
			return fmt.Errorf("document %d: relation %d: %w", id, rid, err)
		}
		d.Relations = append(d.Relations, r.relation(rid))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// scan calls fn for every docID‖id key of b with the given document id, in
// id order.
func scan(b *bolt.Bucket, doc uint64, fn func(id uint64, v []byte) error) error {
	prefix := idKey(doc)
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		_, id, ok := splitKey(k)
		if !ok {
			return fmt.Errorf("document %d: key %x: %w", doc, k, errRecord)
		}
		if err := fn(id, v); err != nil {
			return err
		}
	}
	return nil
}

// Apply commits an edit to a document in one transaction, with its undo
// record, and returns the document as it now is. Zero span and relation
// ids are filled from the project's id sequence, zero creation times with
// the clock. The document's redo stack is cleared.
func (p *Project) Apply(docID uint64, e annotate.Edit) (*annotate.Document, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out *annotate.Document
	err := p.update(func(tx *bolt.Tx) error {
		var err error
		out, err = p.applyTx(tx, docID, e)
		return err
	})
	if err != nil {
		p.cache = nil
		return nil, err
	}
	p.cache = out
	return out.Clone(), nil
}

// applyTx applies e to document docID in tx with its undo record, clears
// the document's redo stack, and returns the document as it now is.
func (p *Project) applyTx(tx *bolt.Tx, docID uint64, e annotate.Edit) (*annotate.Document, error) {
	d, err := p.current(tx, docID)
	if err != nil {
		return nil, err
	}
	// Ids the caller chose first raise the sequence, so no filled-in id
	// meets them.
	spans := tx.Bucket(bucketSpans)
	if err := raiseSequence(spans, maxEditID(e)); err != nil {
		return nil, err
	}
	e, err = annotate.WithIDs(e, spans.NextSequence)
	if err != nil {
		return nil, err
	}
	now := p.now()
	e = stamp(e, now)
	c := d.Clone()
	inv, err := e.Apply(c, p.schema)
	if err != nil {
		return nil, fmt.Errorf("document %d: %w", docID, err)
	}
	if err := writeChanges(tx, d, c); err != nil {
		return nil, err
	}
	h := tx.Bucket(bucketHistory)
	if err := push(h.Bucket(bucketUndo), docID, inv, now); err != nil {
		return nil, err
	}
	if err := dropAll(h.Bucket(bucketRedo), docID); err != nil {
		return nil, err
	}
	return c, nil
}

// Undo reverts the document's latest edit; ok is false if there is none.
func (p *Project) Undo(docID uint64) (*annotate.Document, bool, error) {
	return p.step(docID, bucketUndo, bucketRedo)
}

// Redo applies again the latest undone edit; ok is false if there is none.
func (p *Project) Redo(docID uint64) (*annotate.Document, bool, error) {
	return p.step(docID, bucketRedo, bucketUndo)
}

// step pops the latest edit of the document's from stack, applies it, and
// pushes the edit that reverts it on the to stack.
func (p *Project) step(docID uint64, from, to []byte) (*annotate.Document, bool, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out *annotate.Document
	ok := false
	err := p.update(func(tx *bolt.Tx) error {
		d, err := p.current(tx, docID)
		if err != nil {
			return err
		}
		out = d
		h := tx.Bucket(bucketHistory)
		src := h.Bucket(from)
		k, v := last(src, docID)
		if k == nil {
			return nil
		}
		e, err := decodeHistory(v)
		if err != nil {
			return fmt.Errorf("document %d: %s history: %w", docID, from, err)
		}
		c := d.Clone()
		inv, err := e.Apply(c, p.schema)
		if err != nil {
			return fmt.Errorf("document %d: %s: %w", docID, from, err)
		}
		if err := src.Delete(k); err != nil {
			return err
		}
		if err := writeChanges(tx, d, c); err != nil {
			return err
		}
		if err := push(h.Bucket(to), docID, inv, p.now()); err != nil {
			return err
		}
		out, ok = c, true
		return nil
	})
	if err != nil {
		p.cache = nil
		return nil, false, err
	}
	p.cache = out
	return out.Clone(), ok, nil
}

// current returns the stored state of document id, from the cache or the
// transaction. The caller must hold p.mu and must not change the result.
func (p *Project) current(tx *bolt.Tx, id uint64) (*annotate.Document, error) {
	if p.cache != nil && p.cache.ID == id {
		return p.cache, nil
	}
	return loadDocument(tx, id)
}

// writeChanges writes what differs between the stored document old and
// its edited copy d: changed spans and relations, and the document record.
func writeChanges(tx *bolt.Tx, old, d *annotate.Document) error {
	spans := tx.Bucket(bucketSpans)
	before := make(map[uint64]int, len(old.Spans))
	for i, s := range old.Spans {
		before[s.ID] = i
	}
	for _, s := range d.Spans {
		i, found := before[s.ID]
		delete(before, s.ID)
		if found && sameSpan(old.Spans[i], s) {
			continue
		}
		b, err := encode(newSpanRecord(s))
		if err != nil {
			return err
		}
		if err := spans.Put(key(d.ID, s.ID), b); err != nil {
			return err
		}
	}
	for id := range before {
		if err := spans.Delete(key(d.ID, id)); err != nil {
			return err
		}
	}
	rels := tx.Bucket(bucketRelations)
	beforeRel := make(map[uint64]annotate.Relation, len(old.Relations))
	for _, r := range old.Relations {
		beforeRel[r.ID] = r
	}
	for _, r := range d.Relations {
		o, found := beforeRel[r.ID]
		delete(beforeRel, r.ID)
		if found && o.Type == r.Type && o.From == r.From && o.To == r.To && o.Annotator == r.Annotator && o.Created.Equal(r.Created) && o.ExtID == r.ExtID {
			continue
		}
		b, err := encode(newRelationRecord(r))
		if err != nil {
			return err
		}
		if err := rels.Put(key(d.ID, r.ID), b); err != nil {
			return err
		}
	}
	for id := range beforeRel {
		if err := rels.Delete(key(d.ID, id)); err != nil {
			return err
		}
	}
	if old.Status == d.Status && slices.Equal(old.DocLabels, d.DocLabels) &&
		len(old.Spans) == len(d.Spans) && len(old.Relations) == len(d.Relations) {
		return nil
	}
	docs := tx.Bucket(bucketDocs)
	raw := docs.Get(idKey(d.ID))
	if raw == nil {
		return fmt.Errorf("document %d: %w", d.ID, annotate.ErrNotFound)
	}
	rec, err := decodeDoc(raw)
	if err != nil {
		return fmt.Errorf("document %d: %w", d.ID, err)
	}
	rec.Status = string(d.Status)
	rec.DocLabels = d.DocLabels
	rec.Spans = len(d.Spans)
	rec.Relations = len(d.Relations)
	b, err := encodeDoc(rec)
	if err != nil {
		return fmt.Errorf("document %d: %w", d.ID, err)
	}
	if err := docs.Put(idKey(d.ID), b); err != nil {
		return err
	}
	return putListEntry(tx, d.ID, rec)
}

func sameSpan(a, b annotate.Span) bool {
	return a.Start == b.Start && a.End == b.End && a.Label == b.Label &&
		a.Annotator == b.Annotator && a.Note == b.Note && a.Suggested == b.Suggested &&
		a.Created.Equal(b.Created) && maps.Equal(a.Attrs, b.Attrs) && a.ExtID == b.ExtID
}

// push puts e on top of a document's undo or redo stack.
func push(stack *bolt.Bucket, docID uint64, e annotate.Edit, at time.Time) error {
	seq, err := stack.NextSequence()
	if err != nil {
		return err
	}
	b, err := encodeHistory(e, at)
	if err != nil {
		return err
	}
	return stack.Put(key(docID, seq), b)
}

// last returns the top of a document's stack, copied out of the
// transaction's memory, or nil.
func last(stack *bolt.Bucket, docID uint64) (k, v []byte) {
	c := stack.Cursor()
	prefix := idKey(docID)
	if docID == ^uint64(0) {
		k, v = c.Last()
	} else {
		c.Seek(idKey(docID + 1))
		k, v = c.Prev()
		if k == nil {
			// Seek ran past the end: the document's entries, if any, are last.
			k, v = c.Last()
		}
	}
	if k == nil || !bytes.HasPrefix(k, prefix) {
		return nil, nil
	}
	return bytes.Clone(k), bytes.Clone(v)
}

// dropAll empties a document's stack.
func dropAll(stack *bolt.Bucket, docID uint64) error {
	var keys [][]byte
	err := scan(stack, docID, func(id uint64, _ []byte) error {
		keys = append(keys, key(docID, id))
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := stack.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// stamp fills zero creation times of added spans and relations with now.
func stamp(e annotate.Edit, now time.Time) annotate.Edit {
	switch e := e.(type) {
	case annotate.AddSpan:
		if e.Span.Created.IsZero() {
			e.Span.Created = now
		}
		return e
	case annotate.AddRelation:
		if e.Relation.Created.IsZero() {
			e.Relation.Created = now
		}
		return e
	case annotate.Batch:
		out := annotate.Batch{Edits: make([]annotate.Edit, len(e.Edits))}
		for i, sub := range e.Edits {
			out.Edits[i] = stamp(sub, now)
		}
		return out
	}
	return e
}

// maxEditID returns the largest span or relation id an edit adds.
func maxEditID(e annotate.Edit) uint64 {
	switch e := e.(type) {
	case annotate.AddSpan:
		return e.Span.ID
	case annotate.AddRelation:
		return e.Relation.ID
	case annotate.Batch:
		var m uint64
		for _, sub := range e.Edits {
			m = max(m, maxEditID(sub))
		}
		return m
	}
	return 0
}

// raiseSequence makes sure the id sequence will not hand out id again.
func raiseSequence(b *bolt.Bucket, id uint64) error {
	if id > b.Sequence() {
		return b.SetSequence(id)
	}
	return nil
}
