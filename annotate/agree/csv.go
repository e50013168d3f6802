package agree

import (
	"encoding/csv"
	"io"
	"slices"
	"strconv"
)

// ScoreColumns are the columns of a score written as CSV, for a gradebook:
// one row per label and a TOTAL row. key and annotator name the layers;
// key_spans and annotator_spans count their spans; then for exact and
// overlap matching the true positives (matched spans), false positives
// (spurious), false negatives (missed), precision, recall and F1, blank
// when undefined.
var ScoreColumns = []string{"key", "annotator", "label", "key_spans", "annotator_spans",
	"exact_tp", "exact_fp", "exact_fn", "exact_precision", "exact_recall", "exact_f1",
	"overlap_tp", "overlap_fp", "overlap_fn", "overlap_precision", "overlap_recall", "overlap_f1"}

// WriteCSV writes the report as CSV with ScoreColumns.
func (r *ScoreReport) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cell := func(s Score) string {
		if !s.Defined() {
			return ""
		}
		return strconv.FormatFloat(float64(s), 'f', 4, 64)
	}
	if err := cw.Write(ScoreColumns); err != nil {
		return err
	}
	for _, l := range append(slices.Clone(r.Labels), r.Total) {
		row := []string{r.Key, r.Annotator, l.Label, strconv.Itoa(l.Key), strconv.Itoa(l.Marked)}
		for _, m := range []PRF{l.Exact, l.Overlap} {
			row = append(row, strconv.Itoa(m.TP), strconv.Itoa(m.FP), strconv.Itoa(m.FN), cell(m.Precision), cell(m.Recall), cell(m.F1))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
