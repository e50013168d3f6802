package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"alama/annotate"
)

// Check re-validates every stored invariant and returns each violation it
// finds, or nil: bbolt's own page consistency, the format version and
// schema, every document's text (NFC, valid, matching its hash and length),
// spans (in range, on grapheme boundaries, labels and attributes in the
// schema), relations (between existing spans, of allowed label pairs),
// record counts, the hash index, the search index, the id sequence, and
// that every history record decodes. Records left without their document are reported too.
func (p *Project) Check() []error {
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
			if raw := tx.Bucket(bucketMeta).Get(keyVersion); len(raw) != 8 || binary.BigEndian.Uint64(raw) != FormatVersion {
				report("format version %x is not %d: %w", raw, FormatVersion, ErrDamaged)
			}
			s, err := readSchema(tx)
			if err != nil {
				report("%w", err)
			} else if err := s.Validate(); err != nil {
				report("stored %w", err)
			}
			c := &checker{tx: tx, schema: s, report: report, docs: map[uint64]bool{}}
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
}

func (c *checker) documents() {
	texts := c.tx.Bucket(bucketTexts)
	hashes := c.tx.Bucket(bucketHashes)
	_ = c.tx.Bucket(bucketDocs).ForEach(func(k, v []byte) error {
		if len(k) != 8 {
			c.report("document key %x is not 8 bytes: %w", k, errRecord)
			return nil
		}
		id := binary.BigEndian.Uint64(k)
		c.docs[id] = true
		rec, err := decodeDoc(v)
		if err != nil {
			c.report("document %d: %w", id, err)
			return nil
		}
		text := texts.Get(k)
		if text == nil {
			c.report("document %d has no text: %w", id, ErrDamaged)
			return nil
		}
		d := rec.document(id)
		d.Text = string(text)
		sum := sha256.Sum256(text)
		if hex.EncodeToString(sum[:]) != rec.Hash {
			c.report("document %d: text does not match its hash: %w", id, ErrDamaged)
		}
		if got := hashes.Get(sum[:]); !bytes.Equal(got, k) {
			c.report("document %d: the hash index does not point to it: %w", id, ErrDamaged)
		}
		if d.Text == "" {
			c.report("document %d: empty text: %w", id, annotate.ErrBadText)
		} else if err := annotate.CheckText(d.Text); err != nil {
			c.report("document %d: text: %w", id, err)
		}
		if n := annotate.RuneLen(d.Text); n != rec.Runes {
			c.report("document %d: length %d recorded, text has %d code points: %w", id, rec.Runes, n, ErrDamaged)
		}
		if !d.Status.Valid() {
			c.report("document %d: status %q: %w", id, d.Status, annotate.ErrInvalid)
		}
		if c.schema != nil {
			for _, l := range d.DocLabels {
				if !slices.Contains(c.schema.DocLabels, l) {
					c.report("document %d: document label %q: %w", id, l, annotate.ErrUnknownLabel)
				}
			}
		}
		c.annotations(d, rec)
		return nil
	})
}

// annotations rebuilds document d with its spans and relations by the
// annotate rules (annotate.AddAll), reporting what they reject.
func (c *checker) annotations(d *annotate.Document, rec docRecord) {
	var spans []annotate.Span
	var rels []annotate.Relation
	nspans, nrels := 0, 0
	_ = scan(c.tx.Bucket(bucketSpans), d.ID, func(id uint64, v []byte) error {
		nspans++
		c.maxID = max(c.maxID, id)
		r, err := decodeSpan(v)
		if err != nil {
			c.report("document %d: span %d: %w", d.ID, id, err)
			return nil
		}
		spans = append(spans, r.span(id))
		return nil
	})
	_ = scan(c.tx.Bucket(bucketRelations), d.ID, func(id uint64, v []byte) error {
		nrels++
		c.maxID = max(c.maxID, id)
		r, err := decodeRelation(v)
		if err != nil {
			c.report("document %d: relation %d: %w", d.ID, id, err)
			return nil
		}
		rels = append(rels, r.relation(id))
		return nil
	})
	annotate.AddAll(d, c.schema, spans, rels, func(err error) bool {
		c.report("document %d: %w", d.ID, err)
		return true
	})
	if nspans != rec.Spans || nrels != rec.Relations {
		c.report("document %d: %d spans and %d relations recorded, %d and %d stored: %w", d.ID, rec.Spans, rec.Relations, nspans, nrels, ErrDamaged)
	}
}

// orphans reports texts, spans and relations of documents that do not
// exist, and an id sequence that could hand out a used id.
func (c *checker) orphans() {
	_ = c.tx.Bucket(bucketTexts).ForEach(func(k, _ []byte) error {
		if len(k) != 8 || !c.docs[binary.BigEndian.Uint64(k)] {
			c.report("text %x has no document: %w", k, ErrDamaged)
		}
		return nil
	})
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
