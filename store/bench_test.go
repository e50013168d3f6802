package store

import (
	"io"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"alama/annotate"
	"alama/annotate/format"
)

// benchWords are original news-style words, some with harakat, from which
// the benchmarks build articles.
var benchWords = strings.Fields("أعلنَ الوزيرُ اليومَ أنّ الحكومة ستعقد اجتماعًا طارئًا في العاصمة لبحث " +
	"الأزمة الاقتصادية وارتفاع الأسعار وقال المتحدث باسم الوزارة إنّ القرار " +
	"سيصدر خلال أيام بعد مشاورات مع النقابات والبرلمان وأكّد مسؤولٌ محلّيٌّ " +
	"أنّ الأمطار الغزيرة تسبّبت في إغلاق طرق رئيسية شمال البلاد 🙂 فيما " +
	"دعت منظمات إنسانية إلى إرسال مساعدات عاجلة للأسر المتضرّرة")

// article returns a generated article of about n words.
func article(r *rand.Rand, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			if i%15 == 0 {
				b.WriteString(".\n")
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(benchWords[r.IntN(len(benchWords))])
	}
	b.WriteByte('.')
	text, err := annotate.NormalizeText([]byte(b.String()))
	if err != nil {
		panic(err) // the words above are valid text
	}
	return text
}

// wordStarts returns the code-point offsets where words start and end.
func wordStarts(text string) (starts, ends []int) {
	in := false
	i := 0
	for _, c := range text {
		space := c == ' ' || c == '\n' || c == '.'
		if !space && !in {
			starts = append(starts, i)
		}
		if space && in {
			ends = append(ends, i)
		}
		in = !space
		i++
	}
	if in {
		ends = append(ends, i)
	}
	return starts, ends
}

// BenchmarkApply commits one AddSpan per iteration, with fsync, on a
// 5,000-word document holding 500 spans. "ours" skips the fsync to show
// the store's own share of the cost.
func BenchmarkApply(b *testing.B) {
	for _, sync := range []bool{true, false} {
		name := "fsync"
		if !sync {
			name = "ours"
		}
		b.Run(name, func(b *testing.B) {
			r := rand.New(rand.NewPCG(1, 2))
			p, err := Open(filepath.Join(b.TempDir(), "bench.alama"), Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer p.Close()
			p.db.NoSync = !sync
			d := &annotate.Document{Title: "مقال", Text: article(r, 5000)}
			starts, ends := wordStarts(d.Text)
			for i := range 500 {
				w := r.IntN(len(starts))
				d.Spans = append(d.Spans, annotate.Span{ID: uint64(i + 1), Start: starts[w], End: ends[w], Label: "ACTOR"})
			}
			id, _, err := importDocument(p, d)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := p.Document(id); err != nil {
				b.Fatal(err)
			}
			times := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for range b.N {
				w := r.IntN(len(starts))
				start := time.Now()
				_, err := p.Apply(id, annotate.AddSpan{Span: annotate.Span{Start: starts[w], End: ends[w], Label: "EVENT"}})
				times = append(times, time.Since(start))
				if err != nil {
					b.Fatal(err)
				}
				// Keep the document at 500 spans.
				b.StopTimer()
				if _, _, err := p.Undo(id); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
			b.StopTimer()
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2].Microseconds()), "p50-µs")
			b.ReportMetric(float64(times[len(times)*99/100].Microseconds()), "p99-µs")
		})
	}
}

// importDocs generates n articles of about 4 KB.
func importDocs(n int) []*annotate.Document {
	r := rand.New(rand.NewPCG(3, 4))
	docs := make([]*annotate.Document, n)
	for i := range docs {
		docs[i] = &annotate.Document{Title: "خبر", Text: article(r, 420)}
	}
	return docs
}

// importAll imports docs in transactions of a thousand documents.
func importAll(tb testing.TB, p *Project, docs []*annotate.Document) {
	for batch := range slices.Chunk(docs, 1000) {
		if _, err := p.Import(batch); err != nil {
			tb.Fatal(err)
		}
	}
}

// BenchmarkImport10k imports 10,000 generated articles of about 4 KB.
func BenchmarkImport10k(b *testing.B) {
	docs := importDocs(10000)
	size := 0
	for _, d := range docs {
		size += len(d.Text)
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		p, err := Open(filepath.Join(b.TempDir(), "import.alama"), Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		importAll(b, p, docs)
		b.StopTimer()
		_ = p.Close()
		b.StartTimer()
	}
}

// BenchmarkExportJSONL writes 10,000 stored articles as Alama JSONL.
func BenchmarkExportJSONL(b *testing.B) {
	p, err := Open(filepath.Join(b.TempDir(), "export.alama"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	importAll(b, p, importDocs(10000))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		w := format.NewJSONLWriter(io.Discard)
		for d, err := range p.All() {
			if err != nil {
				b.Fatal(err)
			}
			if err := w.Write(d); err != nil {
				b.Fatal(err)
			}
		}
	}
}
