package store

import (
	"encoding/binary"
	"errors"
	"path/filepath"
	"slices"
	"testing"

	bolt "go.etcd.io/bbolt"

	"alama/annotate"
)

func TestListEntryRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		rec  docRecord
	}{
		{"empty", docRecord{Status: "new"}},
		{"arabic title", docRecord{Title: "وصول الوزير", Status: "in_progress", Runes: 93, Spans: 6, Relations: 4}},
		{"large counts", docRecord{Title: "x\ty", Status: "done", Runes: 64 << 20, Spans: 1 << 20, Relations: 300}},
		{"unknown status", docRecord{Title: "t", Status: "odd"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := viewListEntry(encodeListEntry(tt.rec))
			if err != nil {
				t.Fatal(err)
			}
			if !e.shows(tt.rec) {
				t.Errorf("entry %+v does not show %+v", e, tt.rec)
			}
			other := tt.rec
			other.Spans++
			if e.shows(other) {
				t.Errorf("entry %+v shows %+v", e, other)
			}
		})
	}
	for _, bad := range [][]byte{nil, {}, {2, 0, 0, 0, 0}, {listVersion, 0, 0}, {listVersion, 0, 0, 0, 9, 'n'}, {listVersion, 0x80}} {
		if _, err := viewListEntry(bad); !errors.Is(err, errRecord) {
			t.Errorf("viewListEntry(%x) = %v, want errRecord", bad, err)
		}
	}
}

// TestListFollowsEdits lists a project through its edits: import, a status
// change, new spans, deletion; the list bucket and the records agree.
func TestListFollowsEdits(t *testing.T) {
	p := openTest(t, "")
	id := importSample(t, p)
	second := sampleDoc()
	second.Text += "\nسطر آخر."
	second.Title = "الثاني"
	ids, err := p.Import([]*annotate.Document{second})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Apply(id, annotate.SetStatus{Status: annotate.StatusDone}); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Apply(ids[0], annotate.AddSpan{Span: annotate.Span{Start: 16, End: 17, Label: "EVENT", Annotator: "amal"}}); err != nil {
		t.Fatal(err)
	}
	want := []annotate.DocInfo{
		{ID: id, Title: "وصول الوزير", Status: annotate.StatusDone, Runes: annotate.RuneLen(sampleText), Spans: 6, Relations: 4},
		{ID: ids[0], Title: "الثاني", Status: annotate.StatusInProgress, Runes: annotate.RuneLen(second.Text), Spans: 7, Relations: 4},
	}
	if got, err := p.Documents(); err != nil || !slices.Equal(got, want) {
		t.Errorf("Documents = %+v, %v\nwant %+v", got, err, want)
	}
	if got := listFromRecords(t, p); !slices.Equal(got, want) {
		t.Errorf("from the records: %+v\nwant %+v", got, want)
	}
	if err := p.DeleteDocuments([]uint64{id}); err != nil {
		t.Fatal(err)
	}
	if got, err := p.Documents(); err != nil || !slices.Equal(got, want[1:]) {
		t.Errorf("after delete: Documents = %+v, %v", got, err)
	}
}

// listFromRecords lists p's documents from their records, as a file from
// before the list bucket is listed.
func listFromRecords(t *testing.T, p *Project) []annotate.DocInfo {
	t.Helper()
	var out []annotate.DocInfo
	err := p.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketDocs).ForEach(func(k, v []byte) error {
			e, err := viewDocRecord(v)
			if err != nil {
				return err
			}
			out = append(out, annotate.DocInfo{ID: bigEndian(k), Title: string(e.title), Status: internStatus(e.status),
				Runes: e.runes, Spans: e.spans, Relations: e.relations})
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestListOfVersion4 reads a version 4 file, which has no list bucket,
// read-only as it is, then upgrades it on an open for writing, after a
// backup.
func TestListOfVersion4(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v4.alama")
	p := openTest(t, path)
	importSample(t, p)
	want, err := p.Documents()
	if err != nil {
		t.Fatal(err)
	}
	err = p.db.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bucketList); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keyVersion, binary.BigEndian.AppendUint64(nil, 4))
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}

	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := ro.Documents(); err != nil || !slices.Equal(got, want) {
		t.Errorf("version 4, read-only: Documents = %+v, %v\nwant %+v", got, err, want)
	}
	if errs := ro.Check(); len(errs) != 0 {
		t.Errorf("Check of version 4: %v", errs)
	}
	if err := ro.Close(); err != nil {
		t.Fatal(err)
	}

	up := openTest(t, path)
	if got, err := up.Documents(); err != nil || !slices.Equal(got, want) {
		t.Errorf("upgraded: Documents = %+v, %v", got, err)
	}
	backups, err := Backups(path)
	if err != nil || !slices.ContainsFunc(backups, func(b Backup) bool { return b.Kind == BackupUpgrade }) {
		t.Errorf("backups after the upgrade: %v, %v", backups, err)
	}
	_ = up.view(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketList).Stats().KeyN != 1 {
			t.Errorf("list bucket after the upgrade holds %d entries", tx.Bucket(bucketList).Stats().KeyN)
		}
		return nil
	})

	// A version 5 file without its list bucket is damaged.
	if err := up.db.Update(func(tx *bolt.Tx) error { return tx.DeleteBucket(bucketList) }); err != nil {
		t.Fatal(err)
	}
	if errs := up.Check(); len(errs) == 0 || !errors.Is(errs[0], ErrDamaged) {
		t.Errorf("Check without the list bucket: %v", errs)
	}
	if err := up.db.Update(addList); err != nil {
		t.Fatal(err)
	}
}
