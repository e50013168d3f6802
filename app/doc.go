// Package app is the application layer both of Alama's front ends call:
// the window (app/gui) and the command line (app/cli). Each job is done
// here once, so the two cannot drift apart:
//
//   - Open opens a project, or creates and seeds the default one
//     (DefaultProjectPath, Seed);
//   - Import is the one import pipeline: folders searched recursively,
//     UTF-16 articles converted (and Windows-1256 ones with
//     ImportOptions.Encoding), plain-text articles, Alama JSONL and the
//     formats read one document at a time (CoNLL ...) in batches, each
//     file all or nothing, bundles, a bad file reported while the others go in. It
//     reports through a Reporter with structured FileReports, which each
//     front end words in its own language;
//   - Export writes a project to a path, WriteBundle writes a bundle and
//     ImportBundle takes one in as a layer; every output file is created
//     here;
//   - Survey collects a project's annotators and labels;
//   - Export, WriteBundle and Survey leave out a document whose stored
//     record cannot be read (Readable) and finish the rest, returning an
//     *Unreadable that names each one left out;
//   - Train trains the project's span recommender (annotate/learn) on a
//     layer of the done documents and stores it in the project; Suggest
//     adds its spans as suggestions to documents not yet done (never on
//     done ones, never a span that is there, one undoable edit each);
//     Stale, Uncertainty and Confidence serve the window's automatic
//     suggestions, document order and inspector.
//
// The package knows no user interface toolkit and no storage engine: it
// reaches a project only through annotate.Project, and the caller passes
// in how a project file is opened.
package app
