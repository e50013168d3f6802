package format

import (
	"iter"
	"runtime"
	"sync"

	"alama/annotate"
)

// preparer is an encoder whose costly per-document work (tokenizing and
// tagging) can run ahead on other cores. prepare must be safe to call
// concurrently and must not touch the encoder's output; write takes what
// prepare returned, in document order, and writes it.
type preparer interface {
	encoder
	prepare(d *annotate.Document) (any, error)
	write(d *annotate.Document, prep any, part string, rep *Report) error
}

// jobDocs is how many documents one job of the export pipeline carries:
// enough that handing them between goroutines costs little, few enough
// that memory stays small.
const jobDocs = 16

// exportDocs runs the export loop: it filters the documents, picks each
// one's split part and hands it to that part's encoder. When every encoder
// is a preparer and there are several cores, up to two jobs of jobDocs
// documents per core are prepared ahead while earlier ones are written,
// so memory stays bounded and the output order is the input order.
func exportDocs(docs iter.Seq2[*annotate.Document, error], opts *Options, rep *Report, encs map[string]encoder, k keeps) error {
	workers := runtime.GOMAXPROCS(0)
	pipelined := workers > 1
	for _, e := range encs {
		if _, ok := e.(preparer); !ok {
			pipelined = false
		}
	}
	type item struct {
		d    *annotate.Document
		part string
		enc  preparer
		prep any
		err  error
	}
	type job struct {
		items []item
		done  chan struct{}
	}
	var jobs chan *job
	var pending []*job
	if pipelined {
		jobs = make(chan *job)
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for j := range jobs {
					for i := range j.items {
						it := &j.items[i]
						it.prep, it.err = it.enc.prepare(it.d)
						if it.err != nil {
							break
						}
					}
					close(j.done)
				}
			})
		}
		defer func() {
			close(jobs)
			wg.Wait()
		}()
	}
	writeFirst := func() error {
		j := pending[0]
		pending = pending[1:]
		<-j.done
		for _, it := range j.items {
			if it.err != nil {
				return it.err
			}
			if err := it.enc.write(it.d, it.prep, it.part, rep); err != nil {
				return err
			}
			rep.Documents++
		}
		return nil
	}
	var next *job
	send := func() error {
		jobs <- next
		pending = append(pending, next)
		next = nil
		if len(pending) >= 2*workers {
			return writeFirst()
		}
		return nil
	}
	for d, err := range docs {
		if err != nil {
			return err
		}
		if d = opts.filter(d, rep); d == nil {
			continue
		}
		countKept(d, k, rep)
		part := ""
		if opts.Split != nil {
			part = opts.Split.Part(d.ID)
			rep.Parts[part]++
		}
		if !pipelined {
			if err := encs[part].encode(d, part, rep); err != nil {
				return err
			}
			rep.Documents++
			continue
		}
		if next == nil {
			next = &job{items: make([]item, 0, jobDocs), done: make(chan struct{})}
		}
		next.items = append(next.items, item{d: d, part: part, enc: encs[part].(preparer)})
		if len(next.items) == jobDocs {
			if err := send(); err != nil {
				return err
			}
		}
	}
	if next != nil {
		if err := send(); err != nil {
			return err
		}
	}
	for len(pending) > 0 {
		if err := writeFirst(); err != nil {
			return err
		}
	}
	return nil
}

// add sums the counts of o into r (not its format, files or parts).
func (r *Report) add(o Report) {
	r.Spans += o.Spans
	r.Relations += o.Relations
	r.Widened += o.Widened
	r.Narrowed += o.Narrowed
	r.SpansDropped += o.SpansDropped
	r.OverlapsDropped += o.OverlapsDropped
	r.OverlapsMoved += o.OverlapsMoved
	r.RelationsDropped += o.RelationsDropped
	r.AttrsDropped += o.AttrsDropped
	r.NotesDropped += o.NotesDropped
	r.NotesFlattened += o.NotesFlattened
	r.DocsMerged += o.DocsMerged
	r.TextsChanged += o.TextsChanged
	r.TitlesLost += o.TitlesLost
	r.MetaLost += o.MetaLost
	r.StatusLost += o.StatusLost
	r.DocLabelsLost += o.DocLabelsLost
	r.IDsLost += o.IDsLost
	r.TokensLost += o.TokensLost
	r.AnnotatorsLost += o.AnnotatorsLost
	r.SuggestionsLost += o.SuggestionsLost
	r.TimesLost += o.TimesLost
}
