package app

import (
	"errors"
	"fmt"
	"iter"

	"alama/annotate"
)

// Unreadable lists the documents an export, bundle or survey left out
// because their stored records could not be read (each an
// *annotate.UnreadableError naming the document); it finished the rest.
// As an error it says how many and which.
type Unreadable struct {
	Errs []error
}

func (u *Unreadable) Error() string {
	if len(u.Errs) == 1 {
		return fmt.Sprintf("1 document could not be read and was left out: %v", u.Errs[0])
	}
	return fmt.Sprintf("%d documents could not be read and were left out, the first: %v", len(u.Errs), u.Errs[0])
}

// Unwrap returns the errors of the documents left out.
func (u *Unreadable) Unwrap() []error { return u.Errs }

// Err returns u as an error if it lists a document, else nil.
func (u *Unreadable) Err() error {
	if u == nil || len(u.Errs) == 0 {
		return nil
	}
	return u
}

// Readable yields what all yields, leaving out the documents whose records
// cannot be read (an *annotate.UnreadableError), which it adds to u; any
// other error is yielded as it is, for the caller to stop.
func Readable(all iter.Seq2[*annotate.Document, error], u *Unreadable) iter.Seq2[*annotate.Document, error] {
	return func(yield func(*annotate.Document, error) bool) {
		for d, err := range all {
			var ue *annotate.UnreadableError
			if errors.As(err, &ue) {
				u.Errs = append(u.Errs, err)
				continue
			}
			if !yield(d, err) {
				return
			}
		}
	}
}

// List lists p's documents as p.Documents does, gathering in u the
// documents whose records cannot be read instead of failing the list; err
// is any other error, and then the list is nil.
func List(p annotate.Project, u *Unreadable) ([]annotate.DocInfo, error) {
	docs, err := p.Documents()
	if err == nil {
		return docs, nil
	}
	bad, ok := unreadables(err)
	if !ok {
		return nil, err
	}
	u.Errs = append(u.Errs, bad...)
	return docs, nil
}

// unreadables returns the *annotate.UnreadableError of err, with ok false
// unless every error err joins is one.
func unreadables(err error) (bad []error, ok bool) {
	switch e := err.(type) {
	case *annotate.UnreadableError:
		return []error{e}, true
	case interface{ Unwrap() []error }:
		for _, sub := range e.Unwrap() {
			b, ok := unreadables(sub)
			if !ok {
				return nil, false
			}
			bad = append(bad, b...)
		}
		return bad, len(bad) > 0
	case interface{ Unwrap() error }:
		return unreadables(e.Unwrap())
	}
	return nil, false
}
