package store

import (
	"encoding/json"
	"fmt"
	"hash/crc32"
	"time"

	bolt "go.etcd.io/bbolt"

	"alama/annotate"
)

// The model bucket holds the project's trained tagger: keyModelInfo a
// modelRecord, keyModelData the encoded model, and a nested bucket,
// bucketSuggested, docID → the training time (RFC 3339) of the model whose
// suggestions the document last received. The bucket is made by the first
// SetModel; a project without it has no model.
var (
	bucketModel     = []byte("model")
	bucketSuggested = []byte("suggested")
	keyModelInfo    = []byte("info")
	keyModelData    = []byte("data")
)

// modelRecord describes the stored model.
type modelRecord struct {
	V       int       `json:"v"`
	Trained time.Time `json:"trained"`
	Bytes   int       `json:"bytes"`
	CRC     uint32    `json:"crc"` // CRC-32 (IEEE) of the data
}

// Model returns the stored model; ok is false if there is none.
func (p *Project) Model() (annotate.StoredModel, bool, error) {
	var m annotate.StoredModel
	var ok bool
	err := p.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketModel)
		if b == nil {
			return nil
		}
		raw := b.Get(keyModelInfo)
		if raw == nil {
			return nil
		}
		var r modelRecord
		if err := json.Unmarshal(raw, &r); err != nil {
			return fmt.Errorf("model record: %w: %w", errRecord, err)
		}
		if r.V != recordVersion {
			return fmt.Errorf("model record version %d: %w", r.V, errRecord)
		}
		data := b.Get(keyModelData)
		if len(data) != r.Bytes || crc32.ChecksumIEEE(data) != r.CRC {
			return fmt.Errorf("model data does not match its record: %w", errRecord)
		}
		m = annotate.StoredModel{Data: append([]byte(nil), data...), Trained: r.Trained}
		ok = true
		return nil
	})
	if err != nil {
		return annotate.StoredModel{}, false, fmt.Errorf("model: %w", err)
	}
	return m, ok, nil
}

// SetModel stores m in one transaction, replacing the model there was.
func (p *Project) SetModel(m annotate.StoredModel) error {
	if len(m.Data) == 0 {
		return fmt.Errorf("set model: no data: %w", annotate.ErrInvalid)
	}
	raw, err := json.Marshal(modelRecord{V: recordVersion, Trained: m.Trained.UTC(), Bytes: len(m.Data), CRC: crc32.ChecksumIEEE(m.Data)})
	if err != nil {
		return fmt.Errorf("set model: %w", err)
	}
	err = p.update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketModel)
		if err != nil {
			return err
		}
		if err := b.Put(keyModelData, m.Data); err != nil {
			return err
		}
		return b.Put(keyModelInfo, raw)
	})
	if err != nil {
		return fmt.Errorf("set model: %w", err)
	}
	return nil
}

// SuggestedWith returns, for each document id, when the model whose
// suggestions it last received was trained (zero if never).
func (p *Project) SuggestedWith(ids []uint64) ([]time.Time, error) {
	out := make([]time.Time, len(ids))
	err := p.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketModel)
		if b == nil {
			return nil
		}
		s := b.Bucket(bucketSuggested)
		if s == nil {
			return nil
		}
		for i, id := range ids {
			v := s.Get(idKey(id))
			if v == nil {
				continue
			}
			t, err := time.Parse(time.RFC3339Nano, string(v))
			if err != nil {
				return fmt.Errorf("document %d: %w: %w", id, errRecord, err)
			}
			out[i] = t
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("suggested with: %w", err)
	}
	return out, nil
}

// MarkSuggested records, in one transaction, that the documents received
// the suggestions of the model trained at trained.
func (p *Project) MarkSuggested(ids []uint64, trained time.Time) error {
	v := []byte(trained.UTC().Format(time.RFC3339Nano))
	err := p.update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketModel)
		if err != nil {
			return err
		}
		s, err := b.CreateBucketIfNotExists(bucketSuggested)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if err := s.Put(idKey(id), v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("mark suggested: %w", err)
	}
	return nil
}
