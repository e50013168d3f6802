// Package agree measures how far annotators agree, curates a gold layer
// from their agreement, and scores one annotator against a key.
//
// A layer is the spans and relations of one annotator in one document
// (Span.Annotator, Relation.Annotator). Layers may overlap freely; the
// curated layer is by convention named Gold. Suggested spans (machine
// pre-annotations nobody has accepted yet) are nobody's judgement: every
// function here leaves them, and relations that touch them, out.
//
// Definitions the package keeps:
//
//   - Presence: an annotator is present in a document when their layer has
//     a span there or the document's status is past new. A document still
//     new with an empty layer is missing for that annotator: it counts
//     neither as agreement nor as all-O tokens. Pairwise figures use the
//     documents where both annotators are present; alpha uses every token
//     that at least two present annotators saw.
//   - Span matching: an exact match has the same start, end and label; an
//     overlap match has the same label and ranges that share at least one
//     code point. Matching is one-to-one: exact pairs are taken first, then
//     the remaining pairs greedily by the size of their overlap (ties by
//     position), so overlap counts are never below exact ones.
//   - Precision, recall and F1 compare a second layer B against a first
//     layer A (the reference): TP are matched pairs, FN spans of A left
//     unmatched, FP spans of B left unmatched. F1 = 2TP / (2TP + FP + FN)
//     is symmetric in A and B.
//   - Tokens come from arabic.Tokenize. A span tags a token when it covers
//     at least half of the token's code points (as the CoNLL export does, so
//     a left-out proclitic does not matter); a token covered by several
//     spans takes the outermost one (earliest start, then longest, then
//     SortSpans order); a token no span covers is O. Restricting to a label
//     tags with that label's spans only.
//   - Cohen's kappa = (Po - Pe) / (1 - Pe) over the paired tokens. When Pe
//     is 1 both annotators gave every token the same single tag, so Po is 1
//     as well and kappa is defined as 1 (perfect agreement, nothing to
//     correct for chance). With no tokens it is undefined (NaN).
//   - Krippendorff's alpha (nominal) = 1 - (n-1) * D / E, where D sums the
//     off-diagonal coincidences and E the products n_c * n_k of different
//     tags c, k. A token's values are the tags of the annotators present in
//     its document; a token with fewer than two values is not pairable and
//     left out. When only one tag occurs (E = 0) alpha is defined as 1, like
//     kappa; with no pairable values it is undefined (NaN).
//   - Relations match when their types are equal and both endpoints are
//     exactly matched spans of each other.
//
// The package imports neither Fyne nor bbolt.
package agree
