package gui

import (
	"strings"

	"alama/annotate/format"
)

// exportReport renders an export's report in the UI language: what was
// written, what a re-import of it will not get back (one line per kind of
// loss, from the report's structured losses), and the files written.
func exportReport(rep format.Report) string {
	var b strings.Builder
	b.WriteString(tr("{{.Documents}}, {{.Spans}} and {{.Relations}} written.", map[string]any{
		"Documents": counted("{{.Count}} documents", rep.Documents),
		"Spans":     counted("{{.Count}} spans", rep.Spans),
		"Relations": counted("{{.Count}} relations", rep.Relations),
	}))
	if losses := rep.Losses(); len(losses) > 0 {
		b.WriteString("\n\n" + tr("A re-import of this export will not get back:"))
		for _, l := range losses {
			b.WriteString("\n• " + lossLine(l))
		}
	}
	for _, f := range rep.Files {
		b.WriteString("\n" + tr("Wrote {{.File}}", map[string]any{"File": f}))
	}
	return b.String()
}

// lossLine renders one kind of loss with its count.
func lossLine(l format.Loss) string {
	n := map[string]any{"Count": l.Count}
	switch l.Kind {
	case format.LossDocsMerged:
		return tr("documents merged into the one before, for want of a separator: {{.Count}}", n)
	case format.LossTexts:
		return tr("document texts rebuilt from the tokens (spacing and line breaks between tokens differ): {{.Count}}", n)
	case format.LossTitles:
		return tr("document titles: {{.Count}}", n)
	case format.LossMeta:
		return tr("documents' metadata: {{.Count}}", n)
	case format.LossStatus:
		return tr("document statuses: {{.Count}}", n)
	case format.LossDocLabels:
		return tr("documents' document labels: {{.Count}}", n)
	case format.LossIDs:
		return tr("documents' own ids (numbered anew): {{.Count}}", n)
	case format.LossTokens:
		return tr("documents' own tokens and sentences (tokenized anew): {{.Count}}", n)
	case format.LossWidened:
		return tr("spans widened to whole words: {{.Count}}", n)
	case format.LossNarrowed:
		return tr("spans narrowed to the whole words inside them: {{.Count}}", n)
	case format.LossSpans:
		return tr("spans the format cannot hold: {{.Count}}", n)
	case format.LossOverlaps:
		return tr("overlapping spans (the outermost are kept): {{.Count}}", n)
	case format.LossRelations:
		return tr("relations: {{.Count}}", n)
	case format.LossAttrs:
		return tr("span attributes: {{.Count}}", n)
	case format.LossNotes:
		return tr("span notes: {{.Count}}", n)
	case format.LossNotesFlattened:
		return tr("notes whose tabs and line breaks became spaces: {{.Count}}", n)
	case format.LossAnnotators:
		return tr("annotator names of spans and relations: {{.Count}}", n)
	case format.LossSuggestions:
		return tr("suggestion marks (the spans come back accepted): {{.Count}}", n)
	case format.LossTimes:
		return tr("creation times of spans and relations: {{.Count}}", n)
	case format.LossOverlapsMovedOut:
		return tr("overlapping spans only in the span group, not in the entities (they come back): {{.Count}}", n)
	}
	return l.String()
}
