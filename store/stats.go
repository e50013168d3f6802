package store

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"alama/annotate"
)

// Stats counts documents by status, spans by label and relations by type
// (see annotate.Stats). It reads no text. Records that cannot be read are left out of the
// counts and listed in Stats.Unreadable.
func (p *Project) Stats() (*annotate.Stats, error) {
	st := &annotate.Stats{
		ByStatus:        map[annotate.Status]int{},
		SpansByLabel:    map[string]int{},
		RelationsByType: map[string]int{},
	}
	err := p.sweep(func(tx *bolt.Tx, read func()) error {
		err := tx.Bucket(bucketDocs).ForEach(func(k, v []byte) error {
			defer read()
			r, err := decodeDoc(v)
			if err != nil {
				unreadable(st, k, fmt.Errorf("document %s: %w", idOf(k), err))
				return nil
			}
			st.Documents++
			st.ByStatus[annotate.Status(r.Status)]++
			return nil
		})
		if err != nil {
			return err
		}
		err = tx.Bucket(bucketSpans).ForEach(func(k, v []byte) error {
			defer read()
			r, err := decodeSpan(v)
			if err != nil {
				unreadable(st, k, fmt.Errorf("document %s: span %s: %w", idOf(k), subID(k), err))
				return nil
			}
			st.Spans++
			st.SpansByLabel[r.Label]++
			if r.Suggested {
				st.Suggested++
			}
			return nil
		})
		if err != nil {
			return err
		}
		return tx.Bucket(bucketRelations).ForEach(func(k, v []byte) error {
			defer read()
			r, err := decodeRelation(v)
			if err != nil {
				unreadable(st, k, fmt.Errorf("document %s: relation %s: %w", idOf(k), subID(k), err))
				return nil
			}
			st.Relations++
			st.RelationsByType[r.Type]++
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("project statistics: %w", err)
	}
	return st, nil
}

// unreadable records in st that the record under key k, whose first
// eight bytes are its document's id, cannot be read.
func unreadable(st *annotate.Stats, k []byte, err error) {
	var id uint64
	if len(k) >= 8 {
		id = binary.BigEndian.Uint64(k)
	}
	st.Unreadable = append(st.Unreadable, &annotate.UnreadableError{ID: id, Err: err})
}

// idOf formats the document id a key begins with.
func idOf(k []byte) string {
	if len(k) < 8 {
		return fmt.Sprintf("key %x", k)
	}
	return fmt.Sprint(binary.BigEndian.Uint64(k))
}

// subID formats the span or relation id of a document‖id key.
func subID(k []byte) string {
	if _, id, ok := splitKey(k); ok {
		return fmt.Sprint(id)
	}
	return fmt.Sprintf("key %x", k)
}
