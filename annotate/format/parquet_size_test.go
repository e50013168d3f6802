package format

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"alama/annotate"
)

// newsfaneDocs reads the NewsFANE slice as CoNLL, perDoc sentences a
// document, with meta and an annotator on every span as a project would
// have them.
func newsfaneDocs(t testing.TB, perDoc int) []*annotate.Document {
	t.Helper()
	data, err := os.ReadFile("../../testdata/newsfane/newsfane-slice.txt")
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.ReplaceAll(bytes.TrimPrefix(data, bom), []byte("\r\n"), []byte("\n"))
	// Lines holding only white space end sentences.
	var b bytes.Buffer
	sents, inSent := 0, false
	for line := range strings.Lines(string(data)) {
		if strings.TrimSpace(line) == "" {
			if inSent {
				b.WriteString("\n")
			}
			inSent = false
			continue
		}
		if !inSent {
			if sents%perDoc == 0 {
				b.WriteString("-DOCSTART- O\n\n")
			}
			sents++
			inSent = true
		}
		b.WriteString(line)
	}
	docs, err := readAll(t, CoNLL, b.Bytes(), ImportOptions{Annotator: "amal"})
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range docs {
		d.ID = uint64(i + 1)
		d.Meta = map[string]any{"source": "NewsFANE Gold", "n": float64(i)}
		for j := range d.Spans {
			d.Spans[j].ID = uint64(j + 1)
		}
	}
	return docs
}

// TestParquetSize keeps a Parquet export of a real corpus within 1.2 times
// its JSONL, in short and in long documents, with Snappy compression and
// no statistics on free-text columns.
func TestParquetSize(t *testing.T) {
	for _, perDoc := range []int{1, 10, 1000} {
		docs := newsfaneDocs(t, perDoc)
		pq, _ := exportBytes(t, Parquet, docs, Options{})
		jl, _ := exportBytes(t, JSONL, docs, Options{})
		ratio := float64(len(pq)) / float64(len(jl))
		t.Logf("%d documents: Parquet %d bytes, JSONL %d bytes, ratio %.2f", len(docs), len(pq), len(jl), ratio)
		if ratio > 1.2 {
			t.Errorf("%d documents: Parquet is %.2f times the JSONL", len(docs), ratio)
		}
		f, err := parquet.OpenFile(bytes.NewReader(pq), int64(len(pq)))
		if err != nil {
			t.Fatal(err)
		}
		free := map[string]bool{}
		for _, p := range parquetFreeText {
			free[strings.Join(p, ".")] = true
		}
		for _, rg := range f.Metadata().RowGroups {
			for _, c := range rg.Columns {
				path := strings.Join(c.MetaData.PathInSchema, ".")
				if c.MetaData.Codec.String() != "SNAPPY" {
					t.Errorf("column %s: codec %v, want SNAPPY", path, c.MetaData.Codec)
				}
				st := c.MetaData.Statistics
				if free[path] && len(st.MinValue)+len(st.MaxValue)+len(st.Min)+len(st.Max) > 0 {
					t.Errorf("column %s has min/max statistics", path)
				}
			}
		}
		if len(free) != 5 {
			t.Errorf("free-text columns %v", free)
		}
	}
}
