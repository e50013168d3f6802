// Package format reads and writes the exchange formats ML teams use: Alama
// JSONL (native and lossless), brat standoff, doccano, Label Studio, spaCy
// offsets, CoNLL/IOB, Hugging Face token JSONL, Parquet and WebAnno TSV 3.3
// (INCEpTION).
//
// Export and ExportTo write a corpus in any of them; Import reads files or
// folders back into documents for the caller to store; Sniff and Detect
// name the format of a file by its content, with a confidence, and refuse
// to guess (a .txt that holds CoNLL is a *LookalikeError, not an article);
// ReadText reads one plain-text article, ReadJSONL one Alama JSONL stream.
// The application's import (package alama/app) calls these and adds what
// they read to a project.
//
// Invariants the package keeps:
//
//   - Every offset read or written counts Unicode code points, 0-based and
//     end-exclusive, over the stored document text (Python str slicing),
//     in every format, Label Studio included, except WebAnno TSV: INCEpTION
//     counts UTF-16 code units there, and the package converts both ways.
//   - Exporters stream: they take documents one at a time from an iterator
//     and never hold the corpus. Before writing a span they check that its
//     range lies inside the text and stop with an error naming the document
//     and span if it does not. What a format cannot hold is counted in a
//     Report instead of being dropped silently: Report.Losses lists, kind by
//     kind, exactly what a re-import of the export will not get back
//     (document fields, annotators, times, texts rebuilt from tokens,
//     documents merged), and a test checks it against real round trips.
//   - Readers never write storage. They validate everything (UTF-8, the
//     stored-text rules of annotate.CheckText, span ranges on grapheme
//     boundaries, relations between spans of the same document) and report
//     the first problem as a *LineError naming the file and line. A file
//     with an error yields no documents to the caller. The exceptions
//     write only through annotate.Project, never to a storage engine:
//     ImportJSONL and ImportJSONLAdding add a large Alama JSONL file in
//     batches, ImportLarge does the same for the formats read one document
//     at a time (CoNLL among them), and ResolveLabels and RestoreSchema extend the schema for
//     -add-labels and put it back.
//   - Readers of tokenized formats (CoNLL, Hugging Face, WebAnno TSV) keep
//     the file's tokens and sentences with the document, and the token
//     exports (CoNLL, Hugging Face, WebAnno TSV) write exactly those back;
//     other documents are cut by annotate/arabic. No token export puts a
//     sentence break inside a span. What a reader repairs instead of
//     refusing (a BOM, CRLF, blank lines of tabs, tokens not in NFC, empty
//     tokens) is counted in ImportReport.
//   - Alama JSONL ids may be numbers or strings; the reader keeps them as
//     annotate.ExternalID and the writer writes them back as they came.
//   - Output is deterministic: spans in annotate.SortSpans order, relations
//     by id, object keys sorted, the same split for the same seed.
//
// What each export holds, and how Python reads it:
//
//	jsonl        everything; one document per line
//	             pandas.read_json(path, lines=True)
//	parquet      everything; one row per document, spans and relations nested
//	             pandas.read_parquet(path).explode("spans")
//	brat         spans, relations, attributes, notes (no annotators, times,
//	             suggestion marks; no E lines); open the folder in brat
//	labelstudio  spans, attributes (per-region choices), notes (per-region
//	             textarea), relations; one annotation per annotator,
//	             suggestions as predictions; the labeling configuration
//	             beside the tasks; UTF-16 offsets with Options.Offsets
//	doccano      spans; relations with Options.Relations
//	spacy        spans: outermost non-overlapping in "entities", all in
//	             spans["sc"]; doc.char_span(s, e, label) is None where a span
//	             does not align with spaCy's tokens
//	conll        outermost spans as IOB2/IOB1/BIOES/BILOU tags, whole words
//	             (or Options.Segmented), Options.Levels columns for nesting;
//	             seqeval and datasets' conll loaders read it
//	hf           one record per sentence: tokens, integer ner_tags,
//	             per-token offsets; labels.json names the tags
//	             datasets.load_dataset("json", data_files="data.jsonl")
//	webanno      spans (label, note, attributes) and relations on custom
//	             INCEpTION layers, sub-token rows for clitic edges, UTF-16
//	             offsets; webanno-layers.md names the layers to create
//
// The package imports neither Fyne nor bbolt.
package format
