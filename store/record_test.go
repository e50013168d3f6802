package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"alama/annotate"
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

// TestMetaReadsBack: meta numbers keep every digit (an id above 2^53, a
// number beyond float64), and a meta value that would encode but not
// decode (nested deeper than the decoder reads) is refused at import,
// before it is stored, rather than breaking every later read.
func TestMetaReadsBack(t *testing.T) {
	p := openTest(t, "")
	meta := map[string]any{"id": json.Number("1790123456789012345"), "huge": json.Number("1e400"), "pi": json.Number("3.14159265358979323846264338327950288")}
	d := sampleDoc()
	d.Meta = meta
	id, _, err := importDocument(p, d)
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.Document(id)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(meta)
	if b, _ := json.Marshal(got.Meta); !bytes.Equal(b, want) {
		t.Errorf("meta read back as %s, want %s", b, want)
	}

	var deep any = "قاع"
	for range 10001 {
		deep = []any{deep}
	}
	d = sampleDoc()
	d.Text += " ثانٍ"
	d.Meta = map[string]any{"deep": deep}
	if _, _, err := importDocument(p, d); err == nil || !strings.Contains(err.Error(), "would not read back") {
		t.Errorf("deep meta: %v", err)
	}
	n := 0
	for _, err := range p.All() {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 1 {
		t.Errorf("%d documents, want 1", n)
	}
}

// TestAllGoesPastAnUnreadableDocument: a document record that cannot be
// read is one error naming that document; the others are still yielded.
func TestAllGoesPastAnUnreadableDocument(t *testing.T) {
	p, err := Open(filepath.Join(t.TempDir(), "p.alama"), Options{Now: clock(), KeepBackups: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	var ids []uint64
	for i := range 3 {
		d := sampleDoc()
		d.Text += strings.Repeat(" نص", i+1)
		id, _, err := importDocument(p, d)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	err = p.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketDocs).Put(idKey(ids[1]), []byte(`{"v":1,"title":`))
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for d, err := range p.All() {
		if err != nil {
			var ue *annotate.UnreadableError
			if !errors.As(err, &ue) || ue.ID != ids[1] {
				t.Errorf("error %v is not an UnreadableError of document %d", err, ids[1])
			}
			got = append(got, err.Error())
			continue
		}
		got = append(got, fmt.Sprint(d.ID))
	}
	if len(got) != 3 || got[0] != fmt.Sprint(ids[0]) || got[2] != fmt.Sprint(ids[2]) || !strings.HasPrefix(got[1], fmt.Sprintf("document %d: bad record", ids[1])) {
		t.Errorf("All yielded %q", got)
	}
	st, err := p.Stats()
	if err != nil {
		t.Fatal(err)
	}
	var ue *annotate.UnreadableError
	if st.Documents != 2 || len(st.Unreadable) != 1 || !errors.As(st.Unreadable[0], &ue) || ue.ID != ids[1] ||
		!strings.HasPrefix(st.Unreadable[0].Error(), fmt.Sprintf("document %d: bad record", ids[1])) {
		t.Errorf("Stats: %d documents, unreadable %v", st.Documents, st.Unreadable)
	}
}

// TestDocumentsGoesPastAnUnreadableDocument: the list takes a damaged list
// entry from the document record; a document neither can give is left out
// and named, and the others are listed.
func TestDocumentsGoesPastAnUnreadableDocument(t *testing.T) {
	p, err := Open(filepath.Join(t.TempDir(), "p.alama"), Options{Now: clock(), KeepBackups: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	var ids []uint64
	for i := range 4 {
		d := sampleDoc()
		d.Text += strings.Repeat(" نص", i+1)
		id, _, err := importDocument(p, d)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	damage := func(bucket []byte, id uint64) {
		t.Helper()
		err := p.db.Update(func(tx *bolt.Tx) error {
			return tx.Bucket(bucket).Put(idKey(id), []byte(`{"v":1,"title":`))
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	damage(bucketList, ids[1]) // its record still gives the list's fields
	damage(bucketList, ids[2])
	damage(bucketDocs, ids[2])
	damage(bucketDocs, ids[3]) // its list entry is whole: listed
	docs, err := p.Documents()
	var got []uint64
	for _, d := range docs {
		got = append(got, d.ID)
		if d.Title == "" || d.Runes == 0 {
			t.Errorf("document %d listed as %+v", d.ID, d)
		}
	}
	if want := []uint64{ids[0], ids[1], ids[3]}; !slices.Equal(got, want) {
		t.Errorf("listed %v, want %v", got, want)
	}
	var ue *annotate.UnreadableError
	if !errors.As(err, &ue) || ue.ID != ids[2] || !strings.Contains(err.Error(), fmt.Sprintf("document %d: bad record", ids[2])) {
		t.Errorf("error %v does not name document %d", err, ids[2])
	}
}
