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
			for err := range tx.Check() {
				report("database pages: %w", err)
			}
			if err := checkBuckets(tx); err != nil {
				report("%w", err)
				return nil
			}
			if raw := tx.Bucket(bucketMeta).Get(keyVersion); len(raw) != 8 || binary.BigEndian.Uint64(raw) > FormatVersion ||
				binary.BigEndian.Uint64(raw) < readOnlyVersion {
				report("format version %x is not %d: %w", raw, FormatVersion, ErrDamaged)
			}
			s, err := readSchema(tx)
			if err != nil {
				report("%w", err)
			} else if err := s.Validate(); err != nil {
				report("stored %w", err)
			}
			c := &checker{tx: tx, schema: s, report: report, docs: map[uint64]bool{}, progress: progress}
			c.documents()
			c.orphans()
			c.hashes()
			c.history()
			c.index()
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
	report func(format string, args ...any)
	docs   map[uint64]bool
	maxID  uint64 // largest span or relation id seen
	// progress, if not nil, is told how many documents have been read.
	progress func(docs int)
	// What documents finds for index: the (gram, document) pairs of the
	// texts, documents from unposted on left out, and reports.
	want         indexSum
	unposted     uint64
	indexReports []error
}

// documents checks every document, its text, annotations and part of the
// search index. The bucket reads are made here, in key order; decoding
// and checking each document, and folding its text for the search index,
// run on every core, and the reports are put back in document order.
func (c *checker) documents() {
	texts := c.tx.Bucket(bucketTexts)
	hashes := c.tx.Bucket(bucketHashes)
	sb := c.tx.Bucket(bucketSqueezed)
	list := c.tx.Bucket(bucketList) // nil in a file from before it
	// The documents of an import under way above its mark have no
	// postings yet (see keyImportIndexed).
	c.unposted = uint64(math.MaxUint64)
	if raw := c.tx.Bucket(bucketMeta).Get(keyImportIndexed); len(raw) == 8 {
		c.unposted = binary.BigEndian.Uint64(raw)
	}
	workers := runtime.GOMAXPROCS(0)
	jobs := make(chan *docCheck, 4*workers)
	sums := make([]indexSum, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			var grams gramSet
			for j := range jobs {
				c.document(j, &grams, &sums[w])
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
		c.docs[id] = true
		j := &docCheck{id: id, rec: v, text: texts.Get(k), listed: list != nil}
		if list != nil {
			j.entry = list.Get(k)
		}
		if j.text != nil {
			j.sum = sha256.Sum256(j.text)
			j.hashed = bytes.Equal(hashes.Get(j.sum[:]), k)
			j.squeezed, j.hasSqueezed, j.squeezedErr = squeezedText(sb, id)
		}
		_ = scan(c.tx.Bucket(bucketSpans), id, func(sid uint64, v []byte) error {
			c.maxID = max(c.maxID, sid)
			j.spans = append(j.spans, rawRecord{sid, v})
			return nil
		})
		_ = scan(c.tx.Bucket(bucketRelations), id, func(rid uint64, v []byte) error {
			c.maxID = max(c.maxID, rid)
			j.rels = append(j.rels, rawRecord{rid, v})
			return nil
		})
		if c.progress != nil {
			c.progress(len(checks) + 1)
		}
		checks = append(checks, j)
		jobs <- j
		return nil
	})
	close(jobs)
	wg.Wait()
	for _, j := range checks {
		for _, err := range j.reports {
			c.report("%w", err)
		}
		if j.indexBad {
			c.indexReports = append(c.indexReports, fmt.Errorf("document %d: the search index's squeezed text differs from its text: %w", j.id, ErrDamaged))
		}
	}
	for _, s := range sums {
		c.want.pairs += s.pairs
		c.want.sum += s.sum
	}
}

// docCheck is one document's part of Check: what is read for it from the
// buckets (slices of the transaction's pages) and what its check finds.
type docCheck struct {
	id          uint64
	rec, text   []byte
	entry       []byte // the list entry
	listed      bool   // the file has a list bucket
	sum         [sha256.Size]byte
	hashed      bool // the hash index points to the document
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
	if !j.hashed {
		report("document %d: the hash index does not point to it: %w", id, ErrDamaged)
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
	if j.squeezedErr != nil || !j.hasSqueezed || !bytes.Equal(j.squeezed, squeeze(f)) {
		j.indexBad = true
	}
	if id < c.unposted {
		for _, code := range grams.of(f) {
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

// orphans reports texts, spans and relations of documents that do not
// exist, and an id sequence that could hand out a used id.
func (c *checker) orphans() {
	for _, name := range [][]byte{bucketTexts, bucketList} {
		if b := c.tx.Bucket(name); b != nil {
			_ = b.ForEach(func(k, _ []byte) error {
				if len(k) != 8 || !c.docs[binary.BigEndian.Uint64(k)] {
					c.report("%s key %x has no document: %w", name, k, ErrDamaged)
				}
				return nil
			})
		}
	}
	for _, name := range [][]byte{bucketSpans, bucketRelations} {
		_ = c.tx.Bucket(name).ForEach(func(k, _ []byte) error {
			if doc, _, ok := splitKey(k); !ok || !c.docs[doc] {
				c.report("%s key %x has no document: %w", name, k, ErrDamaged)
			}
			return nil
		})
	}
	if seq := c.tx.Bucket(bucketSpans).Sequence(); seq < c.maxID {
		c.report("id sequence %d is below id %d in use: %w", seq, c.maxID, ErrDamaged)
	}
}

// hashes reports hash index entries that point nowhere.
func (c *checker) hashes() {
	_ = c.tx.Bucket(bucketHashes).ForEach(func(k, v []byte) error {
		if len(k) != sha256.Size || len(v) != 8 || !c.docs[binary.BigEndian.Uint64(v)] {
			c.report("hash index entry %x → %x names no document: %w", k, v, ErrDamaged)
		}
		return nil
	})
}

// history reports undo and redo records that do not decode or belong to no
// document.
func (c *checker) history() {
	h := c.tx.Bucket(bucketHistory)
	for _, name := range [][]byte{bucketUndo, bucketRedo} {
		_ = h.Bucket(name).ForEach(func(k, v []byte) error {
			doc, seq, ok := splitKey(k)
			if !ok || !c.docs[doc] {
				c.report("%s history key %x has no document: %w", name, k, ErrDamaged)
				return nil
			}
			if _, err := decodeHistory(v); err != nil {
				c.report("document %d: %s history %d: %w", doc, name, seq, err)
			}
			return nil
		})
	}
}
