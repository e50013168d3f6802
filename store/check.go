package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"

	bolt "go.etcd.io/bbolt"

	"alama/annotate"
	"alama/annotate/arabic"
)

// Check re-validates every stored invariant and returns each violation it
// finds, or nil: bbolt's own page consistency, the format version and
// schema, every document's text (NFC, valid, matching its hash and length),
// spans (in range, on grapheme boundaries, labels and attributes in the
// schema), relations (between existing spans, of allowed label pairs),
// record counts, the hash index, the search index, the id sequence, and
// that every history record decodes. Records left without their document are reported too.
func (p *Project) Check() []error { return p.CheckProgress(nil) }

// CheckProgress is Check that tells progress, if not nil, how many
// documents it has read so far, after each one.
//
// The documents are read here, in key order, alongside their texts, list
// entries, spans and relations (which tells the records left without a
// document at the same time), and checked on every core. A project opened
// read-only has its bbolt check, hash index, history and search index's
// posting lists walked at the same time, in a second read transaction of
// the same snapshot.
func (p *Project) CheckProgress(progress func(docs int)) []error {
	var errs []error
	report := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	err := protect(p.path, func() error {
		return p.db.View(func(tx *bolt.Tx) error {
			// Check reads every page; releasing as it goes keeps the
			// process from holding the whole file.
			defer releasing(tx)()
			if err := checkPages(p.path, int64(p.db.Info().PageSize), uint64(tx.ID()), tx.Size()); err != nil {
				// bbolt would fault or loop walking these pages, and so
				// would the checks below.
				report("database pages: %w: %w", err, ErrDamaged)
				return nil
			}
			if err := checkBuckets(tx); err != nil {
				for err := range tx.Check() {
					report("database pages: %w", err)
				}
				report("%w", err)
				return nil
			}
			c := &checker{tx: tx, progress: progress}
			c.docs = c.documentIDs()
			side := &sideCheck{}
			wait := func() { side.run(tx, c.docs) }
			// A second transaction only where no writer can be waiting
			// for the mapping between the two, and of the same snapshot.
			if p.db.IsReadOnly() {
				if tx2, err := p.db.Begin(false); err == nil && tx2.ID() != tx.ID() {
					_ = tx2.Rollback()
				} else if err == nil {
					done := make(chan struct{})
					go func() {
						defer close(done)
						defer func() { _ = tx2.Rollback() }()
						if err := protect(p.path, func() error { side.run(tx2, c.docs); return nil }); err != nil {
							side.pages = append(side.pages, err)
						}
					}()
					wait = func() { <-done }
				}
			}
			if raw := tx.Bucket(bucketMeta).Get(keyVersion); len(raw) != 8 || binary.BigEndian.Uint64(raw) > FormatVersion ||
				binary.BigEndian.Uint64(raw) < readOnlyVersion {
				c.report("format version %x is not %d: %w", raw, FormatVersion, ErrDamaged)
			}
			s, err := readSchema(tx)
			if err != nil {
				c.report("%w", err)
			} else if err := s.Validate(); err != nil {
				c.report("stored %w", err)
			}
			c.schema = s
			c.documents()
			c.orphans()
			wait()
			c.hashIndex(side.hashes)
			errs = append(errs, side.pages...)
			errs = append(errs, c.errs...)
			errs = append(errs, side.records...)
			errs = append(errs, side.index...)
			if side.indexed {
				errs = append(errs, c.indexReports...)
			}
			if side.indexed && c.want != side.got {
				report("search index holds %d gram entries, the texts have %d, or they differ: %w", side.got.pairs, c.want.pairs, ErrDamaged)
			}
			return nil
		})
	})
	if err != nil {
		report("%w", err)
	}
	return errs
}

// checker holds what Check has learnt while it walks the buckets.
type checker struct {
	tx     *bolt.Tx
	schema *annotate.Schema // nil if the stored schema is unreadable
	errs   []error
	docs   *idSet
	maxID  uint64 // largest span or relation id seen
	// progress, if not nil, is told how many documents have been read.
	progress func(docs int)
	// What documents finds for the search index: the (gram, document)
	// pairs of the texts, documents from unposted on left out, and
	// reports.
	want         indexSum
	unposted     uint64
	indexReports []error
	// hashed is the digest of the documents' (text hash, id) pairs;
	// checks, every document read.
	hashed indexSum
	checks []*docCheck
}

func (c *checker) report(format string, args ...any) {
	c.errs = append(c.errs, fmt.Errorf(format, args...))
}

// documentIDs returns the ids of the documents, reporting malformed keys.
func (c *checker) documentIDs() *idSet {
	docs := c.tx.Bucket(bucketDocs)
	ids := newIDSet(docs.Sequence())
	cur := docs.Cursor()
	for k, _ := cur.First(); k != nil; k, _ = cur.Next() {
		if len(k) == 8 {
			ids.add(binary.BigEndian.Uint64(k))
		}
	}
	return ids
}

