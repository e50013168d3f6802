// Package store keeps an Alama project in one bbolt file (.alama).
//
// Layout, one top-level bucket each (names are the package-level vars):
//
//   - meta: the format version and the schema (JSON).
//   - docs: docID → document record (title, meta, status, labels, counts,
//     text hash), so the document list loads no text.
//   - list: docID → what the document list shows of that record (title,
//     status, counts), packed in a few bytes (see list.go), so listing a
//     large project decodes no JSON. Format version 5 added it; a version
//     3 or 4 file read without upgrading is listed from its records.
//   - texts: docID → the document text, UTF-8, NFC, LF line ends.
//   - spans: docID‖spanID → span record; relations: docID‖relID → relation
//     record. Keys are two big-endian uint64s, so a prefix scan on docID
//     yields one document's spans or relations in id order.
//   - hashes: sha256(text) → docID, so an import skips a document whose
//     text is already in the project.
//   - grams: the search index. For every gram (one to three code points)
//     of the folded texts, the ids of the documents holding it, in
//     chunks keyed len(gram)‖gram‖first id, each a list of id gaps or,
//     since format version 4, a bitmap, whichever is shorter (see
//     index.go; written in index_build.go, read in index_query.go).
//     Import writes a document's grams in its own transaction, or, in a
//     LargeImport, gathers them in memory and writes them in one sorted
//     pass at 32 MB and at Commit (meanwhile meta "import-indexed" says
//     which documents have none yet); texts never change afterwards, so
//     only deleting a document takes them out again. Format version 2
//     added it.
//   - squeezed: docID>>4 → the folded texts of those sixteen documents,
//     each squeezed to one byte per code point, which search scans to rule
//     out documents whose grams lie apart (also written by import, also
//     format version 2).
//   - tokens: docID → the tokens and sentences a document kept from a
//     tokenized source (CoNLL, Hugging Face, WebAnno TSV), packed as
//     uvarints (see tokens.go), about two bytes a token; Alama-tokenized
//     documents have none. Format version 3 added it, and the optional
//     "xid" field of document, span and relation records: the id the item
//     had in the file it came from, as JSON (a number or a string).
//   - history: two nested buckets, undo and redo, each keyed docID‖seq,
//     holding the edits that undo or redo a document's changes.
//   - model: the project's trained tagger, made by the first SetModel:
//     "info" (a record with the training time, size and CRC-32 of the
//     data), "data" (the encoded model, replaced whole on retraining) and
//     a nested bucket, suggested, docID → when the model whose
//     suggestions the document last received was trained.
//
// Invariants the package keeps:
//
//   - Every record is JSON with a "v" version field, in types of this
//     package, never the annotate types, so the domain can change without
//     changing the file format; list entries, search index chunks,
//     squeezed texts and tokens are packed binary, list entries with a
//     version byte of their own.
//   - A document's list entry shows what its record holds: every write of
//     a document record writes its list entry in the same transaction.
//   - Ids come from NextSequence; span and relation ids share the spans
//     bucket's sequence, which stays above every id in the file.
//   - Every change to a document, with its undo record, is one bbolt
//     transaction: committed (fsynced) when the call returns, or not at all.
//   - No byte slice returned by bbolt is kept past its transaction: values
//     are decoded inside View and Update.
//   - A file from a newer format version is refused; an older one is
//     migrated on open for writing, after a consistent backup copy (a
//     read-only open reads a version 3 or 4 file as it is).
//   - Document ids only grow and are never given out again, so a
//     LargeImport marks where its documents start (meta "import-from"),
//     and an open for writing that finds the mark deletes them.
//   - Reads that go through much of the file release the pages they
//     mapped (see sweep), so resident memory stays bounded.
//
// Backups live in a folder beside the project, NAME.alama.backups (see
// BackupDir): a daily copy made in the background after open (the newest
// few kept; Close waits for it), a copy
// before every format upgrade (never removed), and a copy of the project
// a Restore replaced. Each is written with bbolt's consistent copy to a
// temporary name and renamed, so a backup's name always means a whole,
// synced copy.
package store
