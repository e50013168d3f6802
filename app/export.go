package app

import (
	"io"
	"os"
	"path/filepath"

	"alama/annotate"
	"alama/annotate/format"
)

// Export writes the documents of p in the named format (see
// format.ExportFormats) to out, a file or a folder as format.Export says,
// and returns what it wrote and what the format could not hold. progress,
// if not nil, is told how many documents have been read so far.
func Export(p annotate.Project, name, out string, opts format.Options, progress func(docs int)) (format.Report, error) {
	schema, err := p.Schema()
	if err != nil {
		return format.Report{Format: name}, err
	}
	return format.Export(name, Documents(p, progress), schema, out, opts)
}

// Documents yields the documents of p in id order, one at a time, and
// tells progress, if not nil, how many were read.
func Documents(p annotate.Project, progress func(int)) func(yield func(*annotate.Document, error) bool) {
	return func(yield func(*annotate.Document, error) bool) {
		n := 0
		for d, err := range p.All() {
			if !yield(d, err) {
				return
			}
			n++
			if progress != nil {
				progress(n)
			}
		}
	}
}

// writeFile writes the file out with write: to a temporary file beside
// it, renamed into place only when everything succeeded, so a failure
// leaves no partial file. The file gets mode 0644, readable like any
// other file the user saves.
func writeFile(out string, write func(w io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	err = write(tmp)
	if err == nil {
		err = tmp.Chmod(0o644)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), out)
}