// idSet is a set of document ids: a bitmap up to the largest id given out,
// a map above it (only a damaged file has ids there).
type idSet struct {
	bits  []uint64
	above map[uint64]bool
}

func newIDSet(maxID uint64) *idSet {
	return &idSet{bits: make([]uint64, min(maxID, 1<<30)/64+1), above: map[uint64]bool{}}
}

func (s *idSet) add(id uint64) {
	if id/64 < uint64(len(s.bits)) {
		s.bits[id/64] |= 1 << (id % 64)
		return
	}
	s.above[id] = true
}

func (s *idSet) has(id uint64) bool {
	if id/64 < uint64(len(s.bits)) {
		return s.bits[id/64]&(1<<(id%64)) != 0
	}
	return s.above[id]
}

// follower walks a bucket forward beside the documents, which are read in
// key order, so each document's records are found without a search from
// the bucket's root, and the keys it passes over are those of no
// document.
type follower struct {
	c    *bolt.Cursor
	k, v []byte
}

func follow(b *bolt.Bucket) *follower {
	f := &follower{c: b.Cursor()}
	f.k, f.v = f.c.First()
	return f
}

// skip passes over the keys below k, calling passed, if not nil, with
// each.
func (f *follower) skip(k []byte, passed func(k []byte)) {
	for f.k != nil && bytes.Compare(f.k, k) < 0 {
		if passed != nil {
			passed(f.k)
		}
		f.k, f.v = f.c.Next()
	}
}

// take returns the value at key k, or nil, after passing over the keys
// below it, and moves past it.
func (f *follower) take(k []byte, passed func(k []byte)) []byte {
	f.skip(k, passed)
	if f.k == nil || !bytes.Equal(f.k, k) {
		return nil
	}
	v := f.v
	f.k, f.v = f.c.Next()
	return v
}

// under calls fn with each key starting with prefix and its value, after
// passing over the keys below them, and moves past them.
func (f *follower) under(prefix []byte, passed func(k []byte), fn func(k, v []byte)) {
	f.skip(prefix, passed)
	for ; f.k != nil && bytes.HasPrefix(f.k, prefix); f.k, f.v = f.c.Next() {
		fn(f.k, f.v)
	}
}

// rest calls passed with every key left.
func (f *follower) rest(passed func(k []byte)) {
	for ; f.k != nil; f.k, f.v = f.c.Next() {
		passed(f.k)
	}
}

// documents checks every document, its text, list entry, annotations and
// part of the search index. The bucket reads are made here, in key order;
// decoding and checking each document, and folding its text for the
// search index, run on every core, and the reports are put back in
// document order. Texts, list entries, spans and relations of no document
// are reported.
func (c *checker) documents() {
	texts := follow(c.tx.Bucket(bucketTexts))
	squeezed := follow(c.tx.Bucket(bucketSqueezed))
	spans := follow(c.tx.Bucket(bucketSpans))
	rels := follow(c.tx.Bucket(bucketRelations))
	var list *follower // nil in a file from before it
	if b := c.tx.Bucket(bucketList); b != nil {
		list = follow(b)
	}
	orphan := func(name []byte) func(k []byte) {
		return func(k []byte) { c.report("%s key %x has no document: %w", name, k, ErrDamaged) }
	}
	orphanText, orphanList := orphan(bucketTexts), orphan(bucketList)
	orphanSpan, orphanRel := orphan(bucketSpans), orphan(bucketRelations)
	// The documents of an import under way above its mark have no
	// postings yet (see keyImportIndexed).
	c.unposted = uint64(math.MaxUint64)
	if raw := c.tx.Bucket(bucketMeta).Get(keyImportIndexed); len(raw) == 8 {
		c.unposted = binary.BigEndian.Uint64(raw)
	}
	workers := runtime.GOMAXPROCS(0)
	jobs := make(chan *docCheck, 4*workers)
	sums := make([]indexSum, workers)
	hashed := make([]indexSum, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			var grams gramSet
			for j := range jobs {
				c.document(j, &grams, &sums[w])
				if j.hasText {
					hashed[w].add(sumCode(j.sum), j.id)
				}
				// What is kept of each document until the end is
				// little: its reports.
				j.rec, j.text, j.entry, j.squeezed, j.spans, j.rels = nil, nil, nil, nil, nil, nil
			}
		})
	}
	var checks []*docCheck
	_ = c.tx.Bucket(bucketDocs).ForEach(func(k, v []byte) error {
		if len(k) != 8 {
			c.report("document key %x is not 8 bytes: %w", k, errRecord)
			return nil
		}
		id := binary.BigEndian.Uint64(k)
		j := &docCheck{id: id, rec: v, text: texts.take(k, orphanText), listed: list != nil}
		if list != nil {
			j.entry = list.take(k, orphanList)
		}
		if j.hasText = j.text != nil; j.hasText {
			j.sum = sha256.Sum256(j.text)
			gk := squeezeKey(id)
			squeezed.skip(gk, nil)
			if squeezed.k != nil && bytes.Equal(squeezed.k, gk) {
				j.squeezed, j.hasSqueezed, j.squeezedErr = squeezedIn(squeezed.v, id)
			}
		}
		spans.under(k, orphanSpan, func(sk, v []byte) {
			_, sid, ok := splitKey(sk)
			if !ok {
				orphanSpan(sk)
				return
			}
			c.maxID = max(c.maxID, sid)
			j.spans = append(j.spans, rawRecord{sid, v})
		})
		rels.under(k, orphanRel, func(rk, v []byte) {
			_, rid, ok := splitKey(rk)
			if !ok {
				orphanRel(rk)
				return
			}
			c.maxID = max(c.maxID, rid)
			j.rels = append(j.rels, rawRecord{rid, v})
		})
		if c.progress != nil {
			c.progress(len(checks) + 1)
		}
		checks = append(checks, j)
		jobs <- j
		return nil
	})
	close(jobs)
	texts.rest(orphanText)
	spans.rest(orphanSpan)
	rels.rest(orphanRel)
	if list != nil {
		list.rest(orphanList)
	}
	wg.Wait()
	for _, j := range checks {
		for _, err := range j.reports {
			c.report("%w", err)
		}
		if j.indexBad {
			c.indexReports = append(c.indexReports, fmt.Errorf("document %d: the search index's squeezed text differs from its text: %w", j.id, ErrDamaged))
		}
	}
	for w := range workers {
		c.want.pairs += sums[w].pairs
		c.want.sum += sums[w].sum
		c.hashed.pairs += hashed[w].pairs
		c.hashed.sum += hashed[w].sum
	}
	c.checks = checks
}

