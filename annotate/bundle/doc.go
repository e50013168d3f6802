// Package bundle writes and reads project bundles: zip files that hand one
// annotator's work between projects offline.
//
// A bundle holds exactly three entries, each at the top level:
//
//   - manifest.json: the bundle format and version, the annotator, when it
//     was made, how many documents it holds and the sha256 of each
//     document's text (lower-case hex).
//   - schema.json: the schema of the project it came from.
//   - documents.jsonl: the documents as Alama JSONL, each with only the
//     annotator's spans and relations (a relation also needs both its
//     spans in the layer).
//
// Invariants the package keeps:
//
//   - Reading trusts nothing in the zip. An entry with another name, a
//     path (absolute, with .. or a folder), a symlink or folder mode, a
//     duplicate name, or more bytes than the limits allow is refused. The
//     limits count the bytes actually inflated, not what the headers claim.
//   - A bundle read without error is consistent: the manifest matches the
//     documents (count, hashes, annotator of every span and relation), no
//     text comes twice, the schema is valid and the documents pass the
//     JSONL checks.
//   - Errors name the bundle file and, inside documents.jsonl, the line
//     (BUNDLE:documents.jsonl:LINE: reason).
//
// A project that imports a bundle whose documents use span labels or
// relation types its schema lacks refuses it and names them (Missing):
// schemas are the team's agreement, so they are not widened silently.
//
// The package imports neither Fyne nor bbolt.
package bundle
