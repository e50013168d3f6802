package agree

import (
	"strings"
	"testing"

	"alama/annotate"
)

// benchDoc repeats the talks sentence n times (about 9 tokens each) with
// three layers: a marks four spans a sentence, b the same but one wider
// span, c only three.
func benchDoc(id uint64, n int) *annotate.Document {
	var sb strings.Builder
	var spans []annotate.Span
	base := 0
	for i := range n {
		if i > 0 {
			sb.WriteString(" ")
			base++
		}
		sb.WriteString(talks)
		for _, ann := range []string{"a", "b", "c"} {
			spans = append(spans, sp(ann, "ACTOR", base+6, base+13), sp(ann, "LOCATION", base+47, base+52))
			if ann != "c" {
				spans = append(spans, sp(ann, "TIME", base+39, base+43))
			}
			end := base + 28
			if ann == "b" {
				end = base + 38
			}
			spans = append(spans, sp(ann, "EVENT", base+18, end))
		}
		base += annotate.RuneLen(talks)
	}
	return doc(id, sb.String(), annotate.StatusDone, spans...)
}

// BenchmarkAgreement measures agreement of three annotators over a
// 100-document corpus of about 2,700 tokens each (270,000 tokens).
func BenchmarkAgreement(b *testing.B) {
	docs := make([]*annotate.Document, 100)
	for i := range docs {
		docs[i] = benchDoc(uint64(i+1), 300)
	}
	labels := []string{"ACTOR", "EVENT", "LOCATION", "TIME"}
	b.ReportAllocs()
	for b.Loop() {
		g := New([]string{"a", "b", "c"}, labels, "")
		for _, d := range docs {
			g.Add(d)
		}
		if r := g.Report(); r.Documents != len(docs) {
			b.Fatal(r.Documents)
		}
	}
}

// BenchmarkScore measures scoring one layer against another over the same
// corpus.
func BenchmarkScore(b *testing.B) {
	docs := make([]*annotate.Document, 100)
	for i := range docs {
		docs[i] = benchDoc(uint64(i+1), 300)
	}
	b.ReportAllocs()
	for b.Loop() {
		s := NewScorer("a", "b")
		for _, d := range docs {
			s.Add(d)
		}
		s.Report()
	}
}
