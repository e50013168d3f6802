package store

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"alama/annotate"
)

// MaxTextBytes is the largest document text a project takes:
// annotate.MaxTextBytes.
const MaxTextBytes = annotate.MaxTextBytes

// Import adds documents with their spans and relations in one transaction:
// all of them, or none on error (an *annotate.ImportError naming the document).
// ids[i] is the new id of docs[i], or 0 when a document with the same text
// was already in the project (or earlier in docs) and docs[i] was skipped.
//
// Each document is checked with the annotate rules against the project
// schema: its text must already be normalized (annotate.CheckText), not
// empty and at most MaxTextBytes long, its status known ("" means new), its document labels, span labels,
// attributes and relation types in the schema, its spans on grapheme
// boundaries and its relations between its own spans. The document id is
// assigned by the project; non-zero span and relation ids are kept, zero
// ones assigned.
func (p *Project) Import(docs []*annotate.Document) ([]uint64, error) {
	res, err := p.importDocs(docs)
	if err != nil {
		return nil, err
	}
	ids := make([]uint64, len(res))
	for i, r := range res {
		if !r.dup {
			ids[i] = r.id
		}
	}
	return ids, nil
}

type imported struct {
	id  uint64
	dup bool
}

func (p *Project) importDocs(docs []*annotate.Document) ([]imported, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]imported, len(docs))
	err := p.update(func(tx *bolt.Tx) error {
		// An import appends to pages all over the file (posting lists);
		// a large one, in many transactions, would leave them mapped.
		defer releaseMapped(tx)
		packAppends(tx)
		hashes := tx.Bucket(bucketHashes)
		ix := newIndexBatch()
		for i, d := range docs {
			sum := sha256.Sum256([]byte(d.Text))
			if id := hashes.Get(sum[:]); len(id) == 8 {
				out[i] = imported{id: bigEndian(id), dup: true}
				continue
			}
			id, err := p.putDocument(tx, d, sum, ix)
			if err != nil {
				return &annotate.ImportError{Index: i, Err: err}
			}
			out[i] = imported{id: id}
		}
		return ix.flush(tx)
	})
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	return out, nil
}

// appendFill is how full an import packs the pages of the buckets whose
// keys it only appends to. bbolt splits pages half full by default, which
// suits random inserts but leaves an appended bucket half empty; a large
// project's document list would then touch twice the pages it needs. The
// headroom left absorbs later edits that grow a record.
const appendFill = 0.9

// packAppends sets appendFill on the buckets an import appends to: new
// documents take ids above every existing one, and their spans and
// relations are keyed by document id first. The setting lasts for tx.
func packAppends(tx *bolt.Tx) {
	for _, name := range [][]byte{bucketDocs, bucketTexts, bucketSpans, bucketRelations} {
		tx.Bucket(name).FillPercent = appendFill
	}
}

// putDocument validates d and writes it as a new document, adding its
// text to ix for the search index.
func (p *Project) putDocument(tx *bolt.Tx, d *annotate.Document, sum [sha256.Size]byte, ix *indexBatch) (uint64, error) {
	v, err := p.validate(tx, d)
	if err != nil {
		return 0, err
	}
	docs := tx.Bucket(bucketDocs)
	id, err := docs.NextSequence()
	if err != nil {
		return 0, err
	}
	v.ID = id
	hash := hex.EncodeToString(sum[:])
	rec, err := encodeDoc(newDocRecord(v, hash))
	if err != nil {
		return 0, err
	}
	k := idKey(id)
	if err := docs.Put(k, rec); err != nil {
		return 0, err
	}
	if err := tx.Bucket(bucketTexts).Put(k, []byte(v.Text)); err != nil {
		return 0, err
	}
	if err := putTokens(tx, id, v); err != nil {
		return 0, err
	}
	ix.add(id, v.Text)
	if err := tx.Bucket(bucketHashes).Put(sum[:], k); err != nil {
		return 0, err
	}
	spans := tx.Bucket(bucketSpans)
	for _, s := range v.Spans {
		b, err := encode(newSpanRecord(s))
		if err != nil {
			return 0, err
		}
		if err := spans.Put(key(id, s.ID), b); err != nil {
			return 0, err
		}
	}
	rels := tx.Bucket(bucketRelations)
	for _, r := range v.Relations {
		b, err := encode(newRelationRecord(r))
		if err != nil {
			return 0, err
		}
		if err := rels.Put(key(id, r.ID), b); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// validate rebuilds d with the annotate rules and the project schema
// (annotate.AddAll: the checks of adding each span and relation by an
// edit), filling zero span and relation ids, and returns the result.
func (p *Project) validate(tx *bolt.Tx, d *annotate.Document) (*annotate.Document, error) {
	if d.Text == "" {
		return nil, fmt.Errorf("the document has no text: %w", annotate.ErrBadText)
	}
	if len(d.Text) > MaxTextBytes {
		return nil, fmt.Errorf("the text is %d bytes, over the limit of %d: %w", len(d.Text), MaxTextBytes, annotate.ErrBadText)
	}
	if err := annotate.CheckText(d.Text); err != nil {
		return nil, fmt.Errorf("text: %w", err)
	}
	if !utf8.ValidString(d.Title) {
		return nil, fmt.Errorf("title is not valid UTF-8: %w", annotate.ErrBadText)
	}
	v := &annotate.Document{Title: d.Title, Text: d.Text, Meta: d.Meta, Status: d.Status,
		ExtID: d.ExtID, Tokens: d.Tokens, Sentences: d.Sentences}
	if err := v.CheckTokens(); err != nil {
		return nil, err
	}
	if v.Status == "" {
		v.Status = annotate.StatusNew
	}
	if !v.Status.Valid() {
		return nil, fmt.Errorf("status %q: %w", d.Status, annotate.ErrInvalid)
	}
	if _, err := (annotate.SetDocLabels{Labels: d.DocLabels}).Apply(v, p.schema); err != nil {
		return nil, err
	}
	// Kept ids first raise the sequence, so no assigned id meets them.
	seq := tx.Bucket(bucketSpans)
	var maxID uint64
	for _, s := range d.Spans {
		maxID = max(maxID, s.ID)
	}
	for _, r := range d.Relations {
		maxID = max(maxID, r.ID)
	}
	if err := raiseSequence(seq, maxID); err != nil {
		return nil, err
	}
	var err error
	spans, rels := slices.Clone(d.Spans), slices.Clone(d.Relations)
	for i := range spans {
		if spans[i].ID == 0 {
			if spans[i].ID, err = seq.NextSequence(); err != nil {
				return nil, err
			}
		}
	}
	for i := range rels {
		if rels[i].ID == 0 {
			if rels[i].ID, err = seq.NextSequence(); err != nil {
				return nil, err
			}
		}
	}
	annotate.AddAll(v, p.schema, spans, rels, func(e error) bool { err = e; return false })
	if err != nil {
		return nil, err
	}
	return v, nil
}