// sumCode folds a text hash into 64 bits for an indexSum.
func sumCode(sum [sha256.Size]byte) uint64 {
	var c uint64
	for i := 0; i < sha256.Size; i += 8 {
		c = c*0x9E3779B97F4A7C15 ^ binary.LittleEndian.Uint64(sum[i:])
	}
	return c
}

// hashIndex reports the documents the hash index does not point to. The
// digest of the index's entries, made beside the documents, is compared
// with that of the documents' (hash, id) pairs; only if they differ is
// each document looked up, to name those that are wrong.
func (c *checker) hashIndex(entries indexSum) {
	if entries == c.hashed {
		return
	}
	hashes := c.tx.Bucket(bucketHashes)
	for _, j := range c.checks {
		if j.hasText && !bytes.Equal(hashes.Get(j.sum[:]), idKey(j.id)) {
			c.report("document %d: the hash index does not point to it: %w", j.id, ErrDamaged)
		}
	}
	if entries.pairs > c.hashed.pairs {
		c.report("the hash index holds %d entries for %d texts: %w", entries.pairs, c.hashed.pairs, ErrDamaged)
	}
}

// docCheck is one document's part of Check: what is read for it from the
// buckets (slices of the transaction's pages) and what its check finds.
type docCheck struct {
	id          uint64
	rec, text   []byte
	hasText     bool
	entry       []byte // the list entry
	listed      bool   // the file has a list bucket
	sum         [sha256.Size]byte
	squeezed    []byte
	hasSqueezed bool
	squeezedErr error
	spans, rels []rawRecord

	reports  []error
	indexBad bool // the search index's squeezed text differs
}

type rawRecord struct {
	id uint64
	v  []byte
}

// document checks one document, adding its (gram, document) pairs to want.
func (c *checker) document(j *docCheck, grams *gramSet, want *indexSum) {
	id := j.id
	report := func(format string, args ...any) { j.reports = append(j.reports, fmt.Errorf(format, args...)) }
	rec, err := decodeDoc(j.rec)
	if err != nil {
		report("document %d: %w", id, err)
		return
	}
	if j.text == nil {
		report("document %d has no text: %w", id, ErrDamaged)
		return
	}
	if j.listed {
		if e, err := viewListEntry(j.entry); j.entry == nil || err != nil || !e.shows(rec) {
			report("document %d: its entry in the document list differs from its record: %w", id, ErrDamaged)
		}
	}
	d := rec.document(id)
	d.Text = string(j.text)
	if hex.EncodeToString(j.sum[:]) != rec.Hash {
		report("document %d: text does not match its hash: %w", id, ErrDamaged)
	}
	if d.Text == "" {
		report("document %d: empty text: %w", id, annotate.ErrBadText)
	} else if err := annotate.CheckText(d.Text); err != nil {
		report("document %d: text: %w", id, err)
	}
	if n := annotate.RuneLen(d.Text); n != rec.Runes {
		report("document %d: length %d recorded, text has %d code points: %w", id, rec.Runes, n, ErrDamaged)
	}
	if !d.Status.Valid() {
		report("document %d: status %q: %w", id, d.Status, annotate.ErrInvalid)
	}
	if c.schema != nil {
		for _, l := range d.DocLabels {
			if !slices.Contains(c.schema.DocLabels, l) {
				report("document %d: document label %q: %w", id, l, annotate.ErrUnknownLabel)
			}
		}
	}
	c.annotations(d, rec, j, report)
	f := arabic.FoldString(d.Text)
	codes, squeezed := grams.ofSqueezed(f, j.squeezed)
	if j.squeezedErr != nil || !j.hasSqueezed || !squeezed {
		j.indexBad = true
	}
	if id < c.unposted {
		for _, code := range codes {
			want.add(code, id)
		}
	}
}

