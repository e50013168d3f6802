package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"alama/annotate"
	"alama/annotate/format"
	"alama/store"
)

var importCommand = command{
	name:     "import",
	synopsis: "import [-project FILE] [-format FORMAT] [-annotator NAME] [-suggested] [-add-labels] PATH...: add articles (.txt) and annotated files (Alama .jsonl, brat, doccano, Label Studio, spaCy, CoNLL, Hugging Face, Parquet, WebAnno TSV), detected by content or named with -format; folders are searched; FILE.zip bundles replace their annotator's layer",
	run:      runImportWithBundles,
}

// importBatchDocs and importBatchBytes bound how many plain-text articles
// go into one transaction. Each article is still all or nothing: a batch
// that fails is retried without the article that failed.
const (
	importBatchDocs  = format.BatchDocs
	importBatchBytes = format.BatchBytes
)

// importer imports files one at a time, reporting on stderr.
type importer struct {
	e        *env
	p        *store.Project
	opts     format.ImportOptions
	docs     int // documents added
	dups     int // documents skipped as already present
	failed   int // files rejected
	pending  []*annotate.Document
	names    []string // file of each pending document
	pendSize int
	// With -suggested, suggestions counts the suggestions added to
	// suggestedDocs documents the project had already.
	suggestions   int
	suggestedDocs int
}

func runImport(e *env, args []string) error {
	f := e.flags("import", "import [-project FILE] [-format FORMAT] [-offsets utf16] [-annotator NAME] [-suggested] [-add-labels] PATH...")
	annotator := f.String("annotator", "", "record `NAME` as the annotator of imported spans and relations that name none")
	forced := f.String("format", "", "read every file as `FORMAT` ("+strings.Join(format.ImportFormats(), ", ")+") instead of detecting it")
	offsets := f.String("offsets", "", "Label Studio files: offset `UNIT`, codepoint (default) or utf16")
	suggested := f.Bool("suggested", false, "import every span as a suggestion to accept or reject; documents already in the project get the file's spans as suggestions")
	addLabels := f.Bool("add-labels", false, "add the span labels and relation types the schema lacks to it (listed in the report) instead of refusing the file")
	if err := f.parse(args); err != nil {
		return err
	}
	if f.NArg() == 0 {
		f.Usage()
		return errUsage
	}
	if *forced != "" && !slices.Contains(format.ImportFormats(), *forced) {
		return fmt.Errorf("-format %s: unknown format (known: %s)", *forced, strings.Join(format.ImportFormats(), ", "))
	}
	files, err := importFiles(f.Args())
	if err != nil {
		return err
	}
	p, err := e.open(f, true, false)
	if err != nil {
		return err
	}
	defer p.Close()
	im := &importer{e: e, p: p, opts: format.ImportOptions{Format: *forced, Offsets: *offsets, Annotator: *annotator, Suggested: *suggested,
		AddLabels: *addLabels, Report: &format.ImportReport{}, Uses: &format.LabelUses{}}}
	im.opts.Warn = func(err error) { fmt.Fprintln(e.stderr, err) }
	prog := e.progress("imported", "files", len(files))
	for i, name := range files {
		if err := im.file(name); err != nil {
			return err
		}
		prog.update(i + 1)
	}
	if err := im.flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "imported %s from %s into %s", counted(im.docs, "document"), counted(len(files), "file"), p.Path())
	if im.dups > 0 {
		fmt.Fprintf(e.stdout, "; %s already there, skipped", thousands(im.dups))
	}
	if im.suggestedDocs > 0 {
		fmt.Fprintf(e.stdout, "; %s added to %s already there", counted(im.suggestions, "suggestion"), counted(im.suggestedDocs, "document"))
	}
	fmt.Fprintln(e.stdout)
	fmt.Fprint(e.stdout, im.opts.Report)
	if err := p.Close(); err != nil {
		return err
	}
	if im.failed > 0 {
		fmt.Fprintf(e.stderr, "alama import: %s of %s not imported\n", thousands(im.failed), counted(len(files), "file"))
		return errFailed
	}
	return nil
}

