package app

import (
	"fmt"
	"io"
	"os"

	"alama/annotate"
	"alama/annotate/format"
)

// Export writes the documents of p in the named format (see
// format.ExportFormats) to out, a file or a folder as format.Export says,
// and returns what it wrote and what the format could not hold. progress,
// if not nil, is told how many documents have been read so far.
// out is checked first with OutputPath (the project file, its backups, a
// named pipe or a device are refused; a symbolic link is written through).
// Documents whose records cannot be read are left out and the rest
// written; the error is then an *Unreadable listing them.
func Export(p annotate.Project, name, out string, opts format.Options, progress func(docs int)) (format.Report, error) {
	schema, err := p.Schema()
	if err != nil {
		return format.Report{Format: name}, err
	}
	target, err := checkExportOutputs(name, out, projectPath(p), opts)
	if err != nil {
		return format.Report{Format: name}, fmt.Errorf("export %s: %w", name, err)
	}
	var u Unreadable
	rep, err := format.Export(name, Documents(p, progress, &u), schema, target, opts)
	if err != nil {
		return rep, err
	}
	return rep, u.Err()
}

// Documents yields the documents of p in id order, one at a time, and
// tells progress, if not nil, how many were read. Those whose records
// cannot be read are left out and added to u.
func Documents(p annotate.Project, progress func(int), u *Unreadable) func(yield func(*annotate.Document, error) bool) {
	return func(yield func(*annotate.Document, error) bool) {
		n := 0
		for d, err := range Readable(p.All(), u) {
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

// WriteFile writes the file out with write, for the project file project
// (empty if none): out is checked with OutputPath, and written to a
// temporary file beside the file it names, renamed into place only when
// everything succeeded, so a failure leaves no partial file. The file gets
// mode 0644, readable like any other file the user saves. Errors name
// out, never the temporary file.
func WriteFile(out, project string, write func(w io.Writer) error) error {
	target, err := OutputPath(out, project, false)
	if err != nil {
		return err
	}
	var tmp *os.File
	err = format.TempName(target, func(name string) (err error) {
		tmp, err = os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		return err
	})
	if err != nil {
		return err
	}
	name := tmp.Name()
	defer os.Remove(name) // a no-op once renamed
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
	if err == nil {
		err = os.Rename(name, target)
	}
	return format.HideTemp(err, name, out)
}
