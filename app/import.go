package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"alama/annotate"
	"alama/annotate/bundle"
	"alama/annotate/format"
)

// ImportOptions says how Import adds what it reads.
type ImportOptions struct {
	// Format, when set, names the reader of every file (see
	// format.ImportFormats) instead of detecting it.
	Format string
	// Offsets is the offset unit of Label Studio files (see
	// format.ImportOptions).
	Offsets string
	// Encoding, when set, names the encoding (a key of Encodings) of the
	// plain-text articles, converted to UTF-8 as they are read; files of
	// the annotation formats are read as UTF-8 whatever it says.
	Encoding string
	// Annotator is recorded on imported spans and relations that name
	// none.
	Annotator string
	// Suggested imports every span as a suggestion; documents already in
	// the project get the file's spans as suggestions (a model's
	// predictions, say).
	Suggested bool
	// AddLabels adds the span labels and relation types the schema lacks
	// to it (listed in FileReport.Repairs) instead of refusing the file.
	AddLabels bool
	// BatchDocs and BatchBytes bound how many documents, and how much
	// text, go into one transaction; zero means format.BatchDocs and
	// format.BatchBytes.
	BatchDocs, BatchBytes int
	// BundleLimits bound what reading a bundle inflates; the zero value
	// means bundle.DefaultLimits.
	BundleLimits bundle.Limits
}

// Reporter hears from Import as it goes, on Import's goroutine.
type Reporter interface {
	// Found is told how many files the paths hold, before any is read.
	Found(files int)
	// File is told what became of one file, once that is settled. Files
	// are reported in the order they were read, except that a plain-text
	// article waits for the transaction that takes it in.
	File(r FileReport)
	// Warn is told of something a reader noticed in a file it imported
	// all the same.
	Warn(err error)
	// Progress is told, after each transaction, how many files have been
	// settled and how many documents added so far.
	Progress(files, docs int)
}

// FileReport says what Import did with one file. Err is set when nothing
// from the file was added; it is usually a *format.LineError naming the
// file and line.
type FileReport struct {
	Path string
	// Bundle is set for a bundle (.zip), whose layer replaced its
	// annotator's layer: Layer names it and LayerResult counts what
	// changed.
	Bundle      bool
	Layer       string
	LayerResult annotate.LayerResult
	// Added counts the documents added.
	Added int
	// Skipped holds, for each document left out because a document with
	// the same text was already in the project, its line in the file (0
	// for a file that is one document or has no lines).
	Skipped []int
	// With ImportOptions.Suggested: Suggestions added to SuggestedDocs
	// documents the project had, Present spans left out because the layer
	// had them already, and RelationsLeftOut relations of those documents
	// not imported (suggestions carry none).
	Suggestions, SuggestedDocs, Present, RelationsLeftOut int
	// Repairs says what reading a file of an annotation format repaired
	// (line ends, byte order marks, labels added to the schema ...); nil
	// for a plain-text article or a file not imported.
	Repairs *format.ImportReport
	Err     error
}

// ImportResult sums up an Import: Files holds the report of every file.
type ImportResult struct {
	Files []FileReport
	// Added and Skipped count documents, Failed files.
	Added, Skipped, Failed int
	// Repairs sums the Repairs of the files.
	Repairs format.ImportReport
}

