// Package format reads and writes the exchange formats ML teams use: Alama
// JSONL (native and lossless), brat standoff, doccano, Label Studio, spaCy
// offsets, CoNLL/IOB, Hugging Face token JSONL and Parquet.
//
// Invariants the package keeps:
//
//   - Every offset read or written counts Unicode code points, 0-based and
//     end-exclusive, over the stored document text (Python str slicing),
//     unless a format says otherwise.
//   - Exporters stream: they take documents one at a time from an iterator
//     and never hold the corpus. Before writing a span they check that its
//     range lies inside the text and stop with an error naming the document
//     and span if it does not. What a format cannot hold is counted in a
//     Report instead of being dropped silently.
//   - Importers never write storage. They validate everything (UTF-8, the
//     stored-text rules of annotate.CheckText, span ranges on grapheme
//     boundaries, relations between spans of the same document) and report
//     the first problem as a *LineError naming the file and line. A file
//     with an error yields no documents to the caller.
//   - Output is deterministic: spans in annotate.SortSpans order, relations
//     by id, object keys sorted.
//
// The package imports neither Fyne nor bbolt.
package format