// annotations rebuilds document d with its spans and relations by the
// annotate rules (annotate.AddAll), reporting what they reject.
func (c *checker) annotations(d *annotate.Document, rec docRecord, j *docCheck, report func(string, ...any)) {
	var spans []annotate.Span
	var rels []annotate.Relation
	for _, raw := range j.spans {
		r, err := decodeSpan(raw.v)
		if err != nil {
			report("document %d: span %d: %w", d.ID, raw.id, err)
			continue
		}
		spans = append(spans, r.span(raw.id))
	}
	for _, raw := range j.rels {
		r, err := decodeRelation(raw.v)
		if err != nil {
			report("document %d: relation %d: %w", d.ID, raw.id, err)
			continue
		}
		rels = append(rels, r.relation(raw.id))
	}
	annotate.AddAll(d, c.schema, spans, rels, func(err error) bool {
		report("document %d: %w", d.ID, err)
		return true
	})
	if len(j.spans) != rec.Spans || len(j.rels) != rec.Relations {
		report("document %d: %d spans and %d relations recorded, %d and %d stored: %w", d.ID, rec.Spans, rec.Relations, len(j.spans), len(j.rels), ErrDamaged)
	}
}

// orphans reports an id sequence that could hand out a used id (the
// records of no document are found by documents).
func (c *checker) orphans() {
	if seq := c.tx.Bucket(bucketSpans).Sequence(); seq < c.maxID {
		c.report("id sequence %d is below id %d in use: %w", seq, c.maxID, ErrDamaged)
	}
}

// sideCheck is the part of Check that needs only the documents' ids: bbolt's
// own check, the hash index, the history and the search index's posting
// lists. It may run in a transaction of its own beside documents.
type sideCheck struct {
	pages, records, index []error
	// got is the digest of the posting lists' (gram, document) pairs,
	// if indexed; hashes that of the hash index's entries.
	got, hashes indexSum
	indexed     bool
}

func (s *sideCheck) run(tx *bolt.Tx, docs *idSet) {
	for err := range tx.Check() {
		s.pages = append(s.pages, fmt.Errorf("database pages: %w", err))
	}
	report := func(format string, args ...any) { s.records = append(s.records, fmt.Errorf(format, args...)) }
	s.hashes = hashes(tx, docs, report)
	history(tx, docs, report)
	s.got, s.indexed = index(tx, docs, func(format string, args ...any) { s.index = append(s.index, fmt.Errorf(format, args...)) })
}

// hashes reports hash index entries that point nowhere, and returns the
// digest of the others.
func hashes(tx *bolt.Tx, docs *idSet, report func(string, ...any)) (entries indexSum) {
	_ = tx.Bucket(bucketHashes).ForEach(func(k, v []byte) error {
		if len(k) != sha256.Size || len(v) != 8 || !docs.has(binary.BigEndian.Uint64(v)) {
			report("hash index entry %x → %x names no document: %w", k, v, ErrDamaged)
			return nil
		}
		entries.add(sumCode([sha256.Size]byte(k)), binary.BigEndian.Uint64(v))
		return nil
	})
	return entries
}

// history reports undo and redo records that do not decode or belong to no
// document.
func history(tx *bolt.Tx, docs *idSet, report func(string, ...any)) {
	h := tx.Bucket(bucketHistory)
	for _, name := range [][]byte{bucketUndo, bucketRedo} {
		_ = h.Bucket(name).ForEach(func(k, v []byte) error {
			doc, seq, ok := splitKey(k)
			if !ok || !docs.has(doc) {
				report("%s history key %x has no document: %w", name, k, ErrDamaged)
				return nil
			}
			if _, err := decodeHistory(v); err != nil {
				report("document %d: %s history %d: %w", doc, name, seq, err)
			}
			return nil
		})
	}
}
