package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"

	"alama/annotate"
)

// Stats counts what a project holds.
type Stats struct {
	Documents       int
	ByStatus        map[annotate.Status]int
	Spans           int
	SpansByLabel    map[string]int
	Suggested       int // spans not yet accepted by a person
	Relations       int
	RelationsByType map[string]int
}

// Stats counts documents by status, spans by label and relations by type.
// It reads no text.
func (p *Project) Stats() (*Stats, error) {
	st := &Stats{
		ByStatus:        map[annotate.Status]int{},
		SpansByLabel:    map[string]int{},
		RelationsByType: map[string]int{},
	}
	err := p.sweep(func(tx *bolt.Tx, read func()) error {
		err := tx.Bucket(bucketDocs).ForEach(func(k, v []byte) error {
			defer read()
			r, err := decodeDoc(v)
			if err != nil {
				return fmt.Errorf("document %x: %w", k, err)
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
				return fmt.Errorf("span %x: %w", k, err)
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
				return fmt.Errorf("relation %x: %w", k, err)
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
