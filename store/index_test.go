package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"alama/annotate"
	"alama/annotate/arabic"
	"alama/annotate/search"
)

// indexTexts are original lines with harakat, alef variants, clitics, the
// article after lam, tatweel and an emoji.
var indexTexts = []string{
	"🙂 قالَ أحمدُ إنّ الوفدَ وصلَ إلى صنعاء صباحَ الأحد.",
	"وأحمد عاد من الموصل، ثم زار للقدس وفدٌ رسميّ.",
	"لا جديدَ في أخبار اليوم سوى ارتفاع أسعار الخبز.",
	"وصرّح إحمد بأنّ المفاوضات في القدس مستمرة 🙂🙂 حتى الخميس.",
	"أعلنت البلديّة إغلاق الطرق المؤدية إلى الموصــل بسبب الأمطار.",
	"Ahmed قال للصحفيين: آمال كبيرة على الاتفاق التجاريّ.",
	"وعاد أحمد الآن إلى مكتبه. ثم جاء الوفد.",
}

// indexDocs returns n documents made of indexTexts, each made unique by
// its number.
func indexDocs(n int) []*annotate.Document {
	docs := make([]*annotate.Document, n)
	for i := range docs {
		docs[i] = &annotate.Document{Title: "خبر", Text: fmt.Sprintf("%s\nالنشرة %d", indexTexts[i%len(indexTexts)], i)}
	}
	return docs
}

