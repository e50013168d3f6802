package store

import (
	"bytes"
	"testing"
)

func TestKeys(t *testing.T) {
	tests := []struct{ doc, id uint64 }{{0, 0}, {1, 2}, {1 << 40, 7}, {^uint64(0), ^uint64(0)}}
	for _, tt := range tests {
		k := key(tt.doc, tt.id)
		doc, id, ok := splitKey(k)
		if !ok || doc != tt.doc || id != tt.id {
			t.Errorf("splitKey(key(%d, %d)) = %d, %d, %v", tt.doc, tt.id, doc, id, ok)
		}
		if !bytes.HasPrefix(k, idKey(tt.doc)) {
			t.Errorf("key(%d, %d) does not start with the document key", tt.doc, tt.id)
		}
	}
	// Keys sort by document, then id, so a prefix scan is one document.
	if bytes.Compare(key(1, ^uint64(0)), key(2, 0)) >= 0 {
		t.Error("keys of document 1 do not sort before document 2")
	}
	if _, _, ok := splitKey([]byte{1, 2, 3}); ok {
		t.Error("a short key split")
	}
}

// FuzzDecodeRecords feeds arbitrary bytes to every record decoder: they
// must return an error or a record, never panic, and what decodes must
// survive encoding again.
func FuzzDecodeRecords(f *testing.F) {
	f.Add([]byte(`{"v":1,"title":"خبر 🙂","status":"new","runes":5,"spans":1,"relations":0,"hash":"00"}`))
	f.Add([]byte(`{"v":1,"start":7,"end":15,"label":"ACTOR","attrs":{"type":"person"},"created":"2026-11-30T10:15:00Z"}`))
	f.Add([]byte(`{"v":1,"type":"AGENT","from":4,"to":3}`))
	f.Add([]byte(`{"v":1,"labels":[{"name":"ACTOR","color":"#e6194b","attrs":[{"name":"type","values":["person"]}]}],"relations":[]}`))
	f.Add([]byte(`{"v":0}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if r, err := decodeDoc(data); err == nil {
			if _, err := encode(r); err != nil {
				t.Errorf("document record does not encode: %v", err)
			}
		}
		if r, err := decodeSpan(data); err == nil {
			if got, err := encode(newSpanRecord(r.span(1))); err != nil {
				t.Errorf("span record does not encode: %v", err)
			} else if _, err := decodeSpan(got); err != nil {
				t.Errorf("span record %s does not decode again: %v", got, err)
			}
		}
		if r, err := decodeRelation(data); err == nil {
			if _, err := encode(newRelationRecord(r.relation(1))); err != nil {
				t.Errorf("relation record does not encode: %v", err)
			}
		}
		if s, err := decodeSchema(data); err == nil {
			if _, err := copySchema(s); err != nil {
				t.Errorf("schema does not encode: %v", err)
			}
		}
	})
}
