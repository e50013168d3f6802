package format

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"alama/annotate"
)

// StreamFormat returns the format in which ImportLarge reads the file
// name, given the format the caller names ("" to detect it), or "" when
// the file is not read one document at a time (a brat pair, a plain-text
// article) or cannot be placed: Import reads those, and says why.
func StreamFormat(name, format string) string {
	ext := strings.ToLower(filepath.Ext(name))
	if format == "" && (ext == ".ann" || ext == ".txt") {
		return ""
	}
	if format == "" {
		f, err := os.Open(name)
		if err != nil {
			return ""
		}
		defer f.Close()
		head, err := readHead(f)
		if err != nil {
			return ""
		}
		if format, err = Detect(name, head); err != nil {
			return ""
		}
	}
	if _, ok := readers[format]; !ok {
		return ""
	}
	return format
}

// ImportLarge adds the documents of the file name, read in format (see
// StreamFormat), to p, all of it or nothing, in bounded memory: the
// documents go in as the reader yields them, in batches of at most
// batchDocs documents or batchBytes of text, one transaction each through
// p.BeginImport, and a bad line, or a document the project rejects, takes
// the batches added so far out again (the import's Abort). The labels and
// relation types each batch uses are checked against the schema before it
// goes in (opts.Uses is not used), and added to it with opts.AddLabels (put back if the file then
// fails); opts.Report counts what the reader repaired and the labels
// added. progress, if not nil, is told how many documents have been added
// so far.
//
// It returns each document's new id, 0 for one whose text was already in
// the project. What is wrong with the file, or with a document the
// project rejects, is a *LineError; labels and relation types the schema
// lacks are an *UnknownLabelsError listing each with the line of its
// first use (the rest of the file is read to find them all). Any other
// error is the project's.
func ImportLarge(p annotate.Project, name, format string, opts ImportOptions, batchDocs, batchBytes int, progress func(int)) (ids []uint64, err error) {
	read, ok := readers[format]
	opts.Uses = &LabelUses{} // this file's own
	if !ok {
		return nil, &LineError{File: name, Err: fmt.Errorf("%s files cannot be imported: %w", format, ErrFormat)}
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, &LineError{File: name, Err: err}
	}
	defer f.Close()
	var old *annotate.Schema // the schema before labels were added
	defer func() {
		if err != nil {
			err = RestoreSchema(p, old, opts.Report, err)
		}
	}()
	im, err := p.BeginImport()
	if err != nil {
		return nil, err
	}
	var (
		batch   []*annotate.Document
		size    int
		seen    = map[labelKey]bool{} // labels checked already
		unknown []LabelUse            // labels the schema lacks, once one is found
		stop    error                 // the project's error
	)
	flush := func() error {
		var fresh []LabelUse
		for _, u := range FileLabels(name, batch, opts.Uses.Take()) {
			if k := (labelKey{u.Name, u.Relation}); !seen[k] {
				seen[k] = true
				fresh = append(fresh, u)
			}
		}
		if len(fresh) > 0 {
			o, err := ResolveLabels(p, fresh, opts.AddLabels, opts.Report)
			var ue *UnknownLabelsError
			switch {
			case errors.As(err, &ue):
				// Read on, storing nothing more, to list them all.
				unknown = append(unknown, ue.Uses...)
			case err != nil:
				return err
			case old == nil:
				old = o
			}
		}
		if unknown == nil && len(batch) > 0 {
			got, err := im.Add(batch)
			var ie *annotate.ImportError
			if errors.As(err, &ie) {
				return &LineError{File: name, Err: ie.Err}
			}
			if err != nil {
				stop = err
				return err
			}
			ids = append(ids, got...)
			if progress != nil {
				progress(len(ids))
			}
		}
		clear(batch)
		batch, size = batch[:0], 0
		return nil
	}
	err = read(name, f, opts, func(d *annotate.Document) error {
		batch, size = append(batch, d), size+len(d.Text)
		if len(batch) >= batchDocs || size >= batchBytes {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	var le *LineError
	var ue *UnknownLabelsError
	if err != nil && stop == nil && !errors.As(err, &le) && !errors.As(err, &ue) {
		err = &LineError{File: name, Err: err}
	}
	if err = finishImport(im, unknown, err); err != nil {
		return nil, err
	}
	return ids, nil
}

// finishImport ends an import that err (nil if none) stopped or that read
// its whole file: it commits if nothing went wrong and no label was
// unknown, and aborts otherwise, returning why.
func finishImport(im annotate.Importer, unknown []LabelUse, err error) error {
	if err == nil && unknown != nil {
		err = &UnknownLabelsError{Uses: unknown}
	}
	if err == nil {
		err = im.Commit()
	}
	if err != nil {
		if aerr := im.Abort(); aerr != nil {
			err = fmt.Errorf("%w; %w", err, aerr)
		}
		return err
	}
	return nil
}