// gramBucket returns every key and value of the search index's buckets.
func gramBucket(t *testing.T, p *Project) []string {
	t.Helper()
	var kv []string
	err := p.db.View(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketGrams, bucketSqueezed} {
			err := tx.Bucket(name).ForEach(func(k, v []byte) error {
				kv = append(kv, fmt.Sprintf("%s:%x=%x", name, k, v))
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return kv
}

// TestSearchIndexedMatchesMemory compares search over a project's index
// with search over the same documents held in memory.
func TestSearchIndexedMatchesMemory(t *testing.T) {
	p := openTest(t, "")
	docs := indexDocs(len(indexTexts) * 2)
	ids, err := p.Import(docs)
	if err != nil {
		t.Fatal(err)
	}
	var mem search.Docs
	for i, d := range docs {
		mem = append(mem, &annotate.Document{ID: ids[i], Text: d.Text})
	}
	queries := []string{"احمد", "أحمَد", "الموصل", "القدس", "قدس", "صنعاء", "🙂", "🙂🙂", "و", "وا", "ال",
		"الاتفاق التجاري", "ahmed", "AHM", "دمشق", "النشرة 1", "\n", "ـ"}
	indexed, inMemory := search.NewIndex(p), search.NewIndex(mem)
	for _, q := range queries {
		for _, words := range []bool{false, true} {
			for _, limit := range []int{0, 3} {
				t.Run(fmt.Sprintf("%s/words=%v/limit=%d", q, words, limit), func(t *testing.T) {
					opt := search.Options{Words: words, Limit: limit, Context: 10}
					got, err := indexed.Search(q, opt)
					if err != nil {
						t.Fatal(err)
					}
					want, err := inMemory.Search(q, opt)
					if err != nil {
						t.Fatal(err)
					}
					if !slices.Equal(got, want) {
						t.Errorf("indexed %v\nin memory %v", got, want)
					}
				})
			}
		}
	}
	if hits, _ := inMemory.Search("احمد", search.Options{}); len(hits) != 8 {
		t.Errorf("the fixture has %d hits of احمد, want 8", len(hits))
	}
}

// candidates collects the candidates of query, folded.
func candidates(p *Project, query string) ([]uint64, error) {
	var ids []uint64
	for id, err := range p.Candidates(arabic.FoldString(query)) {
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func TestCandidates(t *testing.T) {
	p := openTest(t, "")
	ids, err := p.Import(indexDocs(len(indexTexts)))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		query string
		want  []int // indexes into indexTexts
	}{
		{"احمد", []int{0, 1, 3, 6}},
		{"🙂", []int{0, 3}},
		{"🙂🙂", []int{3}},
		{"ahmed", []int{5}},
		{"ال", []int{0, 1, 2, 3, 4, 5, 6}},
		{"الموصل", []int{1, 4}},
		{"دمشق", nil},
		{"الموصل بسبب", []int{4}},
		{"الموصل،", []int{1}},
		{"احمد الوفد", nil}, // every gram in text 6, apart
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			got, err := candidates(p, tc.query)
			if err != nil {
				t.Fatal(err)
			}
			var want []uint64
			for _, i := range tc.want {
				want = append(want, ids[i])
			}
			if !slices.Equal(got, want) {
				t.Errorf("Candidates(%q) = %v, want %v", tc.query, got, want)
			}
		})
	}
}

// TestIndexSameByImportAndMigration builds the index of enough documents
// to fill several chunks three ways: one import, imports of uneven
// batches with single documents and a layer among them, and the
// migration of a version 1 file. All three must be the same bytes.
func TestIndexSameByImportAndMigration(t *testing.T) {
	docs := indexDocs(1300)
	dir := t.TempDir()

	one := openTest(t, filepath.Join(dir, "one.alama"))
	if _, err := one.Import(docs); err != nil {
		t.Fatal(err)
	}
	want := gramBucket(t, one)

	batches := openTest(t, filepath.Join(dir, "batches.alama"))
	rest := docs
	for size := 1; len(rest) > 0; size = size*3 + 1 {
		n := min(size, len(rest))
		switch {
		case n == 1:
			if _, _, err := importDocument(batches, rest[0]); err != nil {
				t.Fatal(err)
			}
		case size%2 == 0:
			if _, err := batches.ReplaceLayer("", rest[:n]); err != nil {
				t.Fatal(err)
			}
		default:
			if _, err := batches.Import(rest[:n]); err != nil {
				t.Fatal(err)
			}
		}
		rest = rest[n:]
	}
	if got := gramBucket(t, batches); !slices.Equal(got, want) {
		t.Errorf("index of batched imports differs from one import's (%d and %d entries)", len(got), len(want))
	}

	// Turn a copy into a version 1 file, without the index.
	path := filepath.Join(dir, "old.alama")
	old := openTest(t, path)
	if _, err := old.Import(docs); err != nil {
		t.Fatal(err)
	}
	err := old.db.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketGrams, bucketSqueezed} {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keyVersion, binary.BigEndian.AppendUint64(nil, 1))
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	migrated := openTest(t, path)
	if got := gramBucket(t, migrated); !slices.Equal(got, want) {
		t.Errorf("index of the migration differs from the import's (%d and %d entries)", len(got), len(want))
	}
	backups, err := Backups(path)
	if err != nil || !slices.ContainsFunc(backups, func(b Backup) bool { return b.Kind == BackupUpgrade }) {
		t.Errorf("backups after the migration: %v, %v", backups, err)
	}
	want2 := 0
	for _, d := range docs {
		want2 += strings.Count(arabic.FoldString(d.Text), "الموصل")
	}

	// Built in many transactions, as after an upgrade cut short.
	steps := openTest(t, filepath.Join(dir, "steps.alama"))
	if _, err := steps.Import(docs); err != nil {
		t.Fatal(err)
	}
	unindex(t, steps)
	if errs := steps.Check(); len(errs) != 1 || !errors.Is(errs[0], errIndexIncomplete) {
		t.Errorf("Check of a half-built index = %v", errs)
	}
	if _, err := candidates(steps, "الموصل"); !errors.Is(err, errIndexIncomplete) {
		t.Errorf("candidates of a half-built index: %v", err)
	}
	if err := steps.finishIndex(97); err != nil {
		t.Fatal(err)
	}
	if got := gramBucket(t, steps); !slices.Equal(got, want) {
		t.Errorf("index built 97 documents at a time differs from the import's (%d and %d entries)", len(got), len(want))
	}

	hits, err := search.NewIndex(migrated).Search("الموصل", search.Options{Limit: 5000})
	if err != nil || len(hits) != want2 {
		t.Errorf("search after the migration: %d hits, want %d (%v)", len(hits), want2, err)
	}
}

// unindex empties p's search index and marks every document as not yet
// in it, as the upgrade to format version 2 leaves a project.
func unindex(t *testing.T, p *Project) {
	t.Helper()
	err := p.db.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketGrams, bucketSqueezed} {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
		return startIndex(tx)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestNewProjectHasNoUpgradeBackup(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.alama")
	p := openTest(t, path)
	importSample(t, p)
	if _, err := os.Stat(BackupDir(path)); err == nil {
		t.Errorf("a new project has a backup folder")
	}
}

// TestCheckFindsIndexDamage damages the index in several ways; Check must
// report each.
func TestCheckFindsIndexDamage(t *testing.T) {
	tests := []struct {
		name   string
		damage func(tx *bolt.Tx) error
		report string
	}{
		{"entry missing", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketGrams).Delete(append(gramPrefix(arabic.FoldString("🙂")), idKey(1)...))
		}, "gram entries"},
		{"unknown document", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketGrams).Put(append(gramPrefix("zzz"), idKey(99)...), nil)
		}, "does not exist"},
		{"bad gap", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketGrams).Put(append(gramPrefix("ق"), idKey(1)...), []byte{0x80})
		}, "bad id gap"},
		{"bitmap naming no document", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketGrams).Put(append(gramPrefix("ق"), idKey(1)...), []byte{bitmapChunk, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80})
		}, "does not exist"},
		{"malformed key", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketGrams).Put([]byte{7, 'x'}, nil)
		}, "malformed"},
		{"squeezed text changed", func(tx *bolt.Tx) error {
			b := tx.Bucket(bucketSqueezed)
			rec := slices.Clone(b.Get(squeezeKey(1)))
			rec[len(rec)-1]++ // the last digit of the group's last text
			return b.Put(squeezeKey(1), rec)
		}, "squeezed text differs"},
		{"squeezed text of no document", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketSqueezed).Put(idKey(99), []byte{3, 1, 'x'})
		}, "which does not exist"},
		{"squeezed record cut short", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketSqueezed).Put(idKey(0), []byte{1, 9, 'x'})
		}, "bad entry"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Open(filepath.Join(t.TempDir(), "p.alama"), Options{Now: clock()})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = p.Close() })
			if _, err := p.Import(indexDocs(len(indexTexts))); err != nil {
				t.Fatal(err)
			}
			if errs := p.Check(); len(errs) > 0 {
				t.Fatalf("Check before damage: %v", errs)
			}
			err = p.db.Update(tc.damage)
			if err != nil {
				t.Fatal(err)
			}
			var msgs []string
			for _, err := range p.Check() {
				msgs = append(msgs, err.Error())
			}
			if !strings.Contains(strings.Join(msgs, "\n"), tc.report) {
				t.Errorf("Check = %q, want a report with %q", msgs, tc.report)
			}
		})
	}
}

