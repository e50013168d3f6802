package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"alama/annotate"
	"alama/annotate/format"
)

func init() {
	commands = append(commands, command{
		name:     "export",
		synopsis: "export [-project FILE] [-format jsonl] [-o OUT]: write every document (-o - is standard output)",
		run:      runExport,
	})
}

// exportFormats lists the -format values newExporter knows.
var exportFormats = []string{"jsonl"}

// newExporter returns the function that writes one document in the named
// format to w. Every export format is reached through this switch.
func newExporter(name string, w io.Writer) (func(*annotate.Document) error, error) {
	switch name {
	case "jsonl":
		return format.NewJSONLWriter(w).Write, nil
	}
	return nil, fmt.Errorf("unknown format %q (known: %v)", name, exportFormats)
}

func runExport(e *env, args []string) error {
	f := e.flags("export", "export [-project FILE] [-format jsonl] [-o OUT]")
	formatName := f.String("format", "jsonl", fmt.Sprintf("output `FORMAT`, one of %v", exportFormats))
	out := f.String("o", "-", "output `FILE`; - is standard output")
	if err := f.parse(args); err != nil {
		return err
	}
	if f.NArg() > 0 {
		f.Usage()
		return errUsage
	}
	p, err := e.open(f, false, false)
	if err != nil {
		return err
	}
	defer p.Close()
	docs, err := p.Documents()
	if err != nil {
		return err
	}

	var w io.Writer = e.stdout
	var tmp *os.File
	if *out != "-" {
		// Write beside the target and rename at the end, so a failed
		// export leaves no half-written file behind.
		tmp, err = os.CreateTemp(filepath.Dir(*out), "."+filepath.Base(*out)+".*")
		if err != nil {
			return err
		}
		defer os.Remove(tmp.Name())
		defer tmp.Close()
		w = tmp
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	write, err := newExporter(*formatName, bw)
	if err != nil {
		return err
	}
	prog := e.progress("exported", "documents", len(docs))
	n := 0
	for d, err := range p.All() {
		if err != nil {
			return err
		}
		if err := write(d); err != nil {
			return err
		}
		n++
		prog.update(n)
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if tmp == nil {
		return nil
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "exported %s to %s\n", counted(n, "document"), *out)
	return nil
}
