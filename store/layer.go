package store

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"alama/annotate"
)

// ReplaceLayer makes the spans and relations of docs annotator's layer of
// the project, in one transaction: all documents or none (an
// *annotate.ImportError names the one that failed). A document is found by the
// sha256 of its text. A document the project lacks is added whole, as
// Import would. In a document it has, annotator's spans and relations
// are replaced by those given, as one undoable batch edit (new ids, the
// relations following their spans); its title, status and every other
// layer stay as they are. Every span and relation given must be
// annotator's, and the replacement fails rather than lose a relation of
// another layer that points into annotator's layer. Two documents given
// with the same text are an error (annotate.ErrDuplicate).
func (p *Project) ReplaceLayer(annotator string, docs []*annotate.Document) (annotate.LayerResult, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var res annotate.LayerResult
	err := p.indexUpdate(func(tx *bolt.Tx) error {
		res = annotate.LayerResult{IDs: make([]uint64, len(docs))}
		ix := newIndexBatch()
		seen := make(map[[sha256.Size]byte]int, len(docs))
		for i, d := range docs {
			if err := ownedBy(d, annotator); err != nil {
				return &annotate.ImportError{Index: i, Err: err}
			}
			// A second copy of a text would replace the layer the
			// first one brought, and be counted twice.
			sum := sha256.Sum256([]byte(d.Text))
			if j, ok := seen[sum]; ok {
				return &annotate.ImportError{Index: i, Err: fmt.Errorf("the same text as document %d of those given: %w", j+1, annotate.ErrDuplicate)}
			}
			seen[sum] = i
			res.Spans += len(d.Spans)
			res.Relations += len(d.Relations)
			id, added, err := p.findOrAdd(tx, d, ix)
			if err != nil {
				return &annotate.ImportError{Index: i, Err: err}
			}
			res.IDs[i] = id
			if added {
				res.Added++
				continue
			}
			changed, err := p.replaceLayer(tx, id, annotator, d)
			if err != nil {
				return &annotate.ImportError{Index: i, Err: err}
			}
			if changed {
				res.Replaced++
			} else {
				res.Unchanged++
			}
		}
		return ix.flush(tx)
	})
	// The transaction may have changed the cached document, or been
	// rolled back after changing it in memory.
	p.cache = nil
	if err != nil {
		return annotate.LayerResult{}, fmt.Errorf("replace the layer of %q: %w", annotator, err)
	}
	return res, nil
}

// findOrAdd returns the id of the document with d's text, adding d whole
// (its text going to ix) when the project lacks one; added says which.
func (p *Project) findOrAdd(tx *bolt.Tx, d *annotate.Document, ix *indexBatch) (id uint64, added bool, err error) {
	sum := sha256.Sum256([]byte(d.Text))
	if raw := tx.Bucket(bucketHashes).Get(sum[:]); len(raw) == 8 {
		return bigEndian(raw), false, nil
	}
	pd := prepare(d.Text, &ix.grams)
	if id, err = p.putDocument(tx, d, pd, ix); err == nil {
		ix.postings.add(id, pd.grams)
	}
	return id, true, err
}

// ownedBy checks that every span and relation of d is annotator's.
func ownedBy(d *annotate.Document, annotator string) error {
	for _, s := range d.Spans {
		if s.Annotator != annotator {
			return fmt.Errorf("span %d belongs to %q, not %q: %w", s.ID, s.Annotator, annotator, annotate.ErrInvalid)
		}
	}
	for _, r := range d.Relations {
		if r.Annotator != annotator {
			return fmt.Errorf("relation %d belongs to %q, not %q: %w", r.ID, r.Annotator, annotator, annotate.ErrInvalid)
		}
	}
	return nil
}

