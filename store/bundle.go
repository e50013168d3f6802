package store

import (
	"fmt"
	"io"
	"strings"

	"alama/annotate"
	"alama/annotate/bundle"
)

// WriteBundle writes a bundle of annotator's layer of every document to
// w (see package bundle), dated by the project's clock.
func (p *Project) WriteBundle(w io.Writer, annotator string) (bundle.Manifest, error) {
	s, err := p.Schema()
	if err != nil {
		return bundle.Manifest{}, err
	}
	return bundle.Write(w, annotator, p.now(), s, p.All())
}

// ImportBundle makes the layer that bundle b carries the layer of
// annotator as (the bundle's own annotator when as is empty), with
// ReplaceLayer: in one transaction, never touching another layer. A
// bundle whose documents use span labels or relation types the project
// schema lacks is refused with an error naming them (wrapping
// annotate.ErrUnknownLabel) before anything is written. An *annotate.ImportError
// names the document (b.Lines has its line).
func (p *Project) ImportBundle(b *bundle.Bundle, as string) (annotate.LayerResult, error) {
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
