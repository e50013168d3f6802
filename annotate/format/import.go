package format

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"alama/annotate"
)

// ImportOptions control an import.
type ImportOptions struct {
	// Format names the format (JSONL, Brat, Doccano, ...); "" detects it
	// from each file's extension and first bytes (see Detect).
	Format string
	// Annotator is recorded on imported spans and relations that name none
	// (most formats name none).
	Annotator string
	// Suggested imports every span as a suggestion to accept or reject.
	Suggested bool
	// Offsets is the offset unit of Label Studio files: "" (or
	// OffsetsCodePoint) for code points, OffsetsUTF16 for UTF-16 code units.
	Offsets string
	// Warn, when set, receives problems that do not stop the import, each a
	// *LineError: brat lines kept but not understood, files of unknown kind
	// skipped in a folder, empty CoNLL tokens skipped.
	Warn func(error)
	// Report, when set, counts what readers repaired in messy files (see
	// ImportReport) and the labels added to the schema.
	Report *ImportReport
	// Uses, when set, collects the first line where a file uses each span
	// label and relation type, for ResolveLabels.
	Uses *LabelUses
	// AddLabels adds the labels and relation types the schema lacks to it
	// instead of refusing the file (ImportJSONL; callers of Import pass it
	// to ResolveLabels).
	AddLabels bool
}

// reader reads one file of a format and emits its documents in order.
type reader func(name string, r io.Reader, opts ImportOptions, emit func(*annotate.Document) error) error

var readers = map[string]reader{
	JSONL:       readJSONLFile,
	Doccano:     readDoccano,
	LabelStudio: readLabelStudio,
	SpaCy:       readSpacy,
	CoNLL:       readCoNLL,
	HF:          readHF,
	Parquet:     readParquet,
	WebAnno:     ReadWebAnno,
}

func readJSONLFile(name string, r io.Reader, opts ImportOptions, emit func(*annotate.Document) error) error {
	return ReadJSONL(name, r, func(_ int, d *annotate.Document) error {
		for i := range d.Spans {
			if d.Spans[i].Annotator == "" {
				d.Spans[i].Annotator = opts.Annotator
			}
			if opts.Suggested {
				d.Spans[i].Suggested = true
			}
		}
		for i := range d.Relations {
			if d.Relations[i].Annotator == "" {
				d.Relations[i].Annotator = opts.Annotator
			}
		}
		return emit(d)
	})
}

// Import reads the documents of path, a file or a folder, and calls fn once
// per file with all the documents read from it, in the file's order. It
// never writes storage: the caller commits each batch (one transaction per
// file keeps a project unchanged by a bad file).
//
// A folder is read in name order, without descending into sub-folders
// other than split parts (train/, dev/, test/). In a folder or as a
// path, DOC.ann goes with DOC.txt as one brat document; a .txt file without
// an .ann is a plain article (see ReadText); annotation.conf, visual.conf
// and hidden files are skipped; other files are read in the format opts
// names or the one Detect finds, and files of no known kind are skipped
// with a warning.
//
// The first problem in a file stops the import with a *LineError naming the
// file and line; fn is not called for that file, and files after it are not
// read. Documents from non-native formats have ID 0 (the caller assigns
// ids); their spans and relations are numbered from 1 within the document.
// An error fn returns stops the import and is returned as is.
func Import(path string, opts ImportOptions, fn func(file string, docs []*annotate.Document) error) error {
	if opts.Format != "" {
		if _, ok := readers[opts.Format]; !ok && opts.Format != Brat && opts.Format != Text {
			return fmt.Errorf("import: unknown format %q (known: %s): %w", opts.Format, strings.Join(ImportFormats(), ", "), annotate.ErrInvalid)
		}
	}
	// Detected formats other than Label Studio have one offset unit each.
	if err := checkOffsets(cmp.Or(opts.Format, LabelStudio), opts.Offsets); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	info, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	if !info.IsDir() {
		return importFile(path, opts, fn)
	}
	return importDir(path, opts, fn, true)
}

