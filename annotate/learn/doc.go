// Package learn is Alama's span recommender: a sequence tagger trained on a
// project's own annotations that proposes spans on the documents still to
// do.
//
// The tagger is an averaged structured perceptron (Collins 2002) over the
// tokens of each sentence, with BIOES tags and first-order tag transitions.
// Decoding is Viterbi restricted to the transitions BIOES allows, so every
// predicted span is well formed. Features are Arabic-aware: the word, its
// search-folded form, folded prefixes and suffixes of one to four letters,
// the stem and clitics found by clitic segmentation, the token's shape, the
// folded words and stems of its neighbours within two tokens, and hits of a
// gazetteer built from the spans the model was trained on (and any terms
// given), so a name marked elsewhere is evidence here. During training each
// document sees the gazetteer of the other folds only, so the model learns
// how far a hit can be trusted on names it has not seen.
//
// Invariants the package keeps:
//
//   - Training is deterministic: the same documents, options and seed give
//     the same model, byte for byte once encoded.
//   - Predicted spans never overlap, each covers whole tokens of one
//     sentence, and offsets are code points of the document's text.
//   - A model carries its format version; Decode refuses any other version.
//   - Features are stored as 64-bit hashes with only the weights training
//     made non-zero, so a model stays small (a few megabytes for a corpus of
//     100,000 tokens).
//
// The package imports neither Fyne nor bbolt.
package learn