// Import reads paths (files, and folders searched recursively) and adds
// what they hold to p: plain-text articles (UTF-16 with a byte order mark
// is converted, and so is ImportOptions.Encoding), Alama JSONL, the other formats format.Import reads, and
// bundles (.zip named as a path), whose layer replaces their annotator's
// layer. Each file is all or nothing, and a bad file does not stop the
// others: it is reported and the import carries on. Plain-text articles
// go in batches of ImportOptions.BatchDocs, an Alama JSONL file in batches
// too (format.ImportJSONL), and so do the files of the formats read one
// document at a time (format.ImportLarge): a file of any size is read in
// bounded memory.
//
// The returned error is one that stopped the whole import: a path that
// does not exist, a folder with nothing to import, or the project
// failing. What the files held is in the result and was told to rep.
func Import(p annotate.Project, paths []string, opts ImportOptions, rep Reporter) (ImportResult, error) {
	if opts.Annotator != "" {
		if err := bundle.CheckAnnotator(opts.Annotator); err != nil {
			return ImportResult{}, fmt.Errorf("import: %w", err)
		}
	}
	if _, ok := Encodings[strings.ToLower(opts.Encoding)]; opts.Encoding != "" && !ok {
		return ImportResult{}, fmt.Errorf("import: encoding %s: unknown (known: %s)", annotate.Quote(opts.Encoding), strings.Join(EncodingNames(), ", "))
	}
	files, err := importFiles(paths, rep.Warn)
	if err != nil {
		return ImportResult{}, err
	}
	if opts.BatchDocs <= 0 {
		opts.BatchDocs = format.BatchDocs
	}
	if opts.BatchBytes <= 0 {
		opts.BatchBytes = format.BatchBytes
	}
	if opts.BundleLimits == (bundle.Limits{}) {
		opts.BundleLimits = bundle.DefaultLimits
	}
	im := &importer{p: p, opts: opts, rep: rep}
	im.fopts = format.ImportOptions{Format: opts.Format, Offsets: opts.Offsets, Annotator: opts.Annotator, Suggested: opts.Suggested,
		AddLabels: opts.AddLabels, Uses: &format.LabelUses{}, Warn: rep.Warn}
	rep.Found(len(files))
	// Bundles first: they replace a layer, which the files after them
	// may then add to.
	for _, name := range files {
		if isBundle(name) {
			im.done(im.bundle(name))
		}
	}
	for _, name := range files {
		if isBundle(name) {
			continue
		}
		if err := im.file(name); err != nil {
			return im.res, err
		}
	}
	if err := im.flush(); err != nil {
		return im.res, err
	}
	return im.res, nil
}

// isBundle says whether a path names a bundle.
func isBundle(name string) bool { return strings.EqualFold(filepath.Ext(name), ".zip") }

// importer imports files one at a time.
type importer struct {
	p     annotate.Project
	opts  ImportOptions
	fopts format.ImportOptions
	rep   Reporter
	res   ImportResult
	// The plain-text articles waiting for the next transaction.
	pending  []*annotate.Document
	names    []string // file of each pending document
	pendSize int
}

// done records and reports the fate of one file. A file read without
// error that yielded nothing at all (an empty CoNLL file, a suggestions
// file matching no document) counts as failed: an import that says "0
// documents" and succeeds hides the mistake.
func (im *importer) done(r FileReport) {
	if r.Err == nil && !r.Bundle && r.Added == 0 && len(r.Skipped) == 0 && r.Suggestions == 0 && r.SuggestedDocs == 0 && r.Present == 0 {
		r.Err = &format.LineError{File: r.Path, Err: fmt.Errorf("the file holds nothing to import: %w", format.ErrFormat)}
	} else if r.Err != nil && !r.Bundle {
		r.Err = legacyEncodingHint(r.Path, r.Err)
	}
	im.res.Files = append(im.res.Files, r)
	im.res.Added += r.Added
	im.res.Skipped += len(r.Skipped)
	if r.Err != nil {
		im.res.Failed++
	} else if r.Repairs != nil {
		im.res.Repairs.Add(r.Repairs)
	}
	im.rep.File(r)
	im.rep.Progress(len(im.res.Files), im.res.Added)
}

