package store

import (
	"encoding/binary"
	"path/filepath"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"alama/annotate/search"
)

// TestLargeIndexMigration copies the large project, turns the copy into a
// format 1 file without the search index, and logs how long the upgrade
// that builds the index takes on open. Run it alone, so that the peak
// resident set is mostly the upgrade's:
//
//	go test ./store/ -run TestLargeIndexMigration -v -large.project=/tmp/large.alama
func TestLargeIndexMigration(t *testing.T) {
	src := needLarge(t)
	path := filepath.Join(t.TempDir(), "old.alama")
	if err := copyFile(path, src); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketGrams, bucketSqueezed} {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keyVersion, binary.BigEndian.AppendUint64(nil, 1))
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	p, err := Open(path, Options{KeepBackups: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	took := time.Since(start)
	orig, err := Open(src, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer orig.Close()
	for _, q := range []string{"صنعاء", "الاتفاق التجاري", "12%"} {
		want, err := candidates(orig, q)
		if err != nil {
			t.Fatal(err)
		}
		got, err := candidates(p, q)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("%q: %d candidates after the upgrade, %d in the project (%v)", q, len(got), len(want), err)
		}
	}
	t.Logf("upgrade to format %d with the search index (backup copy included): %v; peak resident set %s",
		FormatVersion, took.Round(time.Millisecond), peakRSS())
}

// BenchmarkLargeSearchApart times queries whose words are in most
// documents but never side by side, so that no candidate has a hit: the
// search index's worst case.
func BenchmarkLargeSearchApart(b *testing.B) {
	p, _ := openLarge(b)
	queries := []string{"في المياه", "الحكومة السكان", "من الشهر"}
	x := search.NewIndex(p)
	b.ResetTimer()
	for i := range b.N {
		hits, err := x.Search(queries[i%len(queries)], search.Options{Limit: 1000, Context: 30})
		if err != nil {
			b.Fatal(err)
		}
		if len(hits) != 0 {
			b.Fatalf("%d hits of %q", len(hits), queries[i%len(queries)])
		}
	}
}
