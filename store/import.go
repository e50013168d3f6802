package store

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"alama/annotate"
	"alama/annotate/arabic"
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
	res, err := p.importDocs(docs, false)
	if err != nil {
		return nil, err
	}
	return importedIDs(res), nil
}

// importedIDs returns the new ids of res, 0 for a duplicate.
func importedIDs(res []imported) []uint64 {
	ids := make([]uint64, len(res))
	for i, r := range res {
		if !r.dup {
			ids[i] = r.id
		}
	}
	return ids
}

type imported struct {
	id  uint64
	dup bool
}

// importDocs adds docs in one transaction. Their postings go to the
// search index in the same transaction, or, for a batch of a LargeImport
// (large), to the postings it gathers (p.pending), written when they grow
// past pendingLimit.
func (p *Project) importDocs(docs []*annotate.Document, large bool) ([]imported, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]imported, len(docs))
	prep := prepareDocs(docs)
	defer prep.stop()
	update := p.indexUpdate
	if large {
		update = p.update
	}
	wrote := false
	err := update(func(tx *bolt.Tx) error {
		// An import appends to pages all over the file (posting lists);
		// a large one, in many transactions, would leave them mapped.
		defer releaseMapped(tx)
		packAppends(tx)
		hashes := tx.Bucket(bucketHashes)
		ix := newIndexBatch()
		postings := &ix.postings
		if large {
			postings = p.pending
		}
		for i, d := range docs {
			pd := prep.get(i)
			if id := hashes.Get(pd.sum[:]); len(id) == 8 {
				out[i] = imported{id: bigEndian(id), dup: true}
				continue
			}
			id, err := p.putDocument(tx, d, pd, ix)
			if err != nil {
				return &annotate.ImportError{Index: i, Err: err}
			}
			postings.add(id, pd.grams)
			out[i] = imported{id: id}
		}
		if large && p.pending.size >= pendingLimit {
			wrote = true
			if err := p.writePending(tx); err != nil {
				return err
			}
		}
		return ix.flush(tx)
	})
	if large {
		switch {
		case err != nil:
			p.pendingBroken = true
		case wrote:
			p.pending.reset()
		}
	}
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	return out, nil
}

// writePending writes the postings of an open LargeImport to the search
// index in tx, and moves its mark: every document so far is indexed.
func (p *Project) writePending(tx *bolt.Tx) error {
	if err := p.pending.write(tx); err != nil {
		return err
	}
	return markIndexed(tx)
}

// markIndexed moves the mark of an open LargeImport past every document so
// far: their postings are in the index.
func markIndexed(tx *bolt.Tx) error {
	next := tx.Bucket(bucketDocs).Sequence() + 1
	return tx.Bucket(bucketMeta).Put(keyImportIndexed, idKey(next))
}

// indexUpdate is update for a transaction that adds to or takes from the
// search index. While a LargeImport is open, the postings it has gathered
// go into the index first, in the same transaction, so that ids stay in
// order and nothing is taken out that is not there; and its mark moves
// past the documents fn adds, whose postings fn writes.
func (p *Project) indexUpdate(fn func(*bolt.Tx) error) error {
	if p.pending == nil {
		return p.update(fn)
	}
	err := p.update(func(tx *bolt.Tx) error {
		if err := p.writePending(tx); err != nil {
			return err
		}
		if err := fn(tx); err != nil {
			return err
		}
		return markIndexed(tx)
	})
	if err == nil {
		p.pending.reset()
	}
	return err
}

// prepared is the work on one document of an import that needs no
// transaction: its text's hash and check, and its part of the search
// index.
type prepared struct {
	sum      [sha256.Size]byte
	textErr  error    // what annotate.CheckText says of the text
	squeezed []byte   // the folded text, squeezed
	grams    []uint64 // the folded text's distinct gram codes
}

// preparer runs prepare over the documents of an import on every core, a
// bounded number ahead of the transaction that takes them in order.
type preparer struct {
	jobs []chan prepared
	free chan struct{} // a slot per document that may be prepared ahead
	quit chan struct{}
	wg   sync.WaitGroup
}

// prepareAhead is how many documents an import prepares ahead of the one
// it writes.
const prepareAhead = 64

