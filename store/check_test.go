package store

import (
	"crypto/sha256"
	"fmt"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

func TestCheckFindsPlantedViolations(t *testing.T) {
	putSpan := func(doc, id uint64, json string) func(tx *bolt.Tx) error {
		return func(tx *bolt.Tx) error { return tx.Bucket(bucketSpans).Put(key(doc, id), []byte(json)) }
	}
	tests := []struct {
		name  string
		plant func(tx *bolt.Tx) error
		want  string
	}{
		{"label not in the schema", putSpan(1, 1, `{"v":1,"start":7,"end":15,"label":"PERSON"}`), `label "PERSON"`},
		{"span off a grapheme boundary", putSpan(1, 1, `{"v":1,"start":1,"end":6,"label":"EVENT"}`), "splits a character"},
		{"span out of range", putSpan(1, 1, `{"v":1,"start":80,"end":200,"label":"EVENT"}`), "outside text"},
		{"undecodable span", putSpan(1, 1, `{"v":1,"start":`), "bad record"},
		{"record from another version", putSpan(1, 1, `{"v":9,"start":7,"end":15,"label":"ACTOR"}`), "record version 9"},
		{"relation to a missing span", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketRelations).Put(key(1, 10), []byte(`{"v":1,"type":"AGENT","from":4,"to":99}`))
		}, "span 99"},
		{"relation of a disallowed pair", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketRelations).Put(key(1, 10), []byte(`{"v":1,"type":"AGENT","from":4,"to":2}`))
		}, "may not link"},
		{"text not NFC", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketTexts).Put(idKey(1), []byte(strings.Replace(sampleText, "أنّ", "ا\u0654نّ", 1)))
		}, "not normalized"},
		{"hash index entry gone", func(tx *bolt.Tx) error {
			sum := sha256.Sum256([]byte(sampleText))
			return tx.Bucket(bucketHashes).Delete(sum[:])
		}, "hash index does not point"},
		{"hash index entry of another text", func(tx *bolt.Tx) error {
			sum := sha256.Sum256([]byte("another text"))
			return tx.Bucket(bucketHashes).Put(sum[:], idKey(1))
		}, "the hash index holds 2 entries for 1 texts"},
		{"hash index entry of a missing document", func(tx *bolt.Tx) error {
			sum := sha256.Sum256([]byte("another text"))
			return tx.Bucket(bucketHashes).Put(sum[:], idKey(3))
		}, "names no document"},
		{"spans of a missing document", putSpan(7, 1, `{"v":1,"start":0,"end":1,"label":"EVENT"}`), "has no document"},
		{"undecodable history", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketHistory).Bucket(bucketUndo).Put(key(1, 1), []byte(`{"v":1,"edit":{"kind":"explode"}}`))
		}, `unknown edit kind "explode"`},
		{"id sequence below a used id", func(tx *bolt.Tx) error { return tx.Bucket(bucketSpans).SetSequence(2) }, "id sequence 2"},
		{"list entry differs", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketList).Put(idKey(1), encodeListEntry(docRecord{Title: "another", Status: "new"}))
		}, "entry in the document list differs"},
		{"list entry missing", func(tx *bolt.Tx) error { return tx.Bucket(bucketList).Delete(idKey(1)) }, "entry in the document list differs"},
		{"list entry of a missing document", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketList).Put(idKey(9), encodeListEntry(docRecord{Title: "x", Status: "new"}))
		}, "list key 0000000000000009 has no document"},
		{"posting of a missing document", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketGrams).Put(append(gramPrefix("ق"), idKey(9)...), nil)
		}, "names document 9, which does not exist"},
		{"posting gone", func(tx *bolt.Tx) error {
			c := tx.Bucket(bucketGrams).Cursor()
			k, _ := c.First()
			return tx.Bucket(bucketGrams).Delete(k)
		}, "search index holds"},
		{"text of a missing document", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketTexts).Put(idKey(5), []byte("x"))
		}, "texts key 0000000000000005 has no document"},
		{"relations after the last document", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketRelations).Put(key(8, 1), []byte(`{"v":1,"type":"AGENT","from":4,"to":3}`))
		}, "relations key 00000000000000080000000000000001 has no document"},
		{"document counts wrong", func(tx *bolt.Tx) error { return tx.Bucket(bucketSpans).Delete(key(1, 6)) }, "6 spans and 4 relations recorded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := openTest(t, "")
			importSample(t, p)
			if errs := p.Check(); len(errs) != 0 {
				t.Fatalf("clean project: %v", errs)
			}
			if err := p.db.Update(tt.plant); err != nil {
				t.Fatal(err)
			}
			errs := p.Check()
			found := false
			for _, err := range errs {
				found = found || strings.Contains(err.Error(), tt.want)
			}
			if !found {
				t.Errorf("Check found %v, want an error containing %q", errs, tt.want)
			}
			// Close without the cleanup's Check, which would fail too.
			if err := p.Close(); err != nil {
				t.Fatal(err)
			}
			// Read-only, part of the check runs in a second transaction
			// beside the documents: it finds the same.
			ro, err := Open(p.Path(), Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			defer ro.Close()
			if got := ro.Check(); fmt.Sprint(got) != fmt.Sprint(errs) {
				t.Errorf("read-only Check found\n%v\nwant\n%v", got, errs)
			}
		})
	}
}
