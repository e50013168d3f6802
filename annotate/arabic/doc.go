// Package arabic handles Arabic news text for annotation and search:
// tokens and sentences, clitic segmentation, folding for search with a map
// back to the original text, and finding a folded query in one text
// (Searcher). Search over a corpus and gazetteer matching build on it in
// annotate/search.
//
// Invariants the package keeps:
//
//   - Every offset it takes or returns counts Unicode code points, 0-based
//     and end-exclusive, over the original text (Python str slicing).
//   - Every token, sentence, match and clitic edge it returns sits on a
//     grapheme-cluster boundary of the original text: a haraka never
//     separates from its letter.
//   - Ranges it returns are ascending and inside the text.
//   - The original text is never changed. Folding (harakat, alef variants,
//     digits …) happens on a copy that keeps a map to original offsets.
//
// The package uses only the standard library, golang.org/x/text,
// github.com/rivo/uniseg and the code-point offset helpers of annotate.
package arabic
