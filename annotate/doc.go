// Package annotate is Alama's domain: documents, spans, relations, the
// annotation schema, edits as values, and the rules that keep offsets right.
//
// Invariants the package keeps:
//
//   - A document's text is fixed at import: valid UTF-8, no BOM, LF line
//     ends, Unicode NFC. Nothing else is changed; diacritics and tatweel stay.
//   - Every offset (Span.Start, Span.End) counts Unicode code points, 0-based
//     and end-exclusive, over that text: exactly Python's str slicing.
//   - Span boundaries sit on grapheme-cluster boundaries, so a haraka never
//     separates from its letter. Spans may overlap and nest, and may start or
//     end inside a whitespace-separated word (a clitic left out).
//   - A relation joins two existing spans of the same document, and its type
//     allows the pair of labels.
//   - A document from a tokenized source keeps that source's tokens and
//     sentences (Document.Tokens, Sentences): in text order, inside the
//     text, never overlapping, fixed like the text. Documents, spans and
//     relations may keep the id they had in their file (ExternalID), as
//     its JSON form, for exports to write back.
//   - Every change is an Edit value. Applying one validates it, changes the
//     document and returns the edit that undoes it.
//   - Label, attribute and relation type names are letters, marks, digits,
//     _, . and -, at most MaxNameRunes of them (CheckName); Schema.Validate
//     holds every schema to it.
//
// The package imports neither Fyne nor bbolt.
package annotate
