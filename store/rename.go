package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// RenameLabel renames a span label in the schema and on every span that
// has it, in the undo and redo history too, in one transaction: all of it
// or nothing.
func (p *Project) RenameLabel(old, new string) error {
	return p.rename(old, new, false)
}

// RenameRelationType renames a relation type in the schema and on every
// relation that has it, history included, in one transaction.
func (p *Project) RenameRelationType(old, new string) error {
	return p.rename(old, new, true)
}

func (p *Project) rename(old, new string, relation bool) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.schema.Clone()
	var err error
	if relation {
		err = s.RenameRelationType(old, new)
	} else {
		err = s.RenameLabel(old, new)
	}
	if err != nil {
		return fmt.Errorf("rename: %w", err)
	}
	err = p.update(func(tx *bolt.Tx) error {
		if err := putSchema(tx, s); err != nil {
			return err
		}
		if relation {
			if err := renameRecords(tx.Bucket(bucketRelations), old, new, decodeRelation, func(r *relationRecord) *string { return &r.Type }); err != nil {
				return err
			}
		} else if err := renameRecords(tx.Bucket(bucketSpans), old, new, decodeSpan, func(r *spanRecord) *string { return &r.Label }); err != nil {
			return err
		}
		h := tx.Bucket(bucketHistory)
		for _, b := range []*bolt.Bucket{h.Bucket(bucketUndo), h.Bucket(bucketRedo)} {
			if err := renameHistory(b, old, new, relation); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("rename: %w", err)
	}
	p.schema = s
	p.cache = nil
	return nil
}

// renameRecords rewrites every record of b whose name field is old.
func renameRecords[R any](b *bolt.Bucket, old, new string, dec func([]byte) (R, error), field func(*R) *string) error {
	type change struct {
		k, v []byte
	}
	var changes []change // bbolt forbids writes while a cursor walks
	err := b.ForEach(func(k, v []byte) error {
		r, err := dec(v)
		if err != nil {
			return fmt.Errorf("key %x: %w", k, err)
		}
		if f := field(&r); *f == old {
			*f = new
			nv, err := encode(r)
			if err != nil {
				return err
			}
			changes = append(changes, change{append([]byte(nil), k...), nv})
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, c := range changes {
		if err := b.Put(c.k, c.v); err != nil {
			return err
		}
	}
	return nil
}

// renameHistory rewrites the undo or redo records of b that name old.
func renameHistory(b *bolt.Bucket, old, new string, relation bool) error {
	var keys, values [][]byte
	err := b.ForEach(func(k, v []byte) error {
		var h historyRecord
		if err := decode(v, &h, &h.V); err != nil {
			return fmt.Errorf("history %x: %w", k, err)
		}
		if !renameInEdit(&h.Edit, old, new, relation) {
			return nil
		}
		nv, err := encode(h)
		if err != nil {
			return err
		}
		keys, values = append(keys, append([]byte(nil), k...)), append(values, nv)
		return nil
	})
	if err != nil {
		return err
	}
	for i, k := range keys {
		if err := b.Put(k, values[i]); err != nil {
			return err
		}
	}
	return nil
}

// renameInEdit renames a label or relation type inside a stored edit and
// reports whether it changed anything.
func renameInEdit(r *editRecord, old, new string, relation bool) bool {
	changed := false
	swap := func(s *string) {
		if *s == old {
			*s, changed = new, true
		}
	}
	switch {
	case relation && r.Relation != nil:
		swap(&r.Relation.Type)
	case !relation && r.Span != nil:
		swap(&r.Span.Label)
	case !relation && r.Kind == kindRelabel:
		swap(&r.Label)
	}
	for i := range r.Edits {
		if renameInEdit(&r.Edits[i], old, new, relation) {
			changed = true
		}
	}
	return changed
}