// FuzzGrams checks what search relies on: when a folded text contains a
// folded query, the text holds every gram Candidates looks up.
func FuzzGrams(f *testing.F) {
	for _, s := range indexTexts {
		f.Add(s, "احمد")
	}
	f.Add("🙂 كَتَبَ", "كتب")
	f.Add("ab", "b")
	f.Add("a", "a")
	f.Add("abcabcab", "ca")
	var set gramSet
	f.Fuzz(func(t *testing.T, text, query string) {
		ft, fq := arabic.FoldString(text), arabic.FoldString(query)
		held := map[string]bool{}
		grams(ft, func(g string) {
			if held[g] {
				t.Errorf("gram %q given twice", g)
			}
			held[g] = true
		})
		// The set that import, check and delete use, which derives the
		// shorter grams from the trigrams, holds the same grams once each.
		codes := set.of(ft)
		of := map[string]bool{}
		for _, c := range codes {
			g := gramString(c)
			if of[g] || !held[g] {
				t.Errorf("gramSet gives %q twice or not a gram of %q", g, ft)
			}
			of[g] = true
		}
		if len(of) != len(held) {
			t.Errorf("gramSet gives %d grams of %q, want %d", len(of), ft, len(held))
		}
		squeezes := func(sq []byte) bool {
			_, ok := new(gramSet).ofSqueezed(ft, sq)
			return ok
		}
		if sq := squeeze(ft); !squeezes(sq) || squeezes(append(sq, 'x')) || len(sq) > 0 && (squeezes(sq[1:]) || squeezes(append([]byte{sq[0] ^ 1}, sq[1:]...))) {
			t.Errorf("ofSqueezed does not tell the squeezed text of %q", ft)
		}
		if fq == "" || !strings.Contains(ft, fq) {
			return
		}
		for _, g := range queryGrams(fq) {
			if !held[g] {
				t.Errorf("text %q holds query %q but not its gram %q", ft, fq, g)
			}
		}
	})
}

