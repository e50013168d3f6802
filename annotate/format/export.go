package format

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"alama/annotate"
)

// The export format names Export and Import take.
const (
	JSONL       = "jsonl"
	Brat        = "brat"
	Doccano     = "doccano"
	LabelStudio = "labelstudio"
	SpaCy       = "spacy"
	CoNLL       = "conll"
	HF          = "hf"
	Parquet     = "parquet"
	WebAnno     = "webanno" // WebAnno TSV 3.3, for INCEpTION
)

// encoder writes documents of one format to one output.
type encoder interface {
	// encode writes one document, counting spans, relations and losses.
	// part is the document's split part, "" without a split.
	encode(d *annotate.Document, part string, rep *Report) error
	// finish writes what follows the last document.
	finish() error
}

// formatSpec says how a format is written: to one file through an
// io.Writer, or to a folder.
type formatSpec struct {
	file  func(w io.Writer, s *annotate.Schema, o *Options) (encoder, error)
	dir   func(dir string, s *annotate.Schema, o *Options) (encoder, error)
	parts bool  // the folder writer files split parts itself
	keeps keeps // the document and span fields the format writes

}

var specs = map[string]formatSpec{
	JSONL: {file: func(w io.Writer, _ *annotate.Schema, _ *Options) (encoder, error) {
		return &jsonlEncoder{w: NewJSONLWriter(w)}, nil
	}, keeps: keepsAll &^ keepsTokens},
	Brat:        {dir: newBratEncoder},
	Doccano:     {file: newDoccanoEncoder},
	LabelStudio: {file: newLSEncoder, keeps: keepsTitle | keepsAnnotators | keepsSuggested},
	SpaCy:       {file: newSpacyEncoder},
	CoNLL:       {file: newCoNLLEncoder, keeps: keepsTokens},
	HF:          {dir: newHFEncoder, parts: true, keeps: keepsTokens},
	Parquet:     {file: newParquetEncoder, keeps: keepsAll},
	WebAnno:     {dir: newWebAnnoEncoder, keeps: keepsTokens},
}