// importFiles expands the arguments into the files to import: files as
// given, folders searched in name order for files importKind knows.
func importFiles(args []string) ([]string, error) {
	var files []string
	for _, arg := range args {
		info, err := os.Stat(arg)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			files = append(files, arg)
			continue
		}
		found := len(files)
		err = filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			hidden := strings.HasPrefix(d.Name(), ".") && path != arg
			switch {
			case d.IsDir() && hidden:
				return filepath.SkipDir
			case !d.IsDir() && !hidden && importKind(path, false) != "":
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if len(files) == found {
			return nil, fmt.Errorf("%s: no files to import in the folder (.txt, .jsonl, .json, .ann, .conll, .tsv ...)", arg)
		}
	}
	return files, nil
}

// How importKind says a file is read.
const (
	kindText   = "txt"    // a plain-text article
	kindJSONL  = "jsonl"  // Alama JSONL, read here to report lines
	kindFormat = "format" // another format, read by format.Import
)

// importKind says how to read a file, or "" to pass it over in a folder.
// A .txt with a .ann beside it is a brat document; a .ann is read with its
// .txt. JSON lines are told apart by format.Detect. Files named on the
// command line are always read.
func importKind(name string, named bool) string {
	base := strings.TrimSuffix(name, filepath.Ext(name))
	if !named && filepath.Base(name) == format.HFLabelsFile {
		return "" // read with the Hugging Face data beside it
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt":
		if exists(base + ".ann") {
			return kindFormat
		}
		return kindText
	case ".ann":
		if !named && exists(base+".txt") {
			return "" // read with the .txt
		}
		return kindFormat
	case ".jsonl":
		if kind, err := format.DetectFile(name); err == nil && kind != format.JSONL {
			return kindFormat
		}
		return kindJSONL
	case ".json", ".conll", ".iob", ".iob2", ".bio", ".bioes", ".bilou", ".tsv":
		return kindFormat
	}
	if named {
		return kindFormat
	}
	return ""
}

func exists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

// file imports one file, reporting what is wrong with it on stderr. It
// returns only errors that stop the whole import (the project failing).
func (im *importer) file(name string) error {
	kind := importKind(name, true)
	switch im.opts.Format {
	case "":
	case format.JSONL:
		kind = kindJSONL
	default:
		kind = kindFormat
	}
	if kind == kindText {
		data, err := readArticle(name)
		if err != nil {
			im.report(err)
			return nil
		}
		d, err := format.ReadText(name, data)
		if err != nil {
			im.report(err)
			return nil
		}
		im.pending = append(im.pending, d)
		im.names = append(im.names, name)
		im.pendSize += len(d.Text)
		if len(im.pending) >= importBatchDocs || im.pendSize >= importBatchBytes {
			return im.flush()
		}
		return nil
	}
	// Documents keep their order: earlier text files go in first.
	if err := im.flush(); err != nil {
		return err
	}
	if err := checkNotUTF16(name); err != nil {
		im.report(err)
		return nil
	}
	// What a file repaired counts only if the file goes in.
	total, failed := im.opts.Report, im.failed
	im.opts.Report = &format.ImportReport{}
	defer func() {
		if im.failed == failed {
			total.Add(im.opts.Report)
		}
		im.opts.Report = total
	}()
	if kind == kindJSONL && !im.opts.Suggested {
		return im.jsonl(name)
	}
	return im.other(name)
}

// other imports a file of another format, one transaction per document
// file (a brat .txt with its .ann is one).
func (im *importer) other(name string) error {
	var stop error
	err := format.Import(name, im.opts, func(file string, docs []*annotate.Document) error {
		old, err := format.ResolveLabels(im.p, format.FileLabels(file, docs, im.opts.Uses.Take()), im.opts.AddLabels, im.opts.Report)
		if err != nil {
			return err
		}
		if im.opts.Suggested {
			err = im.suggest(file, docs, &stop)
			if err != nil {
				err = format.RestoreSchema(im.p, old, im.opts.Report, err)
			}
			return err
		}
		ids, err := im.p.Import(docs)
		if err != nil {
			err = format.RestoreSchema(im.p, old, im.opts.Report, err)
		}
		var ie *annotate.ImportError
		if errors.As(err, &ie) {
			return &format.LineError{File: file, Err: ie.Err}
		}
		if err != nil {
			stop = err
			return err
		}
		for _, id := range ids {
			im.count(file, 0, id)
		}
		return nil
	})
	if stop != nil {
		return stop
	}
	im.report(err)
	return nil
}

