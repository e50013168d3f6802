package format

import (
	"errors"

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
// in bounded memory. It reads the file once: one goroutine parses lines
// into batches of at most batchDocs documents or batchBytes of text while
// the caller's goroutine adds the batch before, one transaction each,
// through p.BeginImport; a bad line, or a document the project rejects,
// takes the batches added so far out again (the import's Abort), so the
// project is left as it was. prepare, if not nil, adjusts each document
// before it is added; progress, if not nil, is told how many documents
// have been added so far.
//
// It returns each document's new id (0 for one whose text was already in
// the project) and line. What is wrong with the file, or with a document
// the project rejects, is a *LineError; labels and relation types the
// schema lacks are an *UnknownLabelsError listing each with the line of
// its first use (the rest of the file is read to find them all, and a bad
// line comes first). Any other error is the project's.
func ImportJSONL(p annotate.Project, name string, batchDocs, batchBytes int, prepare func(*annotate.Document), progress func(int)) (ids []uint64, lines []int, err error) {
	return importJSONL(p, name, batchDocs, batchBytes, prepare, progress, false, nil)
}

// ImportJSONLAdding is ImportJSONL that adds the labels and relation types
// the schema lacks instead of refusing the file, listing them in rep
// (which may be nil); each is added before the first batch that uses it.
// If the file then fails, the schema is put back.
func ImportJSONLAdding(p annotate.Project, name string, batchDocs, batchBytes int, prepare func(*annotate.Document), progress func(int), rep *ImportReport) (ids []uint64, lines []int, err error) {
	return importJSONL(p, name, batchDocs, batchBytes, prepare, progress, true, rep)
}

// jsonlBatch is what the reader of importJSONL hands on: documents with
// their lines, the label uses first seen in them, and, in the last batch,
// the read's error.
type jsonlBatch struct {
	docs  []*annotate.Document
	lines []int
	uses  []LabelUse
	err   error
}

func importJSONL(p annotate.Project, name string, batchDocs, batchBytes int, prepare func(*annotate.Document), progress func(int), add bool, rep *ImportReport) (ids []uint64, lines []int, err error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, &LineError{File: name, Err: err}
	}
	defer f.Close()
	var old *annotate.Schema // the schema before labels were added
	defer func() {
		if err != nil {
			err = RestoreSchema(p, old, rep, err)
		}
	}()
	im, err := p.BeginImport()
	if err != nil {
		return nil, nil, err
	}
	// One batch waits in the channel while the next is parsed and the
	// one before is added: three at most in memory.
	batches := make(chan jsonlBatch, 1)
	stop := make(chan struct{})
	go readJSONLBatches(name, f, batchDocs, batchBytes, prepare, batches, stop)
	var unknown []LabelUse // labels the schema lacks, once one is found
	for b := range batches {
		if err = b.err; err != nil {
			break
		}
		if len(b.uses) > 0 {
			o, rerr := ResolveLabels(p, b.uses, add, rep)
			var ue *UnknownLabelsError
			switch {
			case errors.As(rerr, &ue):
				// Read on, storing nothing more, to list them all.
				unknown = append(unknown, ue.Uses...)
			case rerr != nil:
				err = rerr
			case old == nil:
				old = o
			}
			if err != nil {
				break
			}
		}
		if unknown != nil || len(b.docs) == 0 {
			continue
		}
		var got []uint64
		got, err = im.Add(b.docs)
		var ie *annotate.ImportError
		if errors.As(err, &ie) {
			err = &LineError{File: name, Line: b.lines[ie.Index], Err: ie.Err}
		}
		if err != nil {
			break
		}
		ids, lines = append(ids, got...), append(lines, b.lines...)
		if progress != nil {
			progress(len(ids))
		}
	}
	close(stop)
	for range batches {
		// Let the reader end.
	}
	if err = finishImport(im, unknown, err); err != nil {
		return nil, nil, err
	}
	return ids, lines, nil
}

// readJSONLBatches reads the Alama JSONL file name from f into batches,
// sent on out, which it closes at the end; it gives up when stop closes.
func readJSONLBatches(name string, f *os.File, batchDocs, batchBytes int, prepare func(*annotate.Document), out chan<- jsonlBatch, stop <-chan struct{}) {
	defer close(out)
	var b jsonlBatch
	var uses LabelUses
	seen := map[labelKey]bool{}
	note := func(line int, name string, rel bool) {
		if k := (labelKey{name, rel}); !seen[k] {
			seen[k] = true
			uses.note("", line, name, rel)
		}
	}
	size := 0
	send := func() bool {
		for i := range b.uses {
			b.uses[i].File = name
		}
		select {
		case out <- b:
			b, size = jsonlBatch{}, 0
			return true
		case <-stop:
			return false
		}
	}
	errStopped := errors.New("stopped")
	err := ReadJSONL(name, f, func(line int, d *annotate.Document) error {
		for _, s := range d.Spans {
			note(line, s.Label, false)
		}
		for _, r := range d.Relations {
			note(line, r.Type, true)
		}
		if prepare != nil {
			prepare(d)
		}
		b.docs, b.lines, size = append(b.docs, d), append(b.lines, line), size+len(d.Text)
		if len(b.docs) >= batchDocs || size >= batchBytes {
			b.uses = uses.Take()
			if !send() {
				return errStopped
			}
		}
		return nil
	})
	if err == errStopped {
		return
	}
	b.uses, b.err = uses.Take(), err
	send()
}