// ExportFormats lists the names Export accepts, sorted.
func ExportFormats() []string {
	names := make([]string, 0, len(specs))
	for n := range specs {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Export writes documents in the named format (see ExportFormats) to out
// and returns what it wrote and what the format could not hold.
//
// docs is consumed once, one document at a time (annotate.Project.All fits);
// an error it yields stops the export. Token formats (conll, hf) tokenize a
// few documents ahead on other cores, so the iterator must not change a
// document after yielding it. schema names the labels, relation
// types and attributes for formats that declare them (brat's
// annotation.conf, the Hugging Face tag list); it may be nil, in which case
// only what the documents use is declared.
//
// out is a file for jsonl, doccano, labelstudio, spacy, conll and parquet,
// and a folder for brat (DOC.txt + DOC.ann per document, annotation.conf,
// visual.conf), webanno (DOC.tsv per document, webanno-layers.md) and hf
// (data.jsonl + labels.json). With opts.Split, a file
// output becomes three files named by part before the extension
// (corpus.train.jsonl, corpus.dev.jsonl, corpus.test.jsonl) and a folder
// output gets train/, dev/ and test/ inside it (for hf: train.jsonl,
// dev.jsonl, test.jsonl).
//
// Output is written to a temporary name beside out and renamed into place
// only when everything succeeded, so a failed export leaves no partial
// file. A folder output must not exist yet or be empty. Every span's range
// is checked against its document's text before it is written; a span
// outside the text stops the export with an error naming the document and
// span.
func Export(name string, docs iter.Seq2[*annotate.Document, error], schema *annotate.Schema, out string, opts Options) (Report, error) {
	rep := Report{Format: name}
	spec, ok := specs[name]
	if !ok {
		return rep, fmt.Errorf("export: unknown format %q (known: %s): %w", name, strings.Join(ExportFormats(), ", "), annotate.ErrInvalid)
	}
	if err := opts.check(name); err != nil {
		return rep, fmt.Errorf("export: %w", err)
	}
	parts := []string{""}
	if opts.Split != nil {
		parts = Parts
		rep.Parts = map[string]int{}
	}
	var outs []output
	closeAll := func(commit bool) error {
		var errs []error
		for _, o := range outs {
			errs = append(errs, o.close(commit))
		}
		return errors.Join(errs...)
	}
	encs := map[string]encoder{}
	// hide names the outputs in an error, never their temporary names.
	hide := func(err error) error {
		for _, o := range outs {
			err = o.hide(err)
		}
		return err
	}
	fail := func(err error) (Report, error) {
		return rep, hide(errors.Join(fmt.Errorf("export %s: %w", name, err), closeAll(false)))
	}
	if spec.dir != nil {
		d, err := newDirOutput(out)
		if err != nil {
			return rep, fmt.Errorf("export %s: %w", name, err)
		}
		outs = append(outs, d)
		if spec.parts {
			enc, err := spec.dir(d.tmp, schema, &opts)
			if err != nil {
				return fail(err)
			}
			for _, p := range parts {
				encs[p] = enc
			}
		}
		for _, p := range parts {
			if encs[p] != nil {
				continue
			}
			enc, err := spec.dir(filepath.Join(d.tmp, p), schema, &opts)
			if err != nil {
				return fail(err)
			}
			encs[p] = enc
		}
	} else {
		for _, p := range parts {
			f, err := newFileOutput(PartName(out, p))
			if err != nil {
				return fail(err)
			}
			outs = append(outs, f)
			if encs[p], err = spec.file(f.w, schema, &opts); err != nil {
				return fail(err)
			}
		}
	}
	if err := exportDocs(docs, &opts, &rep, encs, spec.keeps); err != nil {
		return fail(err)
	}
	done := map[encoder]bool{}
	for _, p := range parts {
		if e := encs[p]; !done[e] {
			done[e] = true
			if err := e.finish(); err != nil {
				return fail(err)
			}
		}
	}
	var extra []string
	if name == LabelStudio {
		// The labeling configuration goes beside the tasks, one for all parts.
		var used usedNames
		for _, p := range parts {
			used.merge(&encs[p].(*lsEncoder).used)
		}
		path := LabelStudioConfigName(out)
		f, err := newFileOutput(path)
		if err != nil {
			return fail(err)
		}
		outs = append(outs, f)
		if _, err := f.w.Write(LabelStudioConfig(schema, &used)); err != nil {
			return fail(err)
		}
		extra = append(extra, path)
	}
	if err := closeAll(true); err != nil {
		return rep, hide(fmt.Errorf("export %s: %w", name, err))
	}
	if spec.dir != nil {
		rep.Files = []string{out}
	} else {
		for _, p := range parts {
			rep.Files = append(rep.Files, PartName(out, p))
		}
	}
	rep.Files = append(rep.Files, extra...)
	return rep, nil
}

// ExportTo writes documents in a single-file format to w; see Export. It
// takes no split: the caller chooses the writer.
func ExportTo(w io.Writer, name string, docs iter.Seq2[*annotate.Document, error], schema *annotate.Schema, opts Options) (Report, error) {
	rep := Report{Format: name}
	spec, ok := specs[name]
	switch {
	case !ok:
		return rep, fmt.Errorf("export: unknown format %q: %w", name, annotate.ErrInvalid)
	case spec.file == nil:
		return rep, fmt.Errorf("export: %s writes a folder, not a stream: %w", name, annotate.ErrInvalid)
	case opts.Split != nil:
		return rep, fmt.Errorf("export: a split needs Export with an output path: %w", annotate.ErrInvalid)
	}
	if err := opts.check(name); err != nil {
		return rep, fmt.Errorf("export: %w", err)
	}
	enc, err := spec.file(w, schema, &opts)
	if err != nil {
		return rep, fmt.Errorf("export: %w", err)
	}
	if err := exportDocs(docs, &opts, &rep, map[string]encoder{"": enc}, spec.keeps); err != nil {
		return rep, fmt.Errorf("export %s: %w", name, err)
	}
	if err := enc.finish(); err != nil {
		return rep, fmt.Errorf("export %s: %w", name, err)
	}
	return rep, nil
}

// WritesFolder reports whether the named export format writes a folder
// rather than a file.
func WritesFolder(name string) bool {
	spec, ok := specs[name]
	return ok && spec.dir != nil
}

// PartName inserts the split part before the extension of a file name:
// corpus.jsonl, train → corpus.train.jsonl.
func PartName(out, part string) string {
	if part == "" {
		return out
	}
	ext := filepath.Ext(out)
	return strings.TrimSuffix(out, ext) + "." + part + ext
}

func (o *Options) check(format string) error {
	if err := checkOffsets(format, o.Offsets); err != nil {
		return err
	}
	if o.Split != nil {
		if err := o.Split.validate(); err != nil {
			return err
		}
	}
	if _, err := o.Scheme.tagger(); err != nil {
		return err
	}
	return nil
}

// output is a file or folder being written under a temporary name.
type output interface {
	close(commit bool) error
	// hide rewords err to name the output instead of its temporary name.
	hide(err error) error
}

type fileOutput struct {
	f    *os.File
	w    *bufio.Writer
	path string
}

func newFileOutput(path string) (*fileOutput, error) {
	var f *os.File
	err := TempName(path, func(tmp string) (err error) {
		f, err = os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &fileOutput{f: f, w: bufio.NewWriterSize(f, 256<<10), path: path}, nil
}

func (o *fileOutput) hide(err error) error { return HideTemp(err, o.f.Name(), o.path) }

func (o *fileOutput) close(commit bool) error {
	if !commit {
		o.f.Close()
		return os.Remove(o.f.Name())
	}
	err := errors.Join(o.w.Flush(), o.f.Sync(), o.f.Close())
	if err == nil {
		err = os.Rename(o.f.Name(), o.path)
	}
	if err != nil {
		os.Remove(o.f.Name())
	}
	return err
}

// TempName calls create with hidden names beside path, .NAME.PID-N.tmp,
// until one does not exist yet, after removing those a process that no
// longer runs left there (see RemoveStale). Unlike os.CreateTemp it
// leaves the mode to the umask, so the renamed output is an ordinary file
// or folder. An error from create names path, never the temporary name.
func TempName(path string, create func(name string) error) error {
	RemoveStale(path)
	dir, base := filepath.Split(path)
	for i := 0; ; i++ {
		name := filepath.Join(dir, fmt.Sprintf(".%s.%d-%d.tmp", base, os.Getpid(), i))
		err := create(name)
		if !errors.Is(err, os.ErrExist) || i == 1000 {
			return HideTemp(err, name, path)
		}
	}
}

// RemoveStale removes the temporary files and folders TempName made
// beside path for processes that no longer run: what an export killed
// half way left behind.
func RemoveStale(path string) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := "." + base + "."
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok {
			continue
		}
		rest, ok = strings.CutSuffix(rest, ".tmp")
		pid, n, found := strings.Cut(rest, "-")
		if !ok || !found {
			continue
		}
		p, err1 := strconv.Atoi(pid)
		_, err2 := strconv.Atoi(n)
		if err1 != nil || err2 != nil || p <= 0 || processRuns(p) {
			continue
		}
		_ = os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}

// hideTemp rewords an error about the temporary name tmp as one about
// path, the name the user gave.
func HideTemp(err error, tmp, path string) error {
	if err == nil || !strings.Contains(err.Error(), tmp) {
		return err
	}
	return &tempError{msg: strings.ReplaceAll(err.Error(), tmp, path), err: err}
}

// tempError is an error whose message names the output, not its
// temporary name, and which still matches what it wraps.
type tempError struct {
	msg string
	err error
}

func (e *tempError) Error() string { return e.msg }
func (e *tempError) Unwrap() error { return e.err }

type dirOutput struct {
	tmp, path string
}

func newDirOutput(path string) (*dirOutput, error) {
	if info, err := os.Lstat(path); err == nil && !info.IsDir() {
		return nil, fmt.Errorf("%s exists and is not a folder: %w", path, annotate.ErrInvalid)
	}
	if entries, err := os.ReadDir(path); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("%s exists and is not empty: %w", path, annotate.ErrInvalid)
	}
	var tmp string
	err := TempName(filepath.Clean(path), func(name string) error {
		tmp = name
		return os.Mkdir(name, 0o755)
	})
	if err != nil {
		return nil, err
	}
	return &dirOutput{tmp: tmp, path: path}, nil
}

func (o *dirOutput) hide(err error) error { return HideTemp(err, o.tmp, o.path) }

func (o *dirOutput) close(commit bool) error {
	if !commit {
		return os.RemoveAll(o.tmp)
	}
	// An existing empty folder gives way to the new one.
	if err := os.Remove(o.path); err != nil && !errors.Is(err, os.ErrNotExist) {
		os.RemoveAll(o.tmp)
		return err
	}
	if err := os.Rename(o.tmp, o.path); err != nil {
		os.RemoveAll(o.tmp)
		return err
	}
	return nil
}

type jsonlEncoder struct{ w *JSONLWriter }

func (e *jsonlEncoder) encode(d *annotate.Document, _ string, rep *Report) error {
	if err := e.w.Write(d); err != nil {
		return err
	}
	rep.Spans += len(d.Spans)
	rep.Relations += len(d.Relations)
	return nil
}

func (e *jsonlEncoder) finish() error { return nil }