// suggest imports the documents of one file with -suggested: documents
// the project has get the file's spans as suggestions (a model's
// predictions, say), the others are added. stop is set to an error that
// should end the whole import.
func (im *importer) suggest(file string, docs []*annotate.Document, stop *error) error {
	res, err := im.p.Suggest(docs)
	var ie *annotate.ImportError
	if errors.As(err, &ie) {
		return &format.LineError{File: file, Err: ie.Err}
	}
	if err != nil {
		*stop = err
		return err
	}
	im.docs += res.New
	im.suggestions += res.Added
	im.suggestedDocs += len(docs) - res.New
	if res.Relations > 0 {
		fmt.Fprintf(im.e.stderr, "%s: %s for documents already in the project not imported: suggestions carry no relations\n", file, counted(res.Relations, "relation"))
	}
	return nil
}

// report prints a file's error, if any, and counts the file.
func (im *importer) report(err error) {
	if err == nil {
		return
	}
	im.failed++
	fmt.Fprintln(im.e.stderr, err)
}

// flush imports the pending plain-text documents in one transaction. A
// document the store rejects is reported and left out, and the rest are
// tried again, so each file is all or nothing.
func (im *importer) flush() error {
	docs, names := im.pending, im.names
	im.pending, im.names, im.pendSize = nil, nil, 0
	for len(docs) > 0 {
		ids, err := im.p.Import(docs)
		var ie *annotate.ImportError
		if errors.As(err, &ie) {
			im.report(&format.LineError{File: names[ie.Index], Err: ie.Err})
			docs = append(docs[:ie.Index:ie.Index], docs[ie.Index+1:]...)
			names = append(names[:ie.Index:ie.Index], names[ie.Index+1:]...)
			continue
		}
		if err != nil {
			return err
		}
		for i, id := range ids {
			im.count(names[i], 0, id)
		}
		return nil
	}
	return nil
}

// count records one imported document, reporting a duplicate.
func (im *importer) count(name string, line int, id uint64) {
	if id != 0 {
		im.docs++
		return
	}
	im.dups++
	where := name
	if line > 0 {
		where = fmt.Sprintf("%s:%d", name, line)
	}
	fmt.Fprintf(im.e.stderr, "%s: skipped: a document with the same text is already in the project\n", where)
}

// jsonlBatchDocs bounds how many documents of an Alama JSONL file go into
// one transaction (with importBatchBytes), so a file of any size imports
// in bounded memory. It is a variable for the tests.
var jsonlBatchDocs = importBatchDocs

// jsonl imports an Alama JSONL file, all of it or nothing, in batches
// (see format.ImportJSONL). A bad file is reported; the error returned
// stops the whole import.
func (im *importer) jsonl(name string) error {
	var (
		ids   []uint64
		lines []int
		err   error
	)
	if im.opts.AddLabels {
		ids, lines, err = format.ImportJSONLAdding(im.p, name, jsonlBatchDocs, importBatchBytes, im.applyOptions, nil, im.opts.Report)
	} else {
		ids, lines, err = format.ImportJSONL(im.p, name, jsonlBatchDocs, importBatchBytes, im.applyOptions, nil)
	}
	var le *format.LineError
	var ul *format.UnknownLabelsError
	if errors.As(err, &le) || errors.As(err, &ul) {
		im.report(err)
		return nil
	}
	if err != nil {
		return err
	}
	for i, id := range ids {
		im.count(name, lines[i], id)
	}
	return nil
}

// applyOptions records -annotator and -suggested on a document's spans and
// relations, as format.Import does for the formats it reads.
func (im *importer) applyOptions(d *annotate.Document) {
	for i := range d.Spans {
		if d.Spans[i].Annotator == "" {
			d.Spans[i].Annotator = im.opts.Annotator
		}
		if im.opts.Suggested {
			d.Spans[i].Suggested = true
		}
	}
	for i := range d.Relations {
		if d.Relations[i].Annotator == "" {
			d.Relations[i].Annotator = im.opts.Annotator
		}
	}
}