func prepareDocs(docs []*annotate.Document) *preparer {
	pr := &preparer{jobs: make([]chan prepared, len(docs)), free: make(chan struct{}, prepareAhead), quit: make(chan struct{})}
	for i := range pr.jobs {
		pr.jobs[i] = make(chan prepared, 1)
	}
	next := make(chan int)
	pr.wg.Go(func() {
		defer close(next)
		for i := range docs {
			select {
			case pr.free <- struct{}{}:
			case <-pr.quit:
				return
			}
			select {
			case next <- i:
			case <-pr.quit:
				return
			}
		}
	})
	for range runtime.GOMAXPROCS(0) {
		pr.wg.Go(func() {
			var grams gramSet
			for i := range next {
				pr.jobs[i] <- prepare(docs[i].Text, &grams)
			}
		})
	}
	return pr
}

// get returns document i's work, waiting for it; documents are taken in
// order, each once.
func (pr *preparer) get(i int) prepared {
	pd := <-pr.jobs[i]
	pr.jobs[i] = nil
	<-pr.free
	return pd
}

// stop ends the work and waits for it.
func (pr *preparer) stop() {
	close(pr.quit)
	pr.wg.Wait()
}

func prepare(text string, grams *gramSet) prepared {
	pd := prepared{sum: sha256.Sum256([]byte(text)), textErr: annotate.CheckText(text)}
	if pd.textErr == nil {
		f := arabic.FoldString(text)
		pd.squeezed = squeeze(f)
		pd.grams = slices.Clone(grams.of(f))
	}
	return pd
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
	for _, name := range [][]byte{bucketDocs, bucketList, bucketTexts, bucketSpans, bucketRelations} {
		tx.Bucket(name).FillPercent = appendFill
	}
}

// putDocument validates d and writes it as a new document, adding its
// squeezed text to ix; the caller adds its postings.
func (p *Project) putDocument(tx *bolt.Tx, d *annotate.Document, pd prepared, ix *indexBatch) (uint64, error) {
	v, err := p.validate(tx, d, pd.textErr)
	if err != nil {
		return 0, err
	}
	docs := tx.Bucket(bucketDocs)
	id, err := docs.NextSequence()
	if err != nil {
		return 0, err
	}
	v.ID = id
	hash := hex.EncodeToString(pd.sum[:])
	r := newDocRecord(v, hash)
	rec, err := encodeDoc(r)
	if err != nil {
		return 0, err
	}
	k := idKey(id)
	if err := docs.Put(k, rec); err != nil {
		return 0, err
	}
	if err := putListEntry(tx, id, r); err != nil {
		return 0, err
	}
	if err := tx.Bucket(bucketTexts).Put(k, []byte(v.Text)); err != nil {
		return 0, err
	}
	if err := putTokens(tx, id, v); err != nil {
		return 0, err
	}
	ix.addSqueezed(id, pd.squeezed)
	if err := tx.Bucket(bucketHashes).Put(pd.sum[:], k); err != nil {
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
// textErr is what annotate.CheckText says of d's text.
func (p *Project) validate(tx *bolt.Tx, d *annotate.Document, textErr error) (*annotate.Document, error) {
	if d.Text == "" {
		return nil, fmt.Errorf("the document has no text: %w", annotate.ErrBadText)
	}
	if len(d.Text) > MaxTextBytes {
		return nil, fmt.Errorf("the text is %d bytes, over the limit of %d: %w", len(d.Text), MaxTextBytes, annotate.ErrBadText)
	}
	if textErr != nil {
		return nil, fmt.Errorf("text: %w", textErr)
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
	// Copied only to fill ids: a document of many spans is held once less.
	spans, rels := d.Spans, d.Relations
	if slices.ContainsFunc(spans, func(s annotate.Span) bool { return s.ID == 0 }) {
		spans = slices.Clone(spans)
		for i := range spans {
			if spans[i].ID == 0 {
				if spans[i].ID, err = seq.NextSequence(); err != nil {
					return nil, err
				}
			}
		}
	}
	if slices.ContainsFunc(rels, func(r annotate.Relation) bool { return r.ID == 0 }) {
		rels = slices.Clone(rels)
		for i := range rels {
			if rels[i].ID == 0 {
				if rels[i].ID, err = seq.NextSequence(); err != nil {
					return nil, err
				}
			}
		}
	}
	annotate.AddAll(v, p.schema, spans, rels, func(e error) bool { err = e; return false })
	if err != nil {
		return nil, err
	}
	return v, nil
}
