package bundle

import (
	"bytes"
	"fmt"
	"testing"

	"alama/annotate"
)

// benchCorpus is n documents of about 400 words, each with ten spans of
// amal's and a relation.
func benchCorpus(n int) []*annotate.Document {
	docs := make([]*annotate.Document, n)
	for i := range docs {
		var b bytes.Buffer
		fmt.Fprintf(&b, "التقرير %d. ", i)
		for range 40 {
			b.WriteString(textA + " ")
		}
		d := &annotate.Document{ID: uint64(i + 1), Title: fmt.Sprint(i), Text: b.String(), Status: annotate.StatusDone}
		off := annotate.RuneLen(fmt.Sprintf("التقرير %d. ", i))
		for k := range 10 {
			base := off + k*(annotate.RuneLen(textA)+1)
			d.Spans = append(d.Spans,
				annotate.Span{ID: uint64(2*k + 1), Start: base + 6, End: base + 12, Label: "ACTOR", Annotator: "amal", Created: created},
				annotate.Span{ID: uint64(2*k + 2), Start: base + 15, End: base + 21, Label: "EVENT", Annotator: "amal", Created: created})
		}
		d.Relations = []annotate.Relation{{ID: 100, Type: "AGENT", From: 2, To: 1, Annotator: "amal", Created: created}}
		docs[i] = d
	}
	return docs
}

// BenchmarkWriteRead writes and reads back a bundle of 1,000 documents
// (about 1.5 MB of text).
func BenchmarkWriteRead(b *testing.B) {
	docs := benchCorpus(1000)
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		if _, err := Write(&buf, "amal", created, annotate.DefaultSchema(), seq(docs)); err != nil {
			b.Fatal(err)
		}
		bun, err := Read("bench.zip", bytes.NewReader(buf.Bytes()), int64(buf.Len()), DefaultLimits)
		if err != nil || len(bun.Docs) != len(docs) {
			b.Fatal(err)
		}
	}
}
