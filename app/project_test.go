package app

import (
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"

	"alama/store"
)

func TestSeed(t *testing.T) {
	tests := []struct {
		name    string
		files   fstest.MapFS
		titles  []string
		wantErr bool
	}{
		{"no samples", fstest.MapFS{}, nil, false},
		{"in name order", fstest.MapFS{
			"samples/b.txt":     {Data: []byte("الخبر الثاني\nنصّ 🙂")},
			"samples/a.txt":     {Data: []byte("الخبر الأول\nكَتَبَ المراسل")},
			"samples/notes.md":  {Data: []byte("ليس مقالًا")},
			"other/ignored.txt": {Data: []byte("خارج المجلد")},
		}, []string{"الخبر الأول", "الخبر الثاني"}, false},
		{"a bad sample", fstest.MapFS{"samples/a.txt": {Data: []byte("\xff")}}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := store.Open(filepath.Join(t.TempDir(), "p.alama"), store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			if err := Seed(p, tt.files); (err != nil) != tt.wantErr {
				t.Fatalf("Seed: %v", err)
			}
			docs, err := p.Documents()
			if err != nil {
				t.Fatal(err)
			}
			var titles []string
			for _, d := range docs {
				titles = append(titles, d.Title)
			}
			if !slices.Equal(titles, tt.titles) {
				t.Errorf("titles %q, want %q", titles, tt.titles)
			}
		})
	}
}
