package app

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"alama/annotate"
	"alama/annotate/bundle"
	"alama/annotate/format"
)

// SentBundle is what WriteBundle wrote: the manifest and the spans and
// relations of the layer.
type SentBundle struct {
	bundle.Manifest
	Spans, Relations int
}

// WriteBundle writes a bundle of annotator's layer of every document of p
// to the file out (see package bundle), dated now, with WriteFile: out is
// checked with OutputPath, and a failure leaves no half bundle. Documents
// whose records cannot be read are left out and the rest written; the
// error is then an *Unreadable listing them.
func WriteBundle(p annotate.Project, annotator, out string, now time.Time) (SentBundle, error) {
	var sent SentBundle
	schema, err := p.Schema()
	if err != nil {
		return sent, err
	}
	var u Unreadable
	docs := func(yield func(*annotate.Document, error) bool) {
		for d, err := range Readable(p.All(), &u) {
			if err == nil {
				l := bundle.Layer(d, annotator)
				sent.Spans += len(l.Spans)
				sent.Relations += len(l.Relations)
			}
			if !yield(d, err) {
				return
			}
		}
	}
	err = WriteFile(out, projectPath(p), func(w io.Writer) error {
		sent.Manifest, err = bundle.Write(w, annotator, now, schema, docs)
		return err
	})
	if err != nil {
		return SentBundle{}, fmt.Errorf("write bundle %s: %w", out, err)
	}
	return sent, u.Err()
}

// ReadBundle reads and checks the bundle file at path within lim.
func ReadBundle(path string, lim bundle.Limits) (*bundle.Bundle, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	return bundle.Read(path, f, info.Size(), lim)
}

// ImportBundle makes the layer that bundle b, read from the file name,
// carries the layer of annotator as (the bundle's own annotator when as is
// empty), with ReplaceLayer: in one transaction, never touching another
// layer. A bundle whose documents use span labels or relation types the
// project schema lacks is refused with an error naming them (wrapping
// annotate.ErrUnknownLabel) before anything is written. A document the
// project rejects is a *format.LineError naming its line in the bundle.
func ImportBundle(p annotate.Project, name string, b *bundle.Bundle, as string) (annotate.LayerResult, error) {
	res, err := importBundle(p, b, as)
	var ie *annotate.ImportError
	if errors.As(err, &ie) {
		return res, &format.LineError{File: name + ":" + bundle.DocumentsName, Line: b.Lines[ie.Index], Err: ie.Err}
	}
	if err != nil {
		return res, fmt.Errorf("%s: %w", name, err)
	}
	return res, nil
}

func importBundle(p annotate.Project, b *bundle.Bundle, as string) (annotate.LayerResult, error) {
	s, err := p.Schema()
	if err != nil {
		return annotate.LayerResult{}, err
	}
	if labels, types := b.Missing(s); len(labels)+len(types) > 0 {
		var what []string
		if len(labels) > 0 {
			what = append(what, "labels "+strings.Join(labels, ", "))
		}
		if len(types) > 0 {
			what = append(what, "relation types "+strings.Join(types, ", "))
		}
		return annotate.LayerResult{}, fmt.Errorf("the bundle uses %s, which the project schema lacks; add them to the schema and import again: %w",
			strings.Join(what, " and "), annotate.ErrUnknownLabel)
	}
	layer := b.Manifest.Annotator
	if as != "" {
		layer = as
	}
	docs := make([]*annotate.Document, len(b.Docs))
	for i, d := range b.Docs {
		c := d.Clone()
		for j := range c.Spans {
			c.Spans[j].Annotator = layer
		}
		for j := range c.Relations {
			c.Relations[j].Annotator = layer
		}
		docs[i] = c
	}
	return p.ReplaceLayer(layer, docs)
}