// FuzzChunkIDs decodes arbitrary chunk values: an error or ascending ids,
// never a panic, and ids that encode back to the same value.
func FuzzChunkIDs(f *testing.F) {
	f.Add(uint64(1), []byte{1, 2, 3})
	f.Add(uint64(7), []byte{})
	f.Add(uint64(1<<63), []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Fuzz(func(t *testing.T, first uint64, v []byte) {
		ids, err := chunkIDs(nil, first, v)
		if err != nil {
			return
		}
		var enc []byte
		for i := 1; i < len(ids); i++ {
			if ids[i] <= ids[i-1] {
				t.Fatalf("ids %v not ascending", ids)
			}
			enc = binary.AppendUvarint(enc, ids[i]-ids[i-1])
		}
		if !bytes.Equal(enc, v) {
			t.Errorf("chunk %x decodes to %v, which encodes as %x", v, ids, enc)
		}
	})
}

// TestChunks encodes random ascending id lists, sparse and dense, and
// reads them back; the shorter form is chosen.
func TestChunks(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	for n := range 2000 {
		ids := []uint64{1 + r.Uint64N(1<<40)}
		step := 1 + r.Uint64N([]uint64{2, 20, 300, 1 << 20}[n%4])
		for range r.IntN(600) {
			ids = append(ids, ids[len(ids)-1]+1+r.Uint64N(step))
		}
		val := encodeChunk(ids)
		got, err := chunkIDs(nil, ids[0], val)
		if err != nil || !slices.Equal(got, ids) {
			t.Fatalf("ids %v: value %x reads back as %v, %v", ids, val, got, err)
		}
		var gaps []byte
		for i := 1; i < len(ids); i++ {
			gaps = binary.AppendUvarint(gaps, ids[i]-ids[i-1])
		}
		bitmap := 1 + (ids[len(ids)-1]-ids[0]+7)/8
		if len(ids) > 1 && uint64(len(val)) != min(uint64(len(gaps)), bitmap) {
			t.Fatalf("ids %v: value of %d bytes, gaps take %d and a bitmap %d", ids, len(val), len(gaps), bitmap)
		}
	}
}

// TestAppendPostingsChunks appends dense and sparse ids in several
// batches and checks the chunks: none past chunkBytes, all read back.
func TestAppendPostingsChunks(t *testing.T) {
	db, err := bolt.Open(filepath.Join(t.TempDir(), "grams.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucket(bucketGrams)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var want []uint64
	id := uint64(1)
	r := rand.New(rand.NewPCG(4, 4))
	for batch := range 40 {
		var ids []uint64
		for range 500 {
			id += 1 + r.Uint64N([]uint64{1, 3, 200}[batch%3])
			ids = append(ids, id)
		}
		err := db.Update(func(tx *bolt.Tx) error { return appendPostings(tx.Bucket(bucketGrams), "ق", ids) })
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, ids...)
	}
	err = db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketGrams)
		got, err := postings(b, "ق")
		if err != nil {
			return err
		}
		if !slices.Equal(got, want) {
			t.Errorf("posting list of %d ids read back as %d", len(want), len(got))
		}
		c := b.Cursor()
		prefix := gramPrefix("ق")
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if len(v) > chunkBytes {
				t.Errorf("chunk %x holds %d bytes", k, len(v))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
