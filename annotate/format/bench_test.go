package format

import (
	"io"
	"iter"
	"runtime"
	"strings"
	"testing"

	"alama/annotate"
)

// benchDoc builds an article of about 4 KB: the fixture's first document
// repeated, with its spans and relations repeated at each copy.
func benchDoc(b *testing.B) *annotate.Document {
	src := fixture(b)[0]
	const copies = 12
	d := &annotate.Document{Title: src.Title, Status: annotate.StatusDone, Meta: map[string]any{"source": "bench"}}
	var text strings.Builder
	shift := 0
	var id uint64
	for c := range copies {
		if c > 0 {
			text.WriteString("\n")
			shift++
		}
		text.WriteString(src.Text)
		first := id
		for _, s := range src.Spans {
			s.ID += first
			s.Start += shift
			s.End += shift
			d.Spans = append(d.Spans, s)
			id = max(id, s.ID)
		}
		for _, r := range src.Relations {
			r.ID += first
			r.From += first
			r.To += first
			d.Relations = append(d.Relations, r)
			id = max(id, r.ID)
		}
		shift += annotate.RuneLen(src.Text)
	}
	d.Text = text.String()
	annotate.SortSpans(d.Spans)
	if err := Validate(d); err != nil {
		b.Fatal(err)
	}
	return d
}

// corpus yields n documents sharing one article, as a store would yield
// them one by one, and records in peak the largest live heap it saw
// (after a collection every 1,000 documents).
func corpus(d *annotate.Document, n int, peak *uint64) iter.Seq2[*annotate.Document, error] {
	return func(yield func(*annotate.Document, error) bool) {
		var ms runtime.MemStats
		for i := range n {
			if i%1000 == 999 {
				runtime.GC()
				runtime.ReadMemStats(&ms)
				*peak = max(*peak, ms.HeapAlloc)
			}
			c := *d
			c.ID = uint64(i + 1)
			if !yield(&c, nil) {
				return
			}
		}
	}
}

func benchExport(b *testing.B, format string, opts Options) {
	d := benchDoc(b)
	const n = 10000
	b.SetBytes(int64(n * len(d.Text)))
	b.ReportAllocs()
	var peak uint64
	for b.Loop() {
		rep, err := ExportTo(io.Discard, format, corpus(d, n, &peak), testSchema(), opts)
		if err != nil {
			b.Fatal(err)
		}
		if rep.Documents != n {
			b.Fatalf("%d documents", rep.Documents)
		}
	}
	// A streaming export keeps the heap flat however many documents pass.
	b.ReportMetric(float64(peak)/(1<<20), "live-heap-MB")
}

// Each benchmark exports 10,000 articles of about 4 KB (40 MB of text).
func BenchmarkExportJSONL(b *testing.B)   { benchExport(b, JSONL, Options{}) }
func BenchmarkExportCoNLL(b *testing.B)   { benchExport(b, CoNLL, Options{}) }
func BenchmarkExportParquet(b *testing.B) { benchExport(b, Parquet, Options{}) }
func BenchmarkExportSpacy(b *testing.B)   { benchExport(b, SpaCy, Options{}) }

func BenchmarkReadJSONL(b *testing.B) {
	d := benchDoc(b)
	var buf strings.Builder
	w := NewJSONLWriter(&buf)
	for i := range 1000 {
		c := *d
		c.ID = uint64(i + 1)
		if err := w.Write(&c); err != nil {
			b.Fatal(err)
		}
	}
	data := buf.String()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if err := ReadJSONL("b.jsonl", strings.NewReader(data), func(int, *annotate.Document) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}
