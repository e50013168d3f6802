package agree

import (
	"math"
	"testing"

	"alama/annotate"
)

// Two original sentences. Tokens of army (code points):
//
//	0 [0,5) أعلنَ  1 [6,12) الجيشُ  2 [13,14) 🙂  3 [15,22) سيطرتَه
//	4 [23,26) على  5 [27,33) مدينةِ  6 [34,37) حلب  7 [37,38) .
//
// Tokens of talks:
//
//	0 [0,5) وقالَ  1 [6,13) الوزيرُ  2 [14,17) إنّ  3 [18,28) المحادثاتِ
//	4 [29,38) ستُستأنفُ  5 [39,43) غداً  6 [44,46) في  7 [47,52) عمّان  8 [52,53) .
const (
	army  = "أعلنَ الجيشُ 🙂 سيطرتَه على مدينةِ حلب."
	talks = "وقالَ الوزيرُ إنّ المحادثاتِ ستُستأنفُ غداً في عمّان."
)

// sp is a span of annotator ann; ids are set by doc.
func sp(ann, label string, start, end int) annotate.Span {
	return annotate.Span{Start: start, End: end, Label: label, Annotator: ann}
}

// doc builds a document, numbering spans from 1 in the order given.
func doc(id uint64, text string, status annotate.Status, spans ...annotate.Span) *annotate.Document {
	d := &annotate.Document{ID: id, Title: "doc", Text: text, Status: status}
	for i, s := range spans {
		s.ID = uint64(i + 1)
		d.Spans = append(d.Spans, s)
	}
	annotate.SortSpans(d.Spans)
	return d
}

// near fails unless got is want within 1e-9 (both NaN counts as equal).
func near(t *testing.T, what string, got Score, want float64) {
	t.Helper()
	if math.IsNaN(want) && !got.Defined() {
		return
	}
	if math.IsNaN(float64(got)) || math.Abs(float64(got)-want) > 1e-9 {
		t.Errorf("%s = %v, want %.6f", what, float64(got), want)
	}
}

var nan = math.NaN()
