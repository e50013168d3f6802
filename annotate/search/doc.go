// Package search finds folded, clitic-tolerant matches across a corpus and
// turns gazetteers and labelled spans into suggested spans.
//
// Invariants the package keeps:
//
//   - Queries are folded at query time only (see arabic.Fold); stored texts
//     are never changed.
//   - Every hit and suggestion carries code-point offsets over the original
//     document text, on grapheme boundaries, with the end extended over the
//     combining marks that follow a match.
//   - A search over an Indexed corpus returns exactly what the in-memory
//     index returns over the same documents: the corpus's candidates only
//     narrow which texts are matched, never the matching.
//   - Suggestions are annotate.AddSpan edits with Suggested set and no id:
//     the store gives ids when it commits them.
//
// The package is pure: standard library and the annotate packages.
package search