// ImportFormats lists the names Import accepts, sorted.
func ImportFormats() []string {
	names := []string{Brat, Text}
	for n := range readers {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

func importDir(dir string, opts ImportOptions, fn func(string, []*annotate.Document) error, top bool) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		path := filepath.Join(dir, name)
		switch {
		case strings.HasPrefix(name, "."):
			continue
		case e.IsDir():
			if top && slices.Contains(Parts, name) {
				if err := importDir(path, opts, fn, false); err != nil {
					return err
				}
			}
			continue
		case name == "annotation.conf" || name == "visual.conf" || name == "tools.conf" || name == "kb_shortcuts.conf" || name == webannoLayersFile || name == HFLabelsFile:
			continue
		case strings.HasSuffix(name, ".txt"):
			if _, err := os.Stat(strings.TrimSuffix(path, ".txt") + ".ann"); err == nil {
				continue // read with its .ann
			}
		}
		if err := importFile(path, opts, fn); err != nil {
			var skip *unknownFormat
			if errors.As(err, &skip) && opts.Warn != nil {
				opts.Warn(&LineError{File: path, Err: fmt.Errorf("skipped: %w", err)})
				continue
			}
			return err
		}
	}
	return nil
}

// unknownFormat is the error of a file Detect cannot place.
type unknownFormat struct{ reason string }

func (e *unknownFormat) Error() string { return e.reason }
func (e *unknownFormat) Unwrap() error { return ErrFormat }

func importFile(path string, opts ImportOptions, fn func(string, []*annotate.Document) error) error {
	format := opts.Format
	ext := strings.ToLower(filepath.Ext(path))
	if format == "" && (ext == ".ann" || ext == ".txt") {
		format = Brat
	}
	if format == Text {
		data, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("import: %w", err)
		}
		d, err := readText(path, data, false)
		if err != nil {
			return err
		}
		return fn(path, []*annotate.Document{d})
	}
	if format == Brat {
		d, err := readBratPair(path, opts)
		if err != nil {
			return err
		}
		return fn(strings.TrimSuffix(path, filepath.Ext(path))+".txt", []*annotate.Document{d})
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	if format == "" {
		head, err := readHead(f)
		if err != nil {
			return fmt.Errorf("import: %s: %w", path, err)
		}
		if format, err = Detect(path, head); err != nil {
			return &LineError{File: path, Err: err}
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return fmt.Errorf("import: %w", err)
		}
	}
	read, ok := readers[format]
	if !ok {
		return &LineError{File: path, Err: fmt.Errorf("%s files cannot be imported: %w", format, ErrFormat)}
	}
	var docs []*annotate.Document
	if err := read(path, f, opts, func(d *annotate.Document) error {
		docs = append(docs, d)
		return nil
	}); err != nil {
		return err
	}
	return fn(path, docs)
}

// readBratPair reads DOC.txt and DOC.ann given either name. Without an
// .ann, the .txt is a plain article read by ReadText; a missing .txt is an
// error.
func readBratPair(path string, opts ImportOptions) (*annotate.Document, error) {
	base := strings.TrimSuffix(path, filepath.Ext(path))
	txtName, annName := base+".txt", base+".ann"
	txt, err := os.ReadFile(txtName)
	if err != nil {
		return nil, &LineError{File: annName, Err: fmt.Errorf("the document text: %w", err)}
	}
	ann, err := os.ReadFile(annName)
	if errors.Is(err, os.ErrNotExist) {
		return ReadText(txtName, txt)
	}
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	return ReadBrat(txtName, txt, annName, ann, opts)
}

// lineOfInvalid returns the 1-based line of the first invalid UTF-8 byte.
func lineOfInvalid(b []byte) int {
	return bytes.Count(b[:invalidAt(b)], []byte("\n")) + 1
}