// replaceLayer replaces annotator's layer of stored document id by the
// spans and relations of d, with its undo record. It reports false, and
// changes nothing, when the layers are the same already.
func (p *Project) replaceLayer(tx *bolt.Tx, id uint64, annotator string, d *annotate.Document) (bool, error) {
	cur, err := loadDocument(tx, id)
	if err != nil {
		return false, err
	}
	mine := map[uint64]bool{}
	for _, s := range cur.Spans {
		if s.Annotator == annotator {
			mine[s.ID] = true
		}
	}
	var b annotate.Batch
	for _, r := range cur.Relations {
		switch {
		case r.Annotator == annotator:
			b.Edits = append(b.Edits, annotate.DeleteRelation{ID: r.ID})
		case mine[r.From] || mine[r.To]:
			return false, fmt.Errorf("document %d: relation %d of %q links a span of %q, which replacing that layer would delete: %w",
				id, r.ID, r.Annotator, annotator, annotate.ErrNotAllowed)
		}
	}
	if layerKey(cur, annotator) == layerKey(d, annotator) {
		return false, nil
	}
	for _, s := range cur.Spans {
		if mine[s.ID] {
			b.Edits = append(b.Edits, annotate.DeleteSpan{ID: s.ID})
		}
	}
	spans := tx.Bucket(bucketSpans)
	now := p.now()
	newID := map[uint64]uint64{}
	for _, s := range d.Spans {
		n, err := spans.NextSequence()
		if err != nil {
			return false, err
		}
		newID[s.ID] = n
		s.ID = n
		if s.Created.IsZero() {
			s.Created = now
		}
		b.Edits = append(b.Edits, annotate.AddSpan{Span: s})
	}
	for _, r := range d.Relations {
		n, err := spans.NextSequence()
		if err != nil {
			return false, err
		}
		from, okF := newID[r.From]
		to, okT := newID[r.To]
		if !okF || !okT {
			return false, fmt.Errorf("relation %d joins spans the document does not have: %w", r.ID, annotate.ErrNotFound)
		}
		r.ID, r.From, r.To = n, from, to
		if r.Created.IsZero() {
			r.Created = now
		}
		b.Edits = append(b.Edits, annotate.AddRelation{Relation: r})
	}
	c := cur.Clone()
	inv, err := b.Apply(c, p.schema)
	if err != nil {
		return false, fmt.Errorf("document %d: %w", id, err)
	}
	if err := writeChanges(tx, cur, c); err != nil {
		return false, err
	}
	h := tx.Bucket(bucketHistory)
	if err := push(h.Bucket(bucketUndo), id, inv, now); err != nil {
		return false, err
	}
	return true, dropAll(h.Bucket(bucketRedo), id)
}

// layerKey renders annotator's layer of d without ids and times, so two
// layers that mark the same things compare equal.
func layerKey(d *annotate.Document, annotator string) string {
	type span struct {
		Start, End int
		Label      string
		Attrs      map[string]string
		Note       string
		Suggested  bool
	}
	type rel struct {
		Type     string
		From, To int
	}
	var spans []annotate.Span
	for _, s := range d.Spans {
		if s.Annotator == annotator {
			spans = append(spans, s)
		}
	}
	annotate.SortSpans(spans)
	slices.SortStableFunc(spans, func(a, b annotate.Span) int {
		if a.Start != b.Start || a.End != b.End {
			return 0 // SortSpans has ordered them
		}
		switch {
		case a.Label < b.Label:
			return -1
		case a.Label > b.Label:
			return 1
		}
		return 0
	})
	key := struct {
		Spans []span
		Rels  []rel
	}{}
	at := map[uint64]int{}
	for i, s := range spans {
		at[s.ID] = i
		attrs := s.Attrs
		if len(attrs) == 0 {
			attrs = nil
		}
		key.Spans = append(key.Spans, span{s.Start, s.End, s.Label, attrs, s.Note, s.Suggested})
	}
	for _, r := range d.Relations {
		if r.Annotator == annotator {
			key.Rels = append(key.Rels, rel{r.Type, at[r.From], at[r.To]})
		}
	}
	slices.SortFunc(key.Rels, func(a, b rel) int {
		switch {
		case a.Type != b.Type:
			if a.Type < b.Type {
				return -1
			}
			return 1
		case a.From != b.From:
			return a.From - b.From
		}
		return a.To - b.To
	})
	out, _ := json.Marshal(key) // plain values: cannot fail
	return string(out)
}