// importFiles expands the arguments into the files to import: files as
// given, folders searched in name order for files importKind knows. Only
// regular files are taken (a named pipe would block the read, a device
// never end it): one named as an argument is an error, one in a folder is
// passed over and told to warn.
func importFiles(args []string, warn func(error)) ([]string, error) {
	var files []string
	for _, arg := range args {
		info, err := os.Stat(arg)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() && !info.Mode().IsRegular() {
			return nil, fmt.Errorf("%s is %s, not a file to import", arg, kindOf(info.Mode()))
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
			case d.IsDir() || hidden:
				return nil
			}
			if !d.Type().IsRegular() {
				// A link counts if it leads to a regular file; it is
				// looked at, never opened.
				info, err := os.Stat(path)
				if err != nil || !info.Mode().IsRegular() {
					what := "a link to nothing"
					if err == nil {
						what = kindOf(info.Mode())
					} else if d.Type()&fs.ModeSymlink == 0 {
						what = kindOf(d.Type())
					}
					warn(fmt.Errorf("%s: passed over: %s, not a regular file", path, what))
					return nil
				}
			}
			if importKind(path, false) != "" {
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
// ImportExtensions are the file extensions Import reads from a folder,
// bundles (.zip) included: what a file chooser offers for import.
var ImportExtensions = []string{".txt", ".ann", ".jsonl", ".json", ".conll", ".iob", ".iob2", ".bio", ".bioes", ".bilou", ".tsv", ".zip"}

// A .txt with a .ann beside it is a brat document; a .ann is read with its
// .txt. JSON lines are told apart by format.Detect. Files named as paths
// are always read.
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

// file imports one file. It returns only errors that stop the whole
// import (the project failing).
func (im *importer) file(name string) error {
	kind := importKind(name, true)
	switch im.opts.Format {
	case "":
	case format.Text:
		kind = kindText
	case format.JSONL:
		kind = kindJSONL
	default:
		kind = kindFormat
	}
	if kind == kindText {
		data, err := readArticle(name, im.opts.Encoding)
		if err != nil {
			im.done(FileReport{Path: name, Err: err})
			return nil
		}
		read := format.ReadText
		if im.opts.Format == format.Text {
			read = format.ReadTextAsIs
		}
		d, err := read(name, data)
		if err != nil {
			im.done(FileReport{Path: name, Err: err})
			return nil
		}
		im.pending = append(im.pending, d)
		im.names = append(im.names, name)
		im.pendSize += len(d.Text)
		if len(im.pending) >= im.opts.BatchDocs || im.pendSize >= im.opts.BatchBytes {
			return im.flush()
		}
		return nil
	}
	// Documents keep their order: earlier text files go in first.
	if err := im.flush(); err != nil {
		return err
	}
	if err := checkNotUTF16(name); err != nil {
		im.done(FileReport{Path: name, Err: err})
		return nil
	}
	if kind == kindJSONL && !im.opts.Suggested {
		return im.jsonl(name)
	}
	return im.other(name)
}

// other imports a file of another format: one read one document at a
// time in batches (large), a brat pair, or any file with
// ImportOptions.Suggested, in one transaction.
func (im *importer) other(name string) error {
	if !im.opts.Suggested {
		if f := format.StreamFormat(name, im.opts.Format); f != "" {
			return im.large(name, f)
		}
	}
	var stop error
	r := FileReport{Path: name, Repairs: &format.ImportReport{}}
	opts := im.fopts
	opts.Report = r.Repairs
	err := format.Import(name, opts, func(file string, docs []*annotate.Document) error {
		old, err := format.ResolveLabels(im.p, format.FileLabels(file, docs, opts.Uses.Take()), opts.AddLabels, opts.Report)
		if err != nil {
			return err
		}
		if im.opts.Suggested {
			err = im.suggest(&r, file, docs, &stop)
			if err != nil {
				err = format.RestoreSchema(im.p, old, opts.Report, err)
			}
			return err
		}
		ids, err := im.p.Import(docs)
		if err != nil {
			err = format.RestoreSchema(im.p, old, opts.Report, err)
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
			r.count(0, id)
		}
		return nil
	})
	if stop != nil {
		return stop
	}
	if err != nil {
		// Nothing of the file went in: format.Import hands over a file's
		// documents only once all of them were read, and the schema is
		// put back.
		r = FileReport{Path: name, Err: err}
	}
	im.done(r)
	return nil
}

// large imports a file of a format read one document at a time, all of
// it or nothing, in batches (see format.ImportLarge), so that a file of
// any size is read in bounded memory. A bad file is reported; the error
// returned stops the whole import.
func (im *importer) large(name, kind string) error {
	before := im.res.Added
	progress := func(n int) { im.rep.Progress(len(im.res.Files), before+n) }
	r := FileReport{Path: name, Repairs: &format.ImportReport{}}
	opts := im.fopts
	opts.Report = r.Repairs
	ids, err := format.ImportLarge(im.p, name, kind, opts, im.opts.BatchDocs, im.opts.BatchBytes, progress)
	if err != nil {
		return im.failed(name, err)
	}
	for _, id := range ids {
		r.count(0, id)
	}
	im.done(r)
	return nil
}

// failed ends a batched import of file name that err stopped: an error
// of the file's content (a bad line, labels the schema lacks) fails that
// file only and is reported; any other error is returned, to stop the
// whole import.
func (im *importer) failed(name string, err error) error {
	var le *format.LineError
	var ul *format.UnknownLabelsError
	if errors.As(err, &le) || errors.As(err, &ul) {
		im.done(FileReport{Path: name, Err: err})
		return nil
	}
	return err
}

// count records one imported document: id 0 is one skipped because its
// text was there already.
func (r *FileReport) count(line int, id uint64) {
	if id != 0 {
		r.Added++
		return
	}
	r.Skipped = append(r.Skipped, line)
}

// suggest imports the documents of one file with Suggested: documents
// the project has get the file's spans as suggestions, the others are
// added. stop is set to an error that should end the whole import.
func (im *importer) suggest(r *FileReport, file string, docs []*annotate.Document, stop *error) error {
	res, err := im.p.Suggest(docs)
	var ie *annotate.ImportError
	if errors.As(err, &ie) {
		return &format.LineError{File: file, Err: ie.Err}
	}
	if err != nil {
		*stop = err
		return err
	}
	r.Added += res.New
	r.Suggestions += res.Added
	r.SuggestedDocs += len(docs) - res.New
	r.Present += res.Present
	r.RelationsLeftOut += res.Relations
	return nil
}

// flush imports the pending plain-text documents in one transaction. A
// document the project rejects is reported and left out, and the rest are
// tried again, so each file is all or nothing.
func (im *importer) flush() error {
	docs, names := im.pending, im.names
	im.pending, im.names, im.pendSize = nil, nil, 0
	for len(docs) > 0 {
		ids, err := im.p.Import(docs)
		var ie *annotate.ImportError
		if errors.As(err, &ie) {
			im.done(FileReport{Path: names[ie.Index], Err: &format.LineError{File: names[ie.Index], Err: ie.Err}})
			docs = append(docs[:ie.Index:ie.Index], docs[ie.Index+1:]...)
			names = append(names[:ie.Index:ie.Index], names[ie.Index+1:]...)
			continue
		}
		if err != nil {
			return err
		}
		for i, id := range ids {
			r := FileReport{Path: names[i]}
			r.count(0, id)
			im.done(r)
		}
		return nil
	}
	return nil
}

// jsonl imports an Alama JSONL file, all of it or nothing, in batches
// (see format.ImportJSONL). A bad file is reported; the error returned
// stops the whole import.
func (im *importer) jsonl(name string) error {
	before := im.res.Added
	progress := func(n int) { im.rep.Progress(len(im.res.Files), before+n) }
	var (
		ids     []uint64
		lines   []int
		err     error
		repairs = &format.ImportReport{}
	)
	if im.opts.AddLabels {
		ids, lines, err = format.ImportJSONLAdding(im.p, name, im.opts.BatchDocs, im.opts.BatchBytes, im.applyOptions, progress, repairs)
	} else {
		ids, lines, err = format.ImportJSONL(im.p, name, im.opts.BatchDocs, im.opts.BatchBytes, im.applyOptions, progress)
	}
	if err != nil {
		return im.failed(name, err)
	}
	r := FileReport{Path: name, Repairs: repairs}
	for i, id := range ids {
		r.count(lines[i], id)
	}
	im.done(r)
	return nil
}

// applyOptions records the annotator and Suggested on a document's spans
// and relations, as format.Import does for the formats it reads.
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

// bundle imports one bundle: its layer replaces its annotator's layer
// (the annotator of ImportOptions, when set), all or nothing.
func (im *importer) bundle(name string) FileReport {
	r := FileReport{Path: name, Bundle: true}
	b, err := ReadBundle(name, im.opts.BundleLimits)
	if err != nil {
		r.Err = err
		return r
	}
	if im.opts.Suggested {
		for _, d := range b.Docs {
			for i := range d.Spans {
				d.Spans[i].Suggested = true
			}
		}
	}
	r.Layer = b.Manifest.Annotator
	if im.opts.Annotator != "" {
		r.Layer = im.opts.Annotator
	}
	r.LayerResult, r.Err = ImportBundle(im.p, name, b, r.Layer)
	r.Added = r.LayerResult.Added
	return r
}
