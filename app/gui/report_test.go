package gui

import (
	"strings"
	"testing"

	"alama/annotate/format"
)

// TestExportReportTranslatesEveryLoss: every kind of loss has a line of its
// own in the UI language, not the format package's English.
func TestExportReportTranslatesEveryLoss(t *testing.T) {
	rep := format.Report{Format: format.CoNLL, Documents: 2, Spans: 3, Files: []string{"out.conll"},
		DocsMerged: 1, TextsChanged: 1, TitlesLost: 1, MetaLost: 1, StatusLost: 1, DocLabelsLost: 1, IDsLost: 1, TokensLost: 1,
		Widened: 1, Narrowed: 1, SpansDropped: 1, OverlapsDropped: 1, RelationsDropped: 1, AttrsDropped: 1,
		NotesDropped: 1, NotesFlattened: 1, AnnotatorsLost: 1, SuggestionsLost: 1, TimesLost: 1, OverlapsMoved: 1}
	losses := rep.Losses()
	if len(losses) != 20 {
		t.Fatalf("%d kinds of loss; add the new ones here and to lossLine", len(losses))
	}
	got := exportReport(rep)
	for _, l := range losses {
		if line := lossLine(l); line == l.String() || !strings.Contains(got, line) {
			t.Errorf("%s: line %q", l.Kind, line)
		}
	}
	if !strings.Contains(got, "out.conll") {
		t.Errorf("report names no file:\n%s", got)
	}
}
