package format

import (
	"fmt"

	"alama/annotate"
)

// LossKind names one kind of information an export could not keep, as a
// stable key a front end can translate.
type LossKind string

// The kinds of loss a Report counts, in the order Losses lists them.
const (
	LossDocsMerged       LossKind = "docs_merged"     // documents read back as part of the one before
	LossTexts            LossKind = "texts"           // documents whose text reads back different
	LossTitles           LossKind = "titles"          // documents whose title is not written
	LossMeta             LossKind = "meta"            // documents whose meta is not written
	LossStatus           LossKind = "status"          // documents whose status (other than new) is not written
	LossIDs              LossKind = "ids"             // documents whose own id is not written
	LossTokens           LossKind = "tokens"          // documents whose own tokens and sentences are not written
	LossDocLabels        LossKind = "doc_labels"      // documents whose document labels are not written
	LossWidened          LossKind = "widened"         // spans widened to whole words
	LossNarrowed         LossKind = "narrowed"        // spans narrowed to the whole words inside them
	LossSpans            LossKind = "spans"           // spans the format cannot hold
	LossOverlaps         LossKind = "overlaps"        // overlapping spans left out
	LossRelations        LossKind = "relations"       // relations the format cannot hold
	LossAttrs            LossKind = "attrs"           // span attributes
	LossNotes            LossKind = "notes"           // span notes
	LossNotesFlattened   LossKind = "notes_flattened" // notes whose tabs and line breaks became spaces
	LossAnnotators       LossKind = "annotators"      // spans and relations whose annotator is not written
	LossSuggestions      LossKind = "suggestions"     // suggested spans that read back as accepted
	LossTimes            LossKind = "times"           // spans and relations whose creation time is not written
	LossOverlapsMovedOut LossKind = "overlaps_moved"  // overlapping spans kept only in a side list (not lost)
)

// Loss is one line of what a re-import of an export will not get back:
// Count documents, spans, relations, attributes or notes of Kind.
type Loss struct {
	Kind  LossKind
	Count int
}

// lossText is the English of each kind, for String.
var lossText = map[LossKind]string{
	LossDocsMerged:       "documents merged into the one before (no separator: use -docstart)",
	LossTexts:            "documents whose text comes back rebuilt from the tokens (line breaks, spacing and marks between tokens differ)",
	LossTitles:           "document titles",
	LossMeta:             "documents' meta fields",
	LossStatus:           "document statuses",
	LossDocLabels:        "documents' document labels",
	LossIDs:              "documents' own ids (numbered anew)",
	LossTokens:           "documents' own tokens and sentences (tokenized anew)",
	LossWidened:          "spans widened to whole words",
	LossNarrowed:         "spans narrowed to the whole words inside them",
	LossSpans:            "spans dropped (the format cannot hold them)",
	LossOverlaps:         "overlapping spans dropped (outermost kept)",
	LossRelations:        "relations dropped",
	LossAttrs:            "attributes dropped",
	LossNotes:            "notes dropped",
	LossNotesFlattened:   "notes with tabs or line breaks turned into spaces",
	LossAnnotators:       "annotator names of spans and relations",
	LossSuggestions:      "suggestion marks (the spans come back accepted)",
	LossTimes:            "creation times of spans and relations",
	LossOverlapsMovedOut: "overlapping spans only in the span group, not in entities",
}

// String renders the loss in English: "lost: document titles (3)".
func (l Loss) String() string {
	if l.Kind == LossOverlapsMovedOut {
		return fmt.Sprintf("moved: %s (%d)", lossText[l.Kind], l.Count)
	}
	return fmt.Sprintf("lost: %s (%d)", lossText[l.Kind], l.Count)
}

// Losses lists what a re-import of the export will not get back, kind by
// kind, leaving out kinds with nothing lost. Spans moved to a side list
// (spaCy's span group) come back on re-import and are listed last, as
// LossOverlapsMovedOut, for users of the main list.
func (r Report) Losses() []Loss {
	var out []Loss
	for _, l := range []Loss{
		{LossDocsMerged, r.DocsMerged},
		{LossTexts, r.TextsChanged},
		{LossTitles, r.TitlesLost},
		{LossMeta, r.MetaLost},
		{LossStatus, r.StatusLost},
		{LossDocLabels, r.DocLabelsLost},
		{LossIDs, r.IDsLost},
		{LossTokens, r.TokensLost},
		{LossWidened, r.Widened},
		{LossNarrowed, r.Narrowed},
		{LossSpans, r.SpansDropped},
		{LossOverlaps, r.OverlapsDropped},
		{LossRelations, r.RelationsDropped},
		{LossAttrs, r.AttrsDropped},
		{LossNotes, r.NotesDropped},
		{LossNotesFlattened, r.NotesFlattened},
		{LossAnnotators, r.AnnotatorsLost},
		{LossSuggestions, r.SuggestionsLost},
		{LossTimes, r.TimesLost},
		{LossOverlapsMovedOut, r.OverlapsMoved},
	} {
		if l.Count > 0 {
			out = append(out, l)
		}
	}
	return out
}

// keeps says which document and span fields a format writes, beyond text,
// spans and relations.
type keeps uint16

const (
	keepsTitle keeps = 1 << iota
	keepsMeta
	keepsStatus
	keepsDocLabels
	keepsAnnotators
	keepsSuggested
	keepsTimes
	keepsIDs
	keepsTokens
	keepsAll = keepsTitle | keepsMeta | keepsStatus | keepsDocLabels | keepsAnnotators | keepsSuggested | keepsTimes | keepsIDs | keepsTokens
)

// countKept counts into rep what of d a format that writes only k loses.
func countKept(d *annotate.Document, k keeps, rep *Report) {
	if k&keepsTitle == 0 && d.Title != "" {
		rep.TitlesLost++
	}
	if k&keepsMeta == 0 && len(d.Meta) > 0 {
		rep.MetaLost++
	}
	if k&keepsStatus == 0 && d.Status != "" && d.Status != annotate.StatusNew {
		rep.StatusLost++
	}
	if k&keepsDocLabels == 0 && len(d.DocLabels) > 0 {
		rep.DocLabelsLost++
	}
	if k&keepsIDs == 0 && d.ExtID != "" {
		rep.IDsLost++
	}
	if k&keepsTokens == 0 && d.Tokens != nil {
		rep.TokensLost++
	}
	for _, s := range d.Spans {
		if k&keepsAnnotators == 0 && s.Annotator != "" {
			rep.AnnotatorsLost++
		}
		if k&keepsSuggested == 0 && s.Suggested {
			rep.SuggestionsLost++
		}
		if k&keepsTimes == 0 && !s.Created.IsZero() {
			rep.TimesLost++
		}
	}
	for _, r := range d.Relations {
		if k&keepsAnnotators == 0 && r.Annotator != "" {
			rep.AnnotatorsLost++
		}
		if k&keepsTimes == 0 && !r.Created.IsZero() {
			rep.TimesLost++
		}
	}
}
