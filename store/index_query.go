package store

import (
	"bytes"
	"fmt"
	"iter"
	"slices"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"alama/annotate"
)

// Reading the search index (see index.go): the candidate documents of a
// folded query.

// candidatePage is how many candidates Candidates checks against their
// squeezed texts in one read transaction.
const candidatePage = 256

// Candidates yields, in ascending order, the ids of the documents whose
// folded text may contain folded, a query already folded with
// arabic.FoldString: every document that does is among them. It reads
// only the project's search index, kept up to date by every import, and
// checks the candidates of a query longer than a gram a page at a time, so
// a caller that stops early reads little. No transaction stays open while
// it yields.
func (p *Project) Candidates(folded string) iter.Seq2[uint64, error] {
	return func(yield func(uint64, error) bool) {
		ids, err := p.gramCandidates(folded)
		if err != nil {
			yield(0, fmt.Errorf("search index: %w", err))
			return
		}
		exact := utf8.RuneCountInString(folded) <= gramRunes // the gram's own list
		sq := squeeze(folded)
		for page := range slices.Chunk(ids, candidatePage) {
			if !exact {
				if page, err = p.squeezedFilter(page, sq); err != nil {
					yield(0, fmt.Errorf("search index: %w", err))
					return
				}
			}
			for _, id := range page {
				if !yield(id, nil) {
					return
				}
			}
		}
	}
}

// gramCandidates returns the documents that hold every gram of folded.
func (p *Project) gramCandidates(folded string) ([]uint64, error) {
	if folded == "" {
		return nil, nil
	}
	var ids []uint64
	err := p.sweep(func(tx *bolt.Tx, _ func()) error {
		b := tx.Bucket(bucketGrams)
		if b == nil {
			return fmt.Errorf("bucket %q is missing: %w", bucketGrams, ErrDamaged)
		}
		if tx.Bucket(bucketMeta).Get(keyIndexNext) != nil {
			return errIndexIncomplete
		}
		// Decode only the shortest list; the others, shortest first,
		// are walked chunk by chunk to thin it, so a query of common
		// grams holds one list, not one per gram.
		grams := queryGrams(folded)
		sizes := make([]int, len(grams))
		for i, g := range grams {
			if sizes[i] = postingBytes(b, g); sizes[i] == 0 {
				return nil
			}
		}
		order := make([]int, len(grams))
		for i := range order {
			order[i] = i
		}
		slices.SortFunc(order, func(i, j int) int { return sizes[i] - sizes[j] })
		var err error
		if ids, err = postings(b, grams[order[0]]); err != nil {
			return err
		}
		for _, i := range order[1:] {
			if ids, err = keepPostings(b, grams[i], ids); err != nil || len(ids) == 0 {
				return err
			}
		}
		return nil
	})
	return ids, err
}

// squeezedFilter keeps, in place, the ids whose squeezed text contains sq.
func (p *Project) squeezedFilter(ids []uint64, sq []byte) ([]uint64, error) {
	kept := ids[:0]
	err := p.sweep(func(tx *bolt.Tx, read func()) error {
		sb := tx.Bucket(bucketSqueezed)
		if sb == nil {
			return fmt.Errorf("bucket %q is missing: %w", bucketSqueezed, ErrDamaged)
		}
		for _, id := range ids {
			read()
			v, ok, err := squeezedText(sb, id)
			if err != nil {
				return err
			}
			if !ok {
				return fmt.Errorf("document %d has no squeezed text: %w", id, ErrDamaged)
			}
			if bytes.Contains(v, sq) {
				kept = append(kept, id)
			}
		}
		return nil
	})
	return kept, err
}

// Text returns the text of document id, without its spans and relations.
func (p *Project) Text(id uint64) (string, error) {
	var text string
	err := p.view(func(tx *bolt.Tx) error {
		t := tx.Bucket(bucketTexts).Get(idKey(id))
		if t == nil {
			return fmt.Errorf("document %d: %w", id, annotate.ErrNotFound)
		}
		text = string(t)
		return nil
	})
	return text, err
}
