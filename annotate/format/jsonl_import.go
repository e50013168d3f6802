package format

import (
	"errors"
	"fmt"
	"os"

	"alama/annotate"
)

// BatchDocs and BatchBytes are the usual bounds of one transaction of an
// import that adds many documents: how many, and how much text.
const (
	BatchDocs  = 1000
	BatchBytes = 16 << 20
)

// ImportJSONL adds the Alama JSONL file name to p, all of it or nothing,
// in bounded memory. It parses every line first, so that a bad line
// anywhere is reported before anything is written; then it reads the file
// again and adds batches of at most batchDocs documents or batchBytes of
// text, one transaction each, through p.BeginImport, which takes the
// batches out again if a later one fails. prepare, if not nil, adjusts each
// document before it is added; progress, if not nil, is told how many
// documents have been added so far.
//
// It returns each document's new id (0 for one whose text was already in
// the project) and line. What is wrong with the file, or with a document
// the project rejects, is a *LineError; labels and relation types the
// schema lacks are an *UnknownLabelsError listing each with the line of
// its first use. Any other error is the project's.
func ImportJSONL(p annotate.Project, name string, batchDocs, batchBytes int, prepare func(*annotate.Document), progress func(int)) (ids []uint64, lines []int, err error) {
	return importJSONL(p, name, batchDocs, batchBytes, prepare, progress, false, nil)
}

// ImportJSONLAdding is ImportJSONL that adds the labels and relation types
// the schema lacks instead of refusing the file, listing them in rep
// (which may be nil). If the file then fails, the schema is put back.
func ImportJSONLAdding(p annotate.Project, name string, batchDocs, batchBytes int, prepare func(*annotate.Document), progress func(int), rep *ImportReport) (ids []uint64, lines []int, err error) {
	return importJSONL(p, name, batchDocs, batchBytes, prepare, progress, true, rep)
}

func importJSONL(p annotate.Project, name string, batchDocs, batchBytes int, prepare func(*annotate.Document), progress func(int), add bool, rep *ImportReport) (ids []uint64, lines []int, err error) {
	var uses LabelUses
	err = readJSONLLines(name, func(line int, d *annotate.Document) error {
		for _, s := range d.Spans {
			uses.note(name, line, s.Label, false)
		}
		for _, r := range d.Relations {
			uses.note(name, line, r.Type, true)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	old, err := ResolveLabels(p, uses.Take(), add, rep)
	if err != nil {
		return nil, nil, err
	}
	defer func() {
		if err != nil {
			err = RestoreSchema(p, old, rep, err)
		}
	}()
	im, err := p.BeginImport()
	if err != nil {
		return nil, nil, err
	}
	var (
		batch []*annotate.Document
		size  int
	)
	flush := func() error {
		got, err := im.Add(batch)
		var ie *annotate.ImportError
		if errors.As(err, &ie) {
			return &LineError{File: name, Line: lines[len(ids)+ie.Index], Err: ie.Err}
		}
		if err != nil {
			return err
		}
		ids = append(ids, got...)
		batch, size = batch[:0], 0
		if progress != nil {
			progress(len(ids))
		}
		return nil
	}
	err = readJSONLLines(name, func(line int, d *annotate.Document) error {
		if prepare != nil {
			prepare(d)
		}
		batch, lines, size = append(batch, d), append(lines, line), size+len(d.Text)
		if len(batch) >= batchDocs || size >= batchBytes {
			return flush()
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		err = flush()
	}
	if err == nil {
		err = im.Commit()
	}
	if err != nil {
		if aerr := im.Abort(); aerr != nil {
			err = fmt.Errorf("%w; %w", err, aerr)
		}
		return nil, nil, err
	}
	return ids, lines, nil
}

// readJSONLLines calls fn with every document of the Alama JSONL file name
// and its line, one at a time. A file that cannot be opened is a
// *LineError too.
func readJSONLLines(name string, fn func(line int, d *annotate.Document) error) error {
	f, err := os.Open(name)
	if err != nil {
		return &LineError{File: name, Err: err}
	}
	defer f.Close()
	return ReadJSONL(name, f, fn)
}
